import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { doveArgs, REPO_ROOT } from '../helpers/cli.js';

/**
 * Dove behind Debian's nginx, configured from the shipped deploy/nginx.conf, on loopback. The
 * reader connects from 127.0.1.2 and nginx (the trusted proxy) from 127.0.0.1, so the address
 * Dove records tells the reader's from the proxy's.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));
const SITE = 'dove.test';
const READER_ADDRESS = '127.0.1.2';
/** Logs keep a reader's network, not their address; the reader's /24 differs from the proxy's (127.0.0.1). */
const READER_NETWORK = '127.0.1.0/24';
const PROXY_ADDRESS = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

if (!NGINX) {
  if (process.env.CI) throw new Error('CI must install nginx (apt-get install -y nginx): the behind-proxy test may not be skipped in CI.');
  console.warn(
    '\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
      '!! SKIPPED: Dove behind nginx (test/http/behind-proxy.test.ts).           !!\n' +
      '!! nginx is not installed: apt-get install -y --no-install-recommends nginx !!\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
  );
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
}

interface Ports {
  http: number;
  https: number;
  dove: number;
}

describe('Dove behind nginx, as a reader gets it', { skip: NGINX ? false : 'nginx is not installed' }, () => {
  let dir: string;
  const children: ChildProcess[] = [];
  const doveLog: string[] = [];
  let ports: Ports;
  let cert: Buffer;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-proxy-'));
    ports = { http: await freePort(), https: await freePort(), dove: await freePort() };
    cert = makeCertificate(dir);
    children.push(startDove(dir, ports.dove, doveLog));
    children.push(startNginx(dir, ports));
    await waitFor(async () => (await request({ port: ports.dove, path: '/' })).status > 0, 'Dove to listen');
    await waitFor(async () => (await request({ port: ports.http, path: '/' })).status > 0, 'nginx to listen');
  });

  after(async () => {
    await Promise.all(children.map(stop));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const viaHttps = (pathname: string, headers: http.OutgoingHttpHeaders = {}) =>
    request({ port: ports.https, path: pathname, headers, tls: { ca: cert, servername: SITE } });

  it('sends a plain-HTTP reader to the https address', async () => {
    const res = await request({ port: ports.http, path: '/en/?from=http' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, `https://${SITE}/en/?from=http`);
  });

  it('sends HSTS over HTTPS, and not when Dove is reached directly over HTTP', async () => {
    const secure = await viaHttps('/admin/sign-in');
    assert.equal(secure.status, 200);
    assert.match(String(secure.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(secure.headers['permissions-policy']), /camera=\(\)/);
    const direct = await request({ port: ports.dove, path: '/admin/sign-in', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(direct.status, 200);
    assert.equal(direct.headers['strict-transport-security'], undefined);
  });

  it('marks a cookie set over HTTPS Secure', async () => {
    const res = await viaHttps('/admin/sign-in');
    const cookies = res.headers['set-cookie'] ?? [];
    assert.ok(cookies.length > 0, 'the sign-in page sets its CSRF cookie');
    for (const cookie of cookies) assert.match(cookie, /; Secure/i, cookie);
  });

  it("records the reader's address, not the proxy's nor one the reader made up", async () => {
    await viaHttps('/admin/sign-in/probe-through-proxy', { 'x-forwarded-for': '6.6.6.6' });
    assert.equal(await addressDoveLogged(doveLog, 'through-proxy'), READER_NETWORK);
  });

  it('believes no X-Forwarded-For from a client that is not the proxy', async () => {
    await request({ port: ports.dove, path: '/admin/sign-in/probe-direct', headers: { 'x-forwarded-for': '6.6.6.6' } });
    assert.equal(await addressDoveLogged(doveLog, 'direct'), READER_NETWORK);
  });
});

/** A self-signed certificate for SITE; returns it so the client can trust exactly this one. */
function makeCertificate(dir: string): Buffer {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${SITE}`, '-addext', `subjectAltName=DNS:${SITE}`,
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return fs.readFileSync(path.join(dir, 'cert.pem'));
}

/**
 * deploy/nginx.conf with this machine's ports and paths put in. Every replacement must find its
 * text: if the shipped file changes shape, this fails instead of quietly testing something else.
 */
function nginxConfigFromDeployFile(dir: string, ports: Ports): string {
  let site = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nginx.conf'), 'utf8');
  const replace = (from: string, to: string) => {
    assert.ok(site.includes(from), `deploy/nginx.conf no longer contains "${from}"`);
    site = site.replaceAll(from, to);
  };
  replace('listen 80;', `listen ${PROXY_ADDRESS}:${ports.http};`);
  replace('listen [::]:80;', '');
  replace('listen 443 ssl;', `listen ${PROXY_ADDRESS}:${ports.https} ssl;`);
  replace('listen [::]:443 ssl;', '');
  replace('/etc/letsencrypt/live/dove.example.org/fullchain.pem', path.join(dir, 'cert.pem'));
  replace('/etc/letsencrypt/live/dove.example.org/privkey.pem', path.join(dir, 'key.pem'));
  replace('root /var/www/html;', `root ${dir};`);
  replace('http://127.0.0.1:3000', `http://${PROXY_ADDRESS}:${ports.dove}`);
  replace('dove.example.org', SITE);
  const temp = (name: string) => path.join(dir, name);
  // One process in the foreground, with every file it writes inside the test's directory.
  return [
    'daemon off;',
    'master_process off;',
    `pid ${temp('nginx.pid')};`,
    `error_log ${temp('error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${temp('client_body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    site,
    '}',
  ].join('\n');
}

function startNginx(dir: string, ports: Ports): ChildProcess {
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, nginxConfigFromDeployFile(dir, ports));
  const nginx = spawn(NGINX!, ['-p', dir, '-c', file, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
  nginx.once('exit', (code) => {
    if (code) console.error(fs.readFileSync(path.join(dir, 'error.log'), 'utf8'));
  });
  return nginx;
}

function startDove(dir: string, port: number, log: string[]): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: path.join(dir, 'data'),
    HOST: PROXY_ADDRESS,
    PORT: String(port),
    PUBLIC_URL: `https://${SITE}`,
    TRUST_PROXY: PROXY_ADDRESS,
    SEED_ON_FIRST_START: 'false',
    MAIL_WORKER: 'off',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  const dove = spawn(process.execPath, doveArgs('serve'), { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let pending = '';
  dove.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    log.push(...lines);
  });
  return dove;
}

/** The client network in Dove's request log line for the path carrying this probe (logs keep paths, not queries). */
async function addressDoveLogged(log: string[], probe: string): Promise<string> {
  let address: string | undefined;
  await waitFor(async () => {
    for (const line of log) {
      if (!line.includes(`probe-${probe}`)) continue;
      const entry = JSON.parse(line) as { req?: { remoteAddress?: string } };
      address = entry.req?.remoteAddress;
      if (address) return true;
    }
    return false;
  }, `Dove's log line for probe-${probe}`);
  return address!;
}

/** One request from the reader's address; status 0 when nothing answered. */
function request(options: { port: number; path: string; headers?: http.OutgoingHttpHeaders; tls?: https.RequestOptions }): Promise<Reply> {
  const common = {
    host: PROXY_ADDRESS,
    port: options.port,
    path: options.path,
    localAddress: READER_ADDRESS,
    headers: { host: SITE, ...options.headers },
    timeout: REQUEST_TIMEOUT_MS,
    agent: false as const,
  };
  return new Promise((resolve) => {
    const done = (res: http.IncomingMessage) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    };
    const req = options.tls ? https.get({ ...common, ...options.tls }, done) : http.get(common, done);
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve({ status: 0, headers: {} }));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, PROXY_ADDRESS, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not gone within STOP_TIMEOUT_MS. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

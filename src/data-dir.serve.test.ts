import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { doveArgs, REPO_ROOT } from '../test/helpers/cli.js';
import { freePort } from '../test/helpers/dove-process.js';

/*
 * The whole path as an operator runs it: `dove user create`, `dove serve`, a sign-in and an
 * upload through HTTP. Whatever the test runner's umask, every file Dove wrote must be 0600.
 */

const PASSWORD = 'a long and unusual passphrase';
const EMAIL = 'modes@example.org';

function walk(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((name) => {
    const entry = path.join(dir, name);
    return fs.lstatSync(entry).isDirectory() ? [entry, ...walk(entry)] : [entry];
  });
}

class Browser {
  private jar = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie } });
    for (const set of res.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const at = pair.indexOf('=');
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  async csrf(url: string): Promise<string> {
    const html = await (await this.request(url)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    assert.ok(match, `a form on ${url}`);
    return match[1]!;
  }
}

describe('files written by a running server', () => {
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-modes-'));
    dataDir = path.join(root, 'data');
    // A permissive umask in the parent: the CLI must not inherit it.
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: path.join(dataDir, 'dove.sqlite'), LOG_LEVEL: 'silent', SEED_ON_FIRST_START: 'false', MAIL_WORKER: 'off' };
  });
  after(() => {
    server?.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('are 0600, in folders that are 0700, after a sign-in and an upload', async () => {
    const previousUmask = process.umask(0o022);
    try {
      const create = spawn(process.execPath, doveArgs('user', 'create', '--role', 'editor', '--email', EMAIL, '--name', 'Modes'), { cwd: REPO_ROOT, env });
      create.stdin.end(`${PASSWORD}\n${PASSWORD}\n`);
      assert.equal(await new Promise((resolve) => create.on('close', resolve)), 0);

      const port = await freePort();
      server = spawn(process.execPath, doveArgs('serve'), { cwd: REPO_ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
      const browser = new Browser(`http://127.0.0.1:${port}`);
      await waitUntilUp(browser);

      const signIn = new URLSearchParams({ _csrf: await browser.csrf('/admin/sign-in'), email: EMAIL, password: PASSWORD });
      const signedIn = await browser.request('/admin/sign-in', { method: 'POST', body: signIn, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(signedIn.status, 303);

      const form = new FormData();
      form.append('_csrf', await browser.csrf('/admin/media'));
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#114477' } }).png().toBuffer();
      form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'modes.png');
      const uploaded = await browser.request('/admin/media', { method: 'POST', body: form });
      assert.match(await uploaded.text(), /1 file uploaded/);
    } finally {
      process.umask(previousUmask);
      server?.kill('SIGTERM');
    }

    const entries = [dataDir, ...walk(dataDir)];
    assert.ok(entries.some((e) => e.includes(`${path.sep}files${path.sep}`)), 'the upload is on disk');
    assert.ok(entries.some((e) => e.endsWith('session-secret')));
    for (const entry of entries) {
      const mode = fs.lstatSync(entry).mode & 0o777;
      assert.equal(mode, fs.lstatSync(entry).isDirectory() ? 0o700 : 0o600, `${path.relative(dataDir, entry) || 'DATA_DIR'} is ${mode.toString(8)}`);
    }
  });
});

async function waitUntilUp(browser: Browser): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await browser.request('/admin/sign-in')).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the server did not start');
}

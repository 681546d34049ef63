import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createPage } from '../factories/pages.js';
import { signInAs } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/*
 * The page cache as a listening server answers it: a hit is written before Fastify routes the
 * request (no request object, no hook), with the same bytes and headers the routed response had.
 * `inject` never reaches the server, so these tests listen on a port.
 */

const PAGE = '/en/about/who-we-are';

/** The headers helmet and the transport plugin put on every routed response. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'permissions-policy',
];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Header names in the order they were sent. */
  names: string[];
  body: Buffer;
}

function request(base: string, path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
        resolve({ status: res.statusCode!, headers: res.headers, names, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that differ between any two responses whatever served them, and the cache's marker. */
const VARYING = new Set(['date', 'x-page-cache', 'connection', 'keep-alive']);

function comparable(answer: Answer): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !VARYING.has(name)));
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

for (const engine of testEngines()) {
  describe(`page-cache hits answered before routing, on a listening server (${engine})`, () => {
    let t: TestContext;
    let base: string;
    /** Requests that reached Fastify's routing and finished there. */
    let routed = 0;
    before(async () => {
      t = await createTestApp(engine, {
        extraRoutes: (app) => {
          app.addHook('onResponse', async () => {
            routed += 1;
          });
        },
      });
      await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
      base = await listen(t.app);
    });
    after(() => t.close());

    /** A routed response (the cache just emptied), then the same request answered before routing. */
    async function routedThenHit(path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
      t.app.contentChanged();
      const first = await request(base, path, options);
      const routedBefore = routed;
      const hit = await request(base, path, options);
      assert.equal(first.headers['x-page-cache'], 'miss');
      assert.equal(hit.headers['x-page-cache'], 'hit');
      assert.equal(routed, routedBefore, 'the hit never reached Fastify');
      return { first, hit };
    }

    for (const encoding of ['br', 'gzip', 'identity']) {
      it(`sends a hit with the routed response's headers, security headers included, and bytes (${encoding})`, async () => {
        const { first, hit } = await routedThenHit(PAGE, { headers: { 'accept-encoding': encoding } });
        assert.equal(hit.status, 200);
        for (const name of SECURITY_HEADERS) {
          assert.ok(first.headers[name], `the routed response has ${name}`);
          assert.equal(hit.headers[name], first.headers[name], name);
        }
        assert.deepEqual(comparable(hit), comparable(first));
        assert.deepEqual(
          hit.names.filter((n) => !VARYING.has(n)),
          first.names.filter((n) => !VARYING.has(n)),
          'in the same order',
        );
        assert.deepEqual(hit.body, first.body);
        assert.equal(hit.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
        assert.equal(hit.headers['content-length'], String(hit.body.length));
      });
    }

    it('answers 304 to a matching ETag before routing, as the routed response does', async () => {
      t.app.contentChanged();
      const etag = String((await request(base, PAGE)).headers.etag);
      const { first, hit } = await routedThenHit(PAGE, { headers: { 'if-none-match': etag } });
      assert.equal(first.status, 304);
      assert.equal(hit.status, 304);
      assert.equal(hit.body.length, 0);
      assert.deepEqual(comparable(hit), comparable(first));
      const stale = await request(base, PAGE, { headers: { 'if-none-match': '"another"' } });
      assert.equal(stale.status, 200);
      assert.equal(stale.headers['x-page-cache'], 'hit');
    });

    it('answers HEAD before routing with the headers of GET and no body', async () => {
      const { first, hit } = await routedThenHit(PAGE, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
      assert.equal(hit.body.length, 0);
      assert.deepEqual(comparable(hit), comparable(first));
      const get = await request(base, PAGE, { headers: { 'accept-encoding': 'br' } });
      assert.equal(get.headers['x-page-cache'], 'hit');
      assert.deepEqual(comparable(hit), comparable(get));
    });

    it('keeps tracking parameters out of the key before routing too', async () => {
      await routedThenHit(PAGE);
      const tracked = await request(base, `${PAGE}?utm_source=newsletter`);
      assert.equal(tracked.headers['x-page-cache'], 'hit');
    });

    it('answers a reader with a session the same public page, with no cookie, and never caches a staff page', async () => {
      const editor = await signInAs(t, 'editor');
      const { hit } = await routedThenHit(PAGE);
      const asStaff = await request(base, PAGE, { headers: { cookie: editor.cookie } });
      assert.equal(asStaff.headers['x-page-cache'], 'hit');
      assert.equal(asStaff.headers['set-cookie'], undefined);
      assert.deepEqual(asStaff.body, hit.body);
      for (let i = 0; i < 2; i++) {
        const admin = await request(base, '/admin', { headers: { cookie: editor.cookie } });
        assert.equal(admin.status, 200);
        assert.equal(admin.headers['x-page-cache'], undefined);
      }
      assert.equal(t.app.pageCache.get('/admin'), undefined, 'a route that is not page-cached stores nothing');
      const signedOut = await request(base, '/admin');
      assert.equal(signedOut.status, 303);
    });

    it('leaves a write to Fastify, even at a cached address', async () => {
      await routedThenHit(PAGE);
      const post = await request(base, PAGE, { method: 'POST' });
      assert.notEqual(post.headers['x-page-cache'], 'hit');
    });
  });
}

describe('page-cache hits before routing, behind a trusted proxy, on an https PUBLIC_URL', () => {
  let t: TestContext;
  let base: string;
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: '127.0.0.1', PUBLIC_URL: 'https://dove.test' } });
    await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
    base = await listen(t.app);
  });
  after(() => t.close());

  it('sends HSTS with a hit that came over HTTPS, and redirects one that came over plain HTTP', async () => {
    const https = { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } };
    t.app.contentChanged();
    const first = await request(base, PAGE, https);
    const hit = await request(base, PAGE, https);
    assert.equal(first.headers['x-page-cache'], 'miss');
    assert.equal(hit.headers['x-page-cache'], 'hit');
    assert.equal(hit.headers['strict-transport-security'], 'max-age=31536000');
    assert.deepEqual(comparable(hit), comparable(first));
    const plain = await request(base, PAGE, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(plain.status, 308);
    assert.equal(plain.headers.location, `https://dove.test${PAGE}`);
    const spoofed = await request(base, PAGE, { headers: { 'x-forwarded-proto': 'http, https' } });
    assert.equal(spoofed.headers['strict-transport-security'], 'max-age=31536000', 'the last value counts, as for Fastify');
  });
});

describe('page-cache hits with request logging on', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let routed = 0;
  const lines: string[] = [];
  before(async () => {
    t = await createTestApp('sqlite');
    await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
    app = await buildApp({ config: t.config, db: t.db, log: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }) });
    app.addHook('onResponse', async () => {
      routed += 1;
    });
    base = await listen(app);
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  interface LogLine {
    msg?: string;
    reqId?: string;
    req?: Record<string, unknown>;
    res?: { statusCode?: number };
    responseTime?: unknown;
  }
  const logged = () => lines.map((line) => JSON.parse(line) as LogLine);

  it('answers hits before routing and logs each with the lines and fields of a routed request', async () => {
    lines.length = 0;
    await request(base, `${PAGE}?utm_source=x&page=2`);
    const routedLines = logged();
    lines.length = 0;
    const routedBefore = routed;
    const hit = await request(base, `${PAGE}?utm_source=x&page=2`);
    assert.equal(hit.headers['x-page-cache'], 'hit');
    assert.equal(routed, routedBefore, 'the hit never reached Fastify');
    const hitLines = logged();
    assert.deepEqual(
      hitLines.map((line) => line.msg),
      ['incoming request', 'request completed'],
    );
    const [incoming, completed] = hitLines as [LogLine, LogLine];
    // The redacted request fields (tracking parameter dropped, address truncated) as a routed request logs them.
    assert.deepEqual(incoming.req, routedLines.find((line) => line.msg === 'incoming request')?.req);
    assert.equal(incoming.req?.url, `${PAGE}?page=2`);
    assert.equal(incoming.req?.remoteAddress, '127.0.0.0/24');
    assert.deepEqual(completed.res, { statusCode: 200 });
    assert.equal(typeof completed.responseTime, 'number');
    assert.equal(incoming.reqId, completed.reqId);
    assert.match(String(incoming.reqId), /^hit-\d+$/);
  });
});

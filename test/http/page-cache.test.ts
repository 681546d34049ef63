import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { prepareBody } from '../../src/web/page-cache.js';
import { createPage } from '../factories/pages.js';
import { signInAs } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

const PAGE = '/en/about/who-we-are';
const PROXY = '127.0.0.1';

/** Headers that differ between any two responses, whatever served them. */
function comparable(res: LightMyRequestResponse): Record<string, unknown> {
  const { date: _date, 'x-page-cache': _marker, ...rest } = res.headers;
  return rest;
}

/** A routed response (the cache just emptied), then the same request answered from the cache. */
async function routedThenHit(app: FastifyInstance, request: { method?: 'GET' | 'HEAD'; url: string; headers?: Record<string, string> }) {
  app.contentChanged();
  const routed = await app.inject(request);
  const hit = await app.inject(request);
  assert.equal(routed.headers['x-page-cache'], 'miss');
  assert.equal(hit.headers['x-page-cache'], 'hit');
  return { routed, hit };
}

for (const engine of testEngines()) {
  describe(`page-cache hits answered before routing hooks (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
    });
    after(() => t.close());

    for (const encoding of ['br', 'gzip', 'identity']) {
      it(`answers a hit with the routed response's headers and bytes (${encoding})`, async () => {
        const { routed, hit } = await routedThenHit(t.app, { url: PAGE, headers: { 'accept-encoding': encoding } });
        assert.equal(hit.statusCode, 200);
        assert.deepEqual(comparable(hit), comparable(routed));
        assert.deepEqual(hit.rawPayload, routed.rawPayload);
        assert.match(String(hit.headers['content-security-policy']), /default-src 'self'/);
        assert.match(String(hit.headers['permissions-policy']), /camera=\(\)/);
        assert.equal(hit.headers['cache-control'], 'no-cache');
        assert.equal(hit.headers.vary, 'Accept-Encoding');
        assert.equal(hit.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
      });
    }

    it('answers 304 to a matching ETag from the cache, as a routed response does', async () => {
      t.app.contentChanged();
      const etag = String((await t.app.inject(PAGE)).headers.etag);
      const { routed, hit } = await routedThenHit(t.app, { url: PAGE, headers: { 'if-none-match': etag } });
      assert.equal(routed.statusCode, 304);
      assert.equal(hit.statusCode, 304);
      assert.equal(hit.body, '');
      assert.deepEqual(comparable(hit), comparable(routed));
    });

    it('answers HEAD from the cache with the headers of GET and no body', async () => {
      const { routed, hit } = await routedThenHit(t.app, { method: 'HEAD', url: PAGE, headers: { 'accept-encoding': 'br' } });
      assert.equal(hit.body, '');
      assert.deepEqual(comparable(hit), comparable(routed));
      const get = await t.app.inject({ url: PAGE, headers: { 'accept-encoding': 'br' } });
      assert.equal(get.headers['x-page-cache'], 'hit');
      assert.deepEqual(comparable(hit), comparable(get));
    });

    it('never answers a route that is not cacheable from the cache, even for a stored address', async () => {
      const editor = await signInAs(t, 'editor');
      const own = await t.app.inject({ url: '/admin', headers: { cookie: editor.cookie } });
      assert.equal(own.statusCode, 200);
      t.app.pageCache.set('/admin', prepareBody('<p>someone else’s page</p>', 'text/html; charset=utf-8'), {});
      const again = await t.app.inject({ url: '/admin', headers: { cookie: editor.cookie } });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['x-page-cache'], undefined);
      assert.doesNotMatch(again.body, /someone else/);
      const signedOut = await t.app.inject('/admin');
      assert.equal(signedOut.statusCode, 303, 'a visitor without a session is still sent to sign in');
      t.app.contentChanged();
    });

    it('stores no cookie with a page and answers a signed-in reader the same cached page', async () => {
      const editor = await signInAs(t, 'editor');
      const { hit } = await routedThenHit(t.app, { url: PAGE });
      const asStaff = await t.app.inject({ url: PAGE, headers: { cookie: editor.cookie } });
      assert.equal(asStaff.headers['x-page-cache'], 'hit');
      assert.equal(asStaff.headers['set-cookie'], undefined);
      assert.deepEqual(asStaff.rawPayload, hit.rawPayload);
    });

    it('forgets cached pages when content changes', async () => {
      await routedThenHit(t.app, { url: PAGE });
      t.app.contentChanged();
      assert.equal((await t.app.inject(PAGE)).headers['x-page-cache'], 'miss');
    });
  });
}

describe('page-cache hits behind a trusted proxy, on an https PUBLIC_URL', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: PROXY, PUBLIC_URL: 'https://dove.test' } });
    await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
  });
  after(() => t.close());

  it('sends HSTS with a hit that came over HTTPS, and redirects one that came over plain HTTP', async () => {
    const https = { url: PAGE, remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } };
    const { routed, hit } = await routedThenHit(t.app, https);
    assert.equal(hit.headers['strict-transport-security'], 'max-age=31536000');
    assert.deepEqual(comparable(hit), comparable(routed));
    const plain = await t.app.inject({ url: PAGE, remoteAddress: PROXY, headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(plain.statusCode, 308);
    assert.equal(plain.headers.location, `https://dove.test${PAGE}`);
  });
});

describe('page-cache hits in the request log', () => {
  let t: TestContext;
  let app: FastifyInstance;
  const lines: string[] = [];
  before(async () => {
    t = await createTestApp('sqlite');
    await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' } } });
    app = await buildApp({ config: t.config, db: t.db, log: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }) });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  it('logs a hit as it logs a routed request', async () => {
    await app.inject(PAGE);
    lines.length = 0;
    const hit = await app.inject({ url: PAGE, remoteAddress: '203.0.113.77' });
    assert.equal(hit.headers['x-page-cache'], 'hit');
    const entries = lines.map((line) => JSON.parse(line) as { msg?: string; req?: { url: string; remoteAddress: string }; res?: { statusCode: number } });
    assert.deepEqual(
      entries.map((e) => e.msg),
      ['incoming request', 'request completed'],
    );
    assert.equal(entries[0]!.req!.url, PAGE);
    assert.equal(entries[0]!.req!.remoteAddress, '203.0.113.0/24');
    assert.equal(entries[1]!.res!.statusCode, 200);
  });
});

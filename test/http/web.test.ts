import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { saveSiteLogoFileId } from '../../src/features/site-settings/site-settings.repository.js';
import { createImage, testStorage } from '../factories/media.js';
import { createPage } from '../factories/pages.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`web frame, caching and assets (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPage(t.db, { slug: 'about/who-we-are', translations: { en: { title: 'Who We Are' }, km: { title: 'យើងជានរណា' } } });
    });
    after(() => t.close());

    it('sends visitors from / to the language they prefer', async () => {
      const km = await t.app.inject({ url: '/', headers: { 'accept-language': 'km-KH,km;q=0.9,en;q=0.5' } });
      assert.equal(km.statusCode, 302);
      assert.equal(km.headers.location, '/km/');
      const other = await t.app.inject({ url: '/', headers: { 'accept-language': 'fr' } });
      assert.equal(other.headers.location, '/en/');
    });

    it('links the same page in the other language, with hreflang alternates and a canonical URL', async () => {
      const res = await t.app.inject('/en/about/who-we-are');
      assert.match(res.body, /<a href="\/km\/about\/who-we-are" hreflang="km" lang="km">ខ្មែរ<\/a>/);
      assert.match(res.body, /<link rel="alternate" hreflang="km" href="http:\/\/dove.test\/km\/about\/who-we-are"/);
      assert.match(res.body, /<link rel="alternate" hreflang="x-default"/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/en\/about\/who-we-are"/);
      assert.match(res.body, /<meta property="og:title" content="Who We Are"/);
      assert.match(res.body, /<meta name="twitter:card"/);
    });

    it('shows the organisation from the settings, not from the code', async () => {
      const res = await t.app.inject('/km/about/who-we-are');
      assert.match(res.body, /មជ្ឈមណ្ឌលសាកល្បងសិទ្ធិមនុស្ស/);
      assert.match(res.body, /ផ្លូវសាកល្បងលេខ ១/);
    });

    it('caches pages, answers 304 to a matching ETag, and forgets them when content changes', async () => {
      t.app.contentChanged();
      const first = await t.app.inject('/en/about/who-we-are');
      assert.equal(first.headers['x-page-cache'], 'miss');
      const second = await t.app.inject('/en/about/who-we-are');
      assert.equal(second.headers['x-page-cache'], 'hit');
      const etag = String(second.headers.etag);
      const revalidated = await t.app.inject({ url: '/en/about/who-we-are', headers: { 'if-none-match': etag } });
      assert.equal(revalidated.statusCode, 304);

      await t.db.updateTable('pageTranslations').set({ title: 'Who We Really Are' }).where('locale', '=', 'en').execute();
      t.app.contentChanged();
      const fresh = await t.app.inject({ url: '/en/about/who-we-are', headers: { 'if-none-match': etag } });
      assert.equal(fresh.statusCode, 200);
      assert.match(fresh.body, /Who We Really Are/);
    });

    it('compresses pages with brotli or gzip as the client accepts', async () => {
      const br = await t.app.inject({ url: '/en/about/who-we-are', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(zlib.brotliDecompressSync(br.rawPayload).toString(), /Who We/);
      const gz = await t.app.inject({ url: '/en/about/who-we-are', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.headers.vary, 'Accept-Encoding');
    });

    it('serves hashed assets for a year, precompressed', async () => {
      const page = await t.app.inject('/en/about/who-we-are');
      const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(page.body)?.[1];
      assert.ok(href, 'stylesheet link with a content hash');
      const css = await t.app.inject({ url: href, headers: { 'accept-encoding': 'br' } });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['content-encoding'], 'br');
      assert.match(String(css.headers['cache-control']), /max-age=31536000, immutable/);
      assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    });

    it('sets security headers that keep every resource on this site', async () => {
      const res = await t.app.inject('/en/about/who-we-are');
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    });

    it("shows the organisation's own logo from the settings instead of the dove", async () => {
      const before = await t.app.inject('/en/about/who-we-are');
      assert.match(before.body, /<svg class="brand__logo"/);
      const fileId = await createImage(t.db, testStorage(t.config), { width: 400 });
      await saveSiteLogoFileId(t.db, fileId);
      t.app.contentChanged();
      const after = await t.app.inject('/en/about/who-we-are');
      assert.match(after.body, /<img class="brand__logo" src="\/media\/[0-9a-f]{64}\.jpg" width="\d+" height="48" alt(="")?\/>/);
      await saveSiteLogoFileId(t.db, null);
      t.app.contentChanged();
    });

    it('has a robots.txt pointing at the sitemap', async () => {
      const res = await t.app.inject('/robots.txt');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Sitemap: http:\/\/dove.test\/sitemap.xml/);
    });
  });
}

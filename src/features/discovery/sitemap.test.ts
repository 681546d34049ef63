import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  childNamed,
  childrenNamed,
  createEvent,
  createNewsPost,
  createProject,
  createVacancy,
  parseXml,
  type XmlNode,
} from '../../../test/factories/discovery.js';
import { createAlbum as createGalleryAlbum } from '../../../test/factories/gallery.js';
import { createPage } from '../../../test/factories/pages.js';
import { createFileRow, createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { todayIn } from '../../i18n/format.js';
import { FIXED_SITEMAP_PATHS } from './sitemap.js';

const BASE = 'http://dove.test';

interface SitemapEntry {
  lastmod: string | undefined;
  /** hreflang → href */
  alternates: Record<string, string>;
}

/** `<loc>` → its entry, so a test can look any URL up. */
function readSitemap(root: XmlNode): Map<string, SitemapEntry> {
  const entries = new Map<string, SitemapEntry>();
  for (const url of childrenNamed(root, 'url')) {
    const alternates = Object.fromEntries(
      childrenNamed(url, 'xhtml:link').map((l) => [l.attributes.hreflang ?? '', l.attributes.href ?? '']),
    );
    entries.set(childNamed(url, 'loc').text, { lastmod: childrenNamed(url, 'lastmod')[0]?.text, alternates });
  }
  return entries;
}

for (const engine of testEngines()) {
  describe(`sitemap.xml (${engine})`, () => {
    let t: TestContext;
    let urls: Map<string, SitemapEntry>;
    let body: string;
    const updatedAt = '2024-08-09T10:11:12.000Z';

    before(async () => {
      t = await createTestApp(engine);
      const today = todayIn(t.config.timeZone);
      await createPage(t.db, { slug: 'about/who-we-are' });
      await createPage(t.db, { slug: 'contact' });
      await createPage(t.db, { slug: 'khmer-page', translations: { km: { title: 'ទំព័រខ្មែរ' } } });
      await createPage(t.db, { slug: 'draft-page', status: 'draft' });
      await createPublication(t.db, { slug: 'land-report' });
      await createPublication(t.db, { slug: 'khmer-only-report', translations: { km: { title: 'របាយការណ៍' } } });
      await createPublication(t.db, { slug: 'draft-report', status: 'draft' });
      await createPublication(t.db, { slug: 'future-report', publishedAt: '2999-01-01' });
      await createNewsPost(t.db, { slug: 'statement', updatedAt });
      await createNewsPost(t.db, { slug: 'english-news', translations: { en: { title: 'English only' } } });
      await createNewsPost(t.db, { slug: 'future-news', publishedAt: '2999-01-01T00:00:00.000Z' });
      await createEvent(t.db, { slug: 'forum' });
      await createEvent(t.db, { slug: 'draft-event', status: 'draft' });
      await createProject(t.db, { slug: 'digital-rights' });
      await createProject(t.db, { slug: 'draft-project', status: 'draft' });
      // Not a slug an editor would choose, but nothing stops one: the URL must still be escaped.
      await createProject(t.db, { slug: 'a&b' });
      const photos = [await createFileRow(t.db, { mime: 'image/jpeg' }), await createFileRow(t.db, { mime: 'image/jpeg' })];
      await createGalleryAlbum(t.db, { slug: 'rally', photoFileIds: photos.map((p) => p.id) });
      await createGalleryAlbum(t.db, { slug: 'draft-album', status: 'draft', photoFileIds: [photos[0]!.id] });
      await createVacancy(t.db, { slug: 'monitor', deadline: today });
      await createVacancy(t.db, { slug: 'expired-job', deadline: '2020-01-31' });
      await createVacancy(t.db, { slug: 'draft-job', status: 'draft', deadline: '2999-01-01' });
      const res = await t.app.inject('/sitemap.xml');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
      body = res.body;
      const root = parseXml(body);
      assert.equal(root.name, 'urlset');
      assert.equal(root.attributes.xmlns, 'http://www.sitemaps.org/schemas/sitemap/0.9');
      assert.equal(root.attributes['xmlns:xhtml'], 'http://www.w3.org/1999/xhtml');
      urls = readSitemap(root);
    });
    after(() => t.close());

    it('lists the home and the fixed routes in every locale with alternates for both and x-default', () => {
      for (const path of FIXED_SITEMAP_PATHS) {
        for (const locale of ['en', 'km']) {
          const loc = path === '/' ? `${BASE}/${locale}/` : `${BASE}/${locale}${path}`;
          const entry = urls.get(loc);
          assert.ok(entry, `missing ${loc}`);
          assert.deepEqual(Object.keys(entry.alternates).sort(), ['en', 'km', 'x-default']);
        }
      }
      assert.deepEqual(urls.get(`${BASE}/km/publications`)?.alternates, {
        en: `${BASE}/en/publications`,
        km: `${BASE}/km/publications`,
        'x-default': `${BASE}/en/publications`,
      });
    });

    it('lists every public item type at its path, in each language it is written in', () => {
      for (const path of ['/about/who-we-are', '/publications/land-report', '/news/statement', '/events/forum',
        '/projects/digital-rights', '/gallery/rally', '/join-us/monitor', '/topics/land-rights']) {
        for (const locale of ['en', 'km']) {
          const entry = urls.get(`${BASE}/${locale}${path}`);
          assert.ok(entry, `missing /${locale}${path}`);
          assert.equal(entry.alternates.en, `${BASE}/en${path}`);
          assert.equal(entry.alternates.km, `${BASE}/km${path}`);
          assert.equal(entry.alternates['x-default'], `${BASE}/en${path}`);
        }
      }
      assert.equal(urls.get(`${BASE}/en/news/statement`)?.lastmod, updatedAt);
      assert.equal(urls.get(`${BASE}/en/topics/land-rights`)?.lastmod, undefined);
    });

    it('lists the page of each photo of a public album, in the album\'s languages', () => {
      for (const locale of ['en', 'km']) {
        for (const n of [1, 2]) assert.ok(urls.has(`${BASE}/${locale}/gallery/rally/${n}`), `missing /${locale}/gallery/rally/${n}`);
        assert.ok(!urls.has(`${BASE}/${locale}/gallery/rally/3`));
      }
      assert.equal(urls.get(`${BASE}/km/gallery/rally/2`)?.alternates.en, `${BASE}/en/gallery/rally/2`);
    });

    it('lists a one-language item only under its own locale, with alternates for that locale alone', () => {
      assert.deepEqual(urls.get(`${BASE}/km/publications/khmer-only-report`)?.alternates, {
        km: `${BASE}/km/publications/khmer-only-report`,
        'x-default': `${BASE}/km/publications/khmer-only-report`,
      });
      assert.ok(!body.includes(`${BASE}/en/publications/khmer-only-report`));
      assert.ok(urls.has(`${BASE}/km/khmer-page`));
      assert.ok(!body.includes(`${BASE}/en/khmer-page`));
      assert.deepEqual(Object.keys(urls.get(`${BASE}/en/news/english-news`)?.alternates ?? {}), ['en', 'x-default']);
      assert.ok(!body.includes(`${BASE}/km/news/english-news`));
    });

    it('leaves out drafts, future items and vacancies past their deadline', () => {
      for (const slug of ['draft-page', 'draft-report', 'future-report', 'future-news', 'draft-event', 'draft-project',
        'draft-album', 'expired-job', 'draft-job']) {
        assert.ok(!body.includes(slug), `lists ${slug}`);
      }
    });

    it('lists a page that is also a fixed route once', () => {
      assert.equal(body.split(`<loc>${BASE}/en/contact</loc>`).length, 2);
    });

    it('escapes XML special characters in URLs', () => {
      assert.ok(body.includes(`<loc>${BASE}/en/projects/a&amp;b</loc>`));
      assert.ok(urls.has(`${BASE}/en/projects/a&b`));
    });

    it('is cached until content changes', async () => {
      t.app.contentChanged();
      assert.equal((await t.app.inject('/sitemap.xml')).headers['x-page-cache'], 'miss');
      assert.equal((await t.app.inject('/sitemap.xml')).headers['x-page-cache'], 'hit');
      await createEvent(t.db, { slug: 'new-event' });
      t.app.contentChanged();
      const fresh = await t.app.inject('/sitemap.xml');
      assert.equal(fresh.headers['x-page-cache'], 'miss');
      assert.ok(fresh.body.includes(`${BASE}/en/events/new-event`));
    });
  });
}

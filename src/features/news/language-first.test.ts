import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent } from '../../../test/factories/events.js';
import { createNewsPost } from '../../../test/factories/news.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** Where each item's link first appears in the page. */
const positions = (html: string, prefix: string, slugs: string[]) => slugs.map((slug) => html.indexOf(`href="${prefix}/${slug}"`));

for (const engine of testEngines()) {
  describe(`news and event lists put the reader's language first (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      // Newest first by date: English only, then Khmer only, then both languages.
      await createNewsPost(t.db, { slug: 'english-news', publishedAt: '2025-03-01T02:00:00.000Z', translations: { en: { title: 'English Statement' } } });
      await createNewsPost(t.db, { slug: 'khmer-news', publishedAt: '2025-02-01T02:00:00.000Z', translations: { km: { title: 'សេចក្តីថ្លែងការណ៍ជាភាសាខ្មែរ' } } });
      await createNewsPost(t.db, {
        slug: 'both-news',
        publishedAt: '2025-01-01T02:00:00.000Z',
        translations: { en: { title: 'Statement in Both' }, km: { title: 'សេចក្តីថ្លែងការណ៍ទាំងពីរភាសា' } },
      });
      await createNewsPost(t.db, { slug: 'english-coverage', kind: 'in_the_news', publishedAt: '2025-03-01T02:00:00.000Z', translations: { en: { title: 'Coverage' } } });
      await createNewsPost(t.db, { slug: 'khmer-coverage', kind: 'in_the_news', publishedAt: '2025-02-01T02:00:00.000Z', translations: { km: { title: 'ការផ្សាយព័ត៌មាន' } } });
      // Past events, the most recent first: English only, then Khmer only, then both.
      await createEvent(t.db, { slug: 'english-event', startsAt: '2025-03-01T02:00:00.000Z', translations: { en: { title: 'English Workshop' } } });
      await createEvent(t.db, { slug: 'khmer-event', startsAt: '2025-02-01T02:00:00.000Z', translations: { km: { title: 'សិក្ខាសាលាជាភាសាខ្មែរ' } } });
      await createEvent(t.db, {
        slug: 'both-event',
        startsAt: '2025-01-01T02:00:00.000Z',
        translations: { en: { title: 'Forum in Both' }, km: { title: 'វេទិកាទាំងពីរភាសា' } },
      });
    });
    after(() => t.close());

    it('lists Khmer news first on /km and English news first on /en, each group newest first', async () => {
      const km = await t.app.inject('/km/news/press-releases');
      const [english, khmer, both] = positions(km.body, '/km/news', ['english-news', 'khmer-news', 'both-news']);
      assert.ok(khmer! > 0 && khmer! < both! && both! < english!, `order: ${[khmer, both, english]}`);
      const en = await t.app.inject('/en/news/press-releases');
      const [english2, khmer2, both2] = positions(en.body, '/en/news', ['english-news', 'khmer-news', 'both-news']);
      assert.ok(english2! > 0 && english2! < both2! && both2! < khmer2!, `order: ${[english2, both2, khmer2]}`);
      const coverage = await t.app.inject('/km/news/in-the-news');
      const [englishCoverage, khmerCoverage] = positions(coverage.body, '/km/news', ['english-coverage', 'khmer-coverage']);
      assert.ok(khmerCoverage! > 0 && khmerCoverage! < englishCoverage!);
    });

    it('offers "Khmer only" and "all languages" news as plain, cacheable links', async () => {
      const all = await t.app.inject('/km/news/press-releases');
      assert.match(all.body, /<p class="language-choice"><a href="\/km\/news\/press-releases\?language=km">បង្ហាញតែព័ត៌មានជាភាសាខ្មែរ<\/a><\/p>/);
      const only = await t.app.inject('/km/news/press-releases?language=km');
      assert.equal(only.statusCode, 200);
      assert.match(only.body, /<a href="\/km\/news\/press-releases">បង្ហាញព័ត៌មានគ្រប់ភាសា<\/a>/);
      assert.match(only.body, /khmer-news"/);
      assert.match(only.body, /both-news"/);
      assert.doesNotMatch(only.body, /english-news"/);
      for (const res of [all, only]) assert.doesNotMatch(String(res.headers['cache-control'] ?? ''), /no-store|private/);
      const kind = await t.app.inject('/en/news/press-releases?kind=press_release');
      assert.match(kind.body, /href="\/en\/news\/press-releases\?kind=press_release&amp;language=en">Show only news in English</);
      const bad = await t.app.inject('/km/news/press-releases?language=fr');
      assert.equal(bad.statusCode, 400);
    });

    it('keeps the "Khmer only" choice when the reader filters by kind', async () => {
      const only = await t.app.inject('/km/news/press-releases?language=km');
      const form = /<form class="filters"[^>]*>[\s\S]*?<\/form>/.exec(only.body)?.[0] ?? '';
      assert.match(form, /<input type="hidden" name="language" value="km"\/>/);
      const all = await t.app.inject('/km/news/press-releases');
      assert.doesNotMatch(/<form class="filters"[^>]*>[\s\S]*?<\/form>/.exec(all.body)?.[0] ?? '', /name="language"/);
    });

    it('lists Khmer events first on /km, and Khmer events only on request', async () => {
      const km = await t.app.inject('/km/events');
      assert.equal(km.statusCode, 200);
      const [english, khmer, both] = positions(km.body, '/km/events', ['english-event', 'khmer-event', 'both-event']);
      assert.ok(khmer! > 0 && khmer! < both! && both! < english!, `order: ${[khmer, both, english]}`);
      assert.match(km.body, /<a href="\/km\/events\?language=km">បង្ហាញតែព្រឹត្តិការណ៍ជាភាសាខ្មែរ<\/a>/);
      const only = await t.app.inject('/km/events?language=km');
      assert.match(only.body, /khmer-event"/);
      assert.doesNotMatch(only.body, /english-event"/);
      assert.match(only.body, /<a href="\/km\/events">បង្ហាញព្រឹត្តិការណ៍គ្រប់ភាសា<\/a>/);
      const en = await t.app.inject('/en/events');
      const [english2, khmer2] = positions(en.body, '/en/events', ['english-event', 'khmer-event']);
      assert.ok(english2! > 0 && english2! < khmer2!);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** Where each publication's link first appears in the page, by slug. */
const positions = (html: string, locale: string, slugs: string[]) => slugs.map((slug) => html.indexOf(`href="/${locale}/publications/${slug}"`));

for (const engine of testEngines()) {
  describe(`publication lists put the reader's language first (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      // Newest first by date: an English-only report, then a Khmer-only one, then one in both.
      await createPublication(t.db, { slug: 'english-only', publishedAt: '2025-03-01T02:00:00.000Z', translations: { en: { title: 'English Only Report' } } });
      await createPublication(t.db, { slug: 'khmer-only', publishedAt: '2025-02-01T02:00:00.000Z', translations: { km: { title: 'របាយការណ៍ជាភាសាខ្មែរ' } } });
      await createPublication(t.db, {
        slug: 'both-languages',
        publishedAt: '2025-01-01T02:00:00.000Z',
        translations: { en: { title: 'Report in Both' }, km: { title: 'របាយការណ៍ទាំងពីរភាសា' } },
      });
    });
    after(() => t.close());

    it('lists items in Khmer first on /km, each group newest first', async () => {
      const res = await t.app.inject('/km/publications');
      const [english, khmer, both] = positions(res.body, 'km', ['english-only', 'khmer-only', 'both-languages']);
      assert.ok(khmer! > 0 && khmer! < both! && both! < english!, `order: ${[khmer, both, english]}`);
    });

    it('lists items in English first on /en', async () => {
      const res = await t.app.inject('/en/publications');
      const [english, khmer, both] = positions(res.body, 'en', ['english-only', 'khmer-only', 'both-languages']);
      assert.ok(english! > 0 && english! < both! && both! < khmer!, `order: ${[english, both, khmer]}`);
    });

    it('offers a plain link to Khmer only, and from there one back to all languages, both cacheable', async () => {
      const all = await t.app.inject('/km/publications');
      assert.match(all.body, /<p class="language-choice"><a href="\/km\/publications\?language=km">បង្ហាញតែឯកសារបោះពុម្ពជាភាសាខ្មែរ<\/a><\/p>/);
      const only = await t.app.inject('/km/publications?language=km');
      assert.equal(only.statusCode, 200);
      assert.match(only.body, /<a href="\/km\/publications">បង្ហាញឯកសារបោះពុម្ពគ្រប់ភាសា<\/a>/);
      assert.match(only.body, /khmer-only"/);
      assert.match(only.body, /both-languages"/);
      assert.doesNotMatch(only.body, /english-only"/);
      for (const res of [all, only]) assert.doesNotMatch(String(res.headers['cache-control'] ?? ''), /no-store|private/);
    });

    it('keeps the other filters in the link', async () => {
      const res = await t.app.inject('/en/publications?year=2025');
      assert.match(res.body, /href="\/en\/publications\?year=2025&amp;language=en">Show only publications in English</);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNewsPost } from '../../../test/factories/news.js';
import { createPublication } from '../../../test/factories/publications.js';
import { createTopic, topicId } from '../../../test/factories/topics.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`topics (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const land = await topicId(t.db, 'land-rights');
      await createTopic(t.db, { slug: 'digital-rights', names: { km: 'សិទ្ធិឌីជីថល' } });
      for (let i = 1; i <= 7; i++) {
        await createPublication(t.db, { slug: `land-pub-${i}`, publishedAt: `2023-03-0${i}`, topicIds: [land], translations: { en: { title: `Land publication ${i}` } } });
      }
      await createPublication(t.db, { slug: 'draft-land-pub', status: 'draft', topicIds: [land] });
      await createNewsPost(t.db, { slug: 'land-news', topicIds: [land], translations: { en: { title: 'Land news' }, km: { title: 'ព័ត៌មានដីធ្លី' } } });
      await createNewsPost(t.db, { slug: 'other-news', translations: { en: { title: 'Unrelated news' } } });
    });
    after(() => t.close());

    it('lists the topics in both languages, marking names shown in another language', async () => {
      const en = await t.app.inject('/en/topics');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<a href="\/en\/topics\/land-rights">Land rights<\/a>/);
      assert.match(en.body, /<h2 class="card__title" lang="km"><a href="\/en\/topics\/digital-rights">សិទ្ធិឌីជីថល<\/a>/);
      const km = await t.app.inject('/km/topics');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<a href="\/km\/topics\/land-rights">សិទ្ធិដីធ្លី<\/a>/);
    });

    it("gathers a topic's latest publications and news, with a link to all its publications", async () => {
      const res = await t.app.inject('/en/topics/land-rights');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Land rights<\/h1>/);
      const publications = [...res.body.matchAll(/<h3 class="card__title"><a href="\/en\/publications\/([a-z0-9-]+)"/g)].map((m) => m[1]);
      assert.deepEqual(publications, ['land-pub-7', 'land-pub-6', 'land-pub-5', 'land-pub-4', 'land-pub-3', 'land-pub-2']);
      assert.match(res.body, /href="\/en\/publications\?topic=land-rights">All publications on this topic<\/a>/);
      assert.match(res.body, /href="\/en\/news\/land-news">Land news<\/a>/);
      assert.doesNotMatch(res.body, /Unrelated news|draft-land-pub/);
      const km = await t.app.inject('/km/topics/land-rights');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<h1>សិទ្ធិដីធ្លី<\/h1>/);
      assert.match(km.body, /ព័ត៌មានដីធ្លី/);
    });

    it('answers 404 for unknown or malformed topics', async () => {
      assert.equal((await t.app.inject('/en/topics/no-such-topic')).statusCode, 404);
      assert.equal((await t.app.inject('/km/topics/Bad%20Slug')).statusCode, 404);
    });
  });
}

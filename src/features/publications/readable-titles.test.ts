import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`imported titles read normally (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPublication(t.db, { slug: 'forced-evictions', translations: { en: { title: 'FORCED EVICTIONS IN CAMBODIA' } } });
      await createPublication(t.db, { slug: 'joint-submission', translations: { en: { title: 'Joint Submission_4th UPR_Labour' } } });
    });
    after(() => t.close());

    it('shows titles in capitals or with underscores in a readable form, in the list and on the page', async () => {
      const list = await t.app.inject('/en/publications');
      assert.match(list.body, />Forced Evictions in Cambodia<\/a>/);
      assert.match(list.body, />Joint Submission 4th UPR Labour<\/a>/);
      const page = await t.app.inject('/en/publications/forced-evictions');
      assert.match(page.body, /<h1[^>]*>Forced Evictions in Cambodia<\/h1>/);
      assert.doesNotMatch(list.body + page.body, /FORCED EVICTIONS|_4th/);
    });

    it('keeps the stored title as it was written', async () => {
      const row = await t.db.selectFrom('publicationTranslations').select('title').where('title', 'like', 'FORCED%').executeTakeFirst();
      assert.equal(row?.title, 'FORCED EVICTIONS IN CAMBODIA');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';
import { createItem } from '../factories/content.js';
import { dayFromToday } from '../factories/vacancies.js';

for (const engine of testEngines()) {
  describe(`createItem, any content type from the registry (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('stores a public item with its translations, served at its public path', async () => {
      const vacancy = await createItem(t.db, 'vacancy', {
        item: { deadline: dayFromToday(10) },
        translations: { en: { title: 'Registry-made vacancy', bodyHtml: '<p>Apply.</p>' } },
      });
      const page = await t.app.inject(`/en/join-us/${vacancy.slug}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Registry-made vacancy/);
      const topic = await createItem(t.db, 'topic', { translations: { en: { name: 'Registry-made topic' } } });
      assert.match((await t.app.inject(`/en/topics/${topic.slug}`)).body, /Registry-made topic/);
    });

    it('keeps a draft out of readers’ sight when asked for one', async () => {
      const draft = await createItem(t.db, 'vacancy', { item: { status: 'draft', deadline: dayFromToday(10) }, translations: { en: { title: 'Hidden', bodyHtml: '' } } });
      assert.equal((await t.app.inject(`/en/join-us/${draft.slug}`)).statusCode, 404);
    });
  });
}

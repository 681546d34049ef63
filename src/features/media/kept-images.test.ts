import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestImage } from '../../../test/factories/projects.js';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { keptImages } from './kept-images.js';

for (const engine of testEngines()) {
  describe(`kept images (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
    });
    after(() => t.close());

    const setAlt = (fileId: number, alt: string) =>
      t.db.updateTable('fileTranslations').set({ alt }).where('itemId', '=', fileId).where('locale', '=', 'en').execute();

    it('keeps an image until content changes, then loads it again', async () => {
      const fileId = await createTestImage(t.db, { en: 'First text', km: 'អត្ថបទទីមួយ' });
      const kept = keptImages(t.app);
      assert.equal((await kept.find([fileId], 'en')).get(fileId)?.alt, 'First text');
      assert.equal((await kept.find([fileId], 'km')).get(fileId)?.alt, 'អត្ថបទទីមួយ');
      await setAlt(fileId, 'Second text');
      assert.equal((await kept.find([fileId], 'en')).get(fileId)?.alt, 'First text', 'kept: no statement until a change');
      t.app.contentChanged();
      assert.equal((await kept.find([fileId], 'en')).get(fileId)?.alt, 'Second text');
    });

    it('loads only the images it does not keep, and leaves out files that have none', async () => {
      const first = await createTestImage(t.db, { en: 'Kept one' });
      const kept = keptImages(t.app);
      await kept.find([first], 'en');
      await setAlt(first, 'Changed behind its back');
      const second = await createTestImage(t.db, { en: 'New one' });
      const images = await kept.find([first, null, second, 999_999, first], 'en');
      assert.deepEqual([...images.keys()].sort(), [first, second].sort());
      assert.equal(images.get(first)?.alt, 'Kept one');
      assert.equal(images.get(second)?.alt, 'New one');
      assert.equal(images.get(second)?.variants.length, 6);
    });

    it('does not keep what it loaded while content changed', async () => {
      const fileId = await createTestImage(t.db, { en: 'Before the change' });
      const kept = keptImages(t.app);
      const loading = kept.find([fileId], 'en');
      t.app.contentChanged();
      await loading;
      await setAlt(fileId, 'After the change');
      assert.equal((await kept.find([fileId], 'en')).get(fileId)?.alt, 'After the change');
    });

    it('gives a publication page the new alt text of its cover after an edit', async () => {
      const cover = await createTestImage(t.db, { en: 'The old cover text' });
      await createPublication(t.db, { slug: 'with-a-cover', coverFileId: cover, translations: { en: { title: 'A Report With a Cover' } } });
      const page = () => t.app.inject({ method: 'GET', url: '/en/publications/with-a-cover' });
      assert.match((await page()).body, /alt="The old cover text"/);
      await setAlt(cover, 'The new cover text');
      t.app.contentChanged();
      assert.match((await page()).body, /alt="The new cover text"/);
    });
  });
}

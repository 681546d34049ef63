import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { createDocument, createImage, testStorage } from '../../../test/factories/media.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { replaceAltTexts } from '../media-library/media-library.repository.js';
import { findContentType, type ContentTypeKey } from './editor.types.js';
import { runSchedulerTick } from './editor.scheduler.js';

/** Publication documents, album photos, and the alt-text rule on restoring and scheduled publishing. */
for (const engine of testEngines()) {
  describe(`content editor: documents and photos (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });
    const get = (agent: StaffAgent, url: string) => t.app.inject({ url, headers: { cookie: agent.cookie } });
    const idFrom = itemIdFrom;
    const restore = (type: ContentTypeKey, id: number, version: number) =>
      post(editor, `${findContentType(type)!.adminPath}/${id}/revisions/${version}/restore`, `_csrf=${encodeURIComponent(editor.csrfToken)}`);
    const documentsOf = (id: number) =>
      t.db.selectFrom('publicationFiles').select(['locale', 'fileId', 'label']).where('publicationId', '=', id).orderBy('locale').execute();
    const revisionsOf = (type: string, id: number) =>
      t.db.withTables<{ revisions: { contentType: string; itemId: number; version: number; snapshot: string } }>()
        .selectFrom('revisions').select(['version', 'snapshot']).where('contentType', '=', type).where('itemId', '=', id).orderBy('version').execute();
    const photosOf = async (id: number) =>
      (await t.db.selectFrom('albumPhotos').select('fileId').where('albumId', '=', id).orderBy('sortOrder').execute()).map((r) => r.fileId);

    it('attaches a PDF per language to a publication, lists it on the public page and restores it', async () => {
      const storage = testStorage(t.config);
      const english = await createDocument(t.db, storage, { originalName: 'rights-report-en.pdf' });
      const khmer = await createDocument(t.db, storage, { originalName: 'rights-report-km.pdf' });
      const image = await createImage(t.db, storage);
      const blank = await get(editor, '/admin/publications/new');
      assert.match(blank.body, /<select id="f-document_en" name="document_en"><option value>\(none\)<\/option>/);
      assert.ok(blank.body.includes(`<option value="${english.id}">rights-report-en.pdf</option>`));
      assert.match(blank.body, /name="document_km_label"/);
      // Within the document's own select only: the cover's select, later in the form, offers the image.
      assert.doesNotMatch(blank.body, new RegExp(`name="document_en">(?:(?!</select>)[^])*<option value="${image}">`));

      const texts = { en: 'Documented publication', km: 'ការបោះពុម្ពមានឯកសារ' };
      const notPdf = await post(editor, '/admin/publications', editorForm('publication', editor.csrfToken, texts, { document_en: String(image), intent: 'publish' }));
      assert.equal(notPdf.statusCode, 422);
      assert.match(notPdf.body, /id="f-document_en-error">Choose one of the options/);
      assert.match(notPdf.body, /value="Documented publication"/);

      const extra = { document_en: String(english.id), document_en_label: 'Full report', document_km: String(khmer.id), document_km_label: 'របាយការណ៍ពេញ', intent: 'publish' };
      const created = await post(editor, '/admin/publications', editorForm('publication', editor.csrfToken, texts, extra));
      assert.equal(created.statusCode, 303, created.body.slice(0, 500));
      const id = idFrom(created.headers.location);
      assert.deepEqual(await documentsOf(id), [
        { locale: 'en', fileId: english.id, label: 'Full report' },
        { locale: 'km', fileId: khmer.id, label: 'របាយការណ៍ពេញ' },
      ]);
      const form = await get(editor, `/admin/publications/${id}`);
      assert.ok(form.body.includes(`<option value="${english.id}" selected>rights-report-en.pdf</option>`));
      assert.ok(form.body.includes(`<option value="${khmer.id}" selected>rights-report-km.pdf</option>`));
      assert.match(form.body, /value="របាយការណ៍ពេញ"/);
      const { slug } = await t.db.selectFrom('publications').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
      for (const [locale, label] of [['en', 'Full report'], ['km', 'របាយការណ៍ពេញ']] as const) {
        const page = await t.app.inject(`/${locale}/publications/${slug}`);
        assert.equal(page.statusCode, 200);
        assert.ok(page.body.includes(`href="/files/${english.sha256}/${slug}-en.pdf"`), `English download on the ${locale} page`);
        assert.ok(page.body.includes(`href="/files/${khmer.sha256}/${slug}-km.pdf"`), `Khmer download on the ${locale} page`);
        assert.ok(page.body.includes(label));
      }
      const [revision] = await revisionsOf('publication', id);
      assert.match(String(revision!.snapshot), new RegExp(`"documents":\\[\\{"locale":"en","fileId":${english.id}`));

      // Saving with no document replaces them; restoring version 1 brings them back.
      const cleared = await post(editor, `/admin/publications/${id}`, editorForm('publication', editor.csrfToken, texts, { _version: '1' }));
      assert.equal(cleared.statusCode, 303);
      assert.deepEqual(await documentsOf(id), []);
      assert.equal((await restore('publication', id, 1)).statusCode, 303);
      assert.equal((await documentsOf(id)).length, 2);
    });

    it('chooses album photos in order and refuses to publish them without alt text in the album languages', async () => {
      const storage = testStorage(t.config);
      const described = await createImage(t.db, storage);
      const englishOnly = await createImage(t.db, storage, { alts: [{ locale: 'en', alt: 'A river at dusk' }] });
      const document = await createDocument(t.db, storage);
      const texts = { en: 'Photo album', km: 'អាល់ប៊ុមរូបថត' };
      const photos = { photos: [String(described), String(englishOnly)], photo_order: `${englishOnly}, ${described}` };
      for (const [locale, message] of [['en', /id="f-photos-error">Some photos have no alt text/], ['km', /id="f-photos-error">រូបថតខ្លះមិនទាន់មានអត្ថបទជំនួស/]] as const) {
        const agent = await signInAs(t, 'editor', { locale });
        const refused = await post(agent, '/admin/albums', editorForm('album', agent.csrfToken, texts, { ...photos, intent: 'publish' }));
        assert.equal(refused.statusCode, 422);
        assert.match(refused.body, message);
        assert.match(refused.body, new RegExp(`name="photos" value="${englishOnly}" checked`));
        assert.ok(refused.body.includes(`value="${englishOnly}, ${described}"`));
      }
      const draft = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, texts, photos));
      assert.equal(draft.statusCode, 303);
      const id = idFrom(draft.headers.location);
      assert.deepEqual(await photosOf(id), [englishOnly, described]);
      assert.match((await get(editor, `/admin/albums/${id}`)).body, new RegExp(`name="photos" value="${described}" checked`));

      // English only: the English alt text is enough.
      const english = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, { en: 'English album' }, { ...photos, intent: 'publish' }));
      assert.equal(english.statusCode, 303);
      const notImage = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, texts, { photos: String(document.id) }));
      assert.equal(notImage.statusCode, 422);
      assert.match(notImage.body, /id="f-photos-error">Choose one of the options/);
      const published = await post(editor, `/admin/albums/${id}`, editorForm('album', editor.csrfToken, texts, { photos: String(described), _version: '1', intent: 'publish' }));
      assert.equal(published.statusCode, 303);
      assert.deepEqual(await photosOf(id), [described]);
      assert.equal((await t.db.selectFrom('albums').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'published');
    });

    it('refuses to restore a version that would show a published image without alt text', async () => {
      const storage = testStorage(t.config);
      const first = await createImage(t.db, storage);
      const second = await createImage(t.db, storage);
      const texts = { en: 'Restored album', km: 'អាល់ប៊ុមស្ដារ' };
      const created = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, texts, { photos: String(first), intent: 'publish' }));
      const id = idFrom(created.headers.location);
      assert.equal((await post(editor, `/admin/albums/${id}`, editorForm('album', editor.csrfToken, texts, { photos: String(second), _version: '1' }))).statusCode, 303);
      await replaceAltTexts(t.db, first, [{ locale: 'en', alt: 'Only English now', caption: null }]);
      const refused = await restore('album', id, 1);
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /role="alert"><p>This version was not restored: it would show an image without alt text/);
      assert.deepEqual(await photosOf(id), [second]);
      assert.equal((await revisionsOf('album', id)).length, 2);
    });

    it('leaves a scheduled item unpublished when its image lacks alt text, with one publish.blocked audit row', async () => {
      const storage = testStorage(t.config);
      const cover = await createImage(t.db, storage);
      const created = await post(
        editor,
        '/admin/projects',
        editorForm('project', editor.csrfToken, { en: 'Blocked project', km: 'គម្រោងត្រូវបានរារាំង' }, { coverFileId: String(cover), intent: 'publish', publishedAt: '2032-02-01T08:00' }),
      );
      const id = idFrom(created.headers.location);
      assert.equal((await t.db.selectFrom('projects').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'scheduled');
      await replaceAltTexts(t.db, cover, [{ locale: 'en', alt: 'A field office', caption: null }]);
      await runSchedulerTick(t.app, new Date('2032-02-01T02:00:00Z'));
      await runSchedulerTick(t.app, new Date('2032-02-01T02:01:00Z'));
      assert.equal((await t.db.selectFrom('projects').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'scheduled');
      const blocked = await t.db.selectFrom('auditLog').select(['action', 'after']).where('subjectType', '=', 'project').where('subjectId', '=', String(id)).where('action', '=', 'publish.blocked').execute();
      assert.equal(blocked.length, 1);
      assert.match(String(blocked[0]!.after), /no alt text/);
      // Once described, the next pass publishes it.
      await replaceAltTexts(t.db, cover, [{ locale: 'en', alt: 'A field office', caption: null }, { locale: 'km', alt: 'ការិយាល័យ', caption: null }]);
      await runSchedulerTick(t.app, new Date('2032-02-01T02:02:00Z'));
      assert.equal((await t.db.selectFrom('projects').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'published');
    });
  });
}

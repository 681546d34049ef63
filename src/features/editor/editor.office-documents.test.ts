import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { multipartBody } from '../../../test/factories/incident-reports.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { ooxmlFile } from '../../../test/helpers/office-files.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { fileTextMessages } from '../search/file-texts.messages.js';
import { searchTables } from '../search/search.tables.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A publication whose document is a Word file: chosen in the editor, linked on its page, downloaded and found by its words. */
for (const engine of testEngines()) {
  describe(`content editor: a Word document as a publication's document (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine, { env: { PDF_TEXT_WORKER: 'off', PAGE_CACHE: 'off' } });
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const post = (url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { cookie: editor.cookie, ...FORM_HEADERS }, payload });

    it('is offered, attached, published with its format named, downloaded as Word and searched by its text', async () => {
      const body = multipartBody({}, [
        { field: 'file', name: 'Land report.docx', type: 'application/octet-stream', bytes: ooxmlFile('docx', { 'word/document.xml': `<w:document ${W}><w:body><w:p><w:r><w:t>Quillimbar village land findings</w:t></w:r></w:p></w:body></w:document>` }) },
      ]);
      const uploaded = await t.app.inject({
        method: 'POST',
        url: '/admin/media/upload.json?accept=document',
        headers: { ...body.headers, cookie: editor.cookie, 'x-csrf-token': editor.csrfToken },
        payload: body.payload,
      });
      assert.equal(uploaded.statusCode, 200, uploaded.body);
      const fileId = (uploaded.json() as { id: number }).id;
      const file = await t.db.selectFrom('files').select(['sha256', 'mime']).where('id', '=', fileId).executeTakeFirstOrThrow();
      assert.equal(file.mime, DOCX_MIME);
      // Queued for its text at upload, as a PDF is: the editor is told it is being read, in words that fit any document.
      const queued = await searchTables(t.db).selectFrom('searchFileTexts').select('state').where('sha256', '=', file.sha256).executeTakeFirst();
      assert.equal(queued?.state, 'pending', 'the upload queued the Word file for its text');
      const media = await t.app.inject({ url: `/admin/media/${fileId}`, headers: { cookie: editor.cookie } });
      assert.ok(media.body.includes(fileTextMessages.en.pending), 'the media page says its text is being read');
      for (const messages of Object.values(fileTextMessages)) {
        for (const message of [messages.pending, messages.unreadable(messages.reasonDamaged)]) assert.doesNotMatch(message, /PDF/, message);
      }

      const blank = await t.app.inject({ url: '/admin/publications/new', headers: { cookie: editor.cookie } });
      assert.ok(blank.body.includes(`<option value="${fileId}">Land report.docx</option>`), 'the document field offers the Word file');
      assert.match(blank.body, /data-accept-kind="document"/);

      const texts = { en: 'Village land findings', km: 'លទ្ធផលដីភូមិ' };
      const created = await post('/admin/publications', editorForm('publication', editor.csrfToken, texts, { document_en: String(fileId), intent: 'publish' }));
      assert.equal(created.statusCode, 303, created.body.slice(0, 500));
      const id = itemIdFrom(created.headers.location);
      const { slug } = await t.db.selectFrom('publications').select('slug').where('id', '=', id).executeTakeFirstOrThrow();

      const href = `/files/${file.sha256}/${slug}-en.docx`;
      const page = await t.app.inject(`/en/publications/${slug}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`href="${href}" hreflang="en" type="${DOCX_MIME}" download`), page.body);
      assert.match(page.body, /English version · Word document · \d+ KB/);
      assert.doesNotMatch(page.body, /PDF/);
      const khmerPage = await t.app.inject(`/km/publications/${slug}`);
      assert.equal(khmerPage.statusCode, 200);
      assert.match(khmerPage.body, /ឯកសារ Word · /);

      const download = await t.app.inject(href);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], DOCX_MIME);
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="Land_report\.docx"; filename\*=UTF-8''Land%20report\.docx$/);
      assert.equal(download.rawPayload.subarray(0, 2).toString('latin1'), 'PK');

      const search = () => t.app.inject('/en/search?q=Quillimbar');
      assert.doesNotMatch((await search()).body, /Village land findings/, 'not before its text is read');
      await readQueuedPdfTexts(t.db, contentFiles(t.app.storage));
      assert.match((await search()).body, /Village land findings/);
    });
  });
}

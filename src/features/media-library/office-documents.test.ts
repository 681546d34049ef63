import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createPage } from '../../../test/factories/pages.js';
import { AUTHOR, COMMENT, COMPANY, EDITOR, legacyDoc, manyPartsOdt, odfFile, ooxmlFile, zipBombOdt } from '../../../test/helpers/office-files.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { cleanOfficeBytes } from '../media/office-documents.js';
import { contentFiles } from '../media/storage.js';
import { checkUpload } from './upload-check.js';

const BOUNDARY = '----dove-office-boundary';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A multipart body as a browser sends the library's form: the CSRF token first, then the files. */
function multipart(csrf: string, files: Array<{ name: string; bytes: Buffer }>) {
  const chunks: Buffer[] = [Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  for (const f of files) {
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${f.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

function assertNoMetadata(bytes: Buffer) {
  const parts = unzipSync(bytes);
  const text = Object.values(parts).map((part) => strFromU8(part)).join('\n');
  for (const secret of [AUTHOR, EDITOR, COMPANY, COMMENT]) assert.ok(!text.includes(secret), `${secret} is gone`);
  return parts;
}

describe('office documents', () => {
  it('takes Word, Excel and PowerPoint files by their content and stores them without their properties', async () => {
    const cases = [
      { name: 'report.docx', bytes: ooxmlFile('docx'), mime: DOCX, main: 'word/document.xml' },
      { name: 'figures.xlsx', bytes: ooxmlFile('xlsx'), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', main: 'xl/workbook.xml' },
      { name: 'slides.pptx', bytes: ooxmlFile('pptx'), mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', main: 'ppt/presentation.xml' },
    ];
    for (const c of cases) {
      assert.match(strFromU8(unzipSync(c.bytes)['docProps/core.xml']!), new RegExp(AUTHOR), 'the fixture carries its author');
      const check = await checkUpload(c.bytes, c.name);
      assert.ok(check.ok && check.kind === 'office', c.name);
      assert.equal(check.mime, c.mime);
      const parts = assertNoMetadata(check.cleaned);
      assert.deepEqual(Object.keys(parts).sort(), ['[Content_Types].xml', '_rels/.rels', c.main].sort());
      // What is left still says what the package holds, and names no part that is gone.
      const types = strFromU8(parts['[Content_Types].xml']!);
      assert.match(types, new RegExp(`PartName="/${c.main}"`));
      assert.doesNotMatch(types, /docProps/);
      const rels = strFromU8(parts['_rels/.rels']!);
      assert.match(rels, new RegExp(`Target="${c.main}"`));
      assert.doesNotMatch(rels, /docProps/);
      assert.match(strFromU8(parts[c.main]!), /presentation|workbook|Land report 2024/);
    }
  });

  it('takes OpenDocument files, empties meta.xml and keeps mimetype first and uncompressed', async () => {
    for (const kind of ['odt', 'ods', 'odp'] as const) {
      assert.match(strFromU8(unzipSync(odfFile(kind))['meta.xml']!), new RegExp(AUTHOR), 'the fixture carries its author');
      const check = await checkUpload(odfFile(kind), `minutes.${kind}`);
      assert.ok(check.ok && check.kind === 'office', kind);
      assert.equal(check.mime, `application/vnd.oasis.opendocument.${{ odt: 'text', ods: 'spreadsheet', odp: 'presentation' }[kind]}`);
      const parts = assertNoMetadata(check.cleaned);
      assert.match(strFromU8(parts['meta.xml']!), /<office:meta\/>/);
      assert.ok(parts['META-INF/manifest.xml'] && parts['content.xml']);
      // The first local header: signature, compression method 0 (stored), name `mimetype`, then the type itself.
      const bytes = check.cleaned;
      assert.equal(bytes.readUInt32LE(0), 0x04034b50);
      assert.equal(bytes.readUInt16LE(8), 0);
      assert.equal(bytes.subarray(30, 38).toString('latin1'), 'mimetype');
      assert.equal(bytes.readUInt16LE(28), 0, 'no extra field before the type');
      assert.equal(bytes.subarray(38, 38 + check.mime.length).toString('latin1'), check.mime);
    }
  });

  it('cleans the same file to the same bytes, so it is stored once', () => {
    const first = cleanOfficeBytes(odfFile('odt'));
    const second = cleanOfficeBytes(odfFile('odt'));
    assert.ok(first.ok && second.ok);
    assert.ok(first.bytes.equals(second.bytes));
  });

  it('refuses macros, the old binary formats, ZIP bombs, other containers and names that do not match', async () => {
    const refused = async (bytes: Buffer, name: string) => {
      const check = await checkUpload(bytes, name);
      assert.ok(!check.ok, name);
      return check.problem;
    };
    assert.equal(await refused(ooxmlFile('docm'), 'budget.docm'), 'macros');
    assert.equal(await refused(ooxmlFile('docm'), 'budget.docx'), 'macros');
    assert.equal(await refused(ooxmlFile('xlsx', { 'xl/vbaProject.bin': 'Attribute VB_Name' }), 'budget.xlsx'), 'macros');
    assert.equal(await refused(odfFile('odt', { 'Basic/Standard/Module1.xml': '<script/>' }), 'notes.odt'), 'macros');
    assert.equal(await refused(ooxmlFile('xlsx'), 'budget.xlsm'), 'macros');
    assert.equal(await refused(legacyDoc(), 'old-report.doc'), 'legacyOffice');
    assert.equal(await refused(legacyDoc(), 'old-report.pdf'), 'legacyOffice');
    // A .docx saved with a password is an encrypted package inside the old container.
    assert.equal(await refused(legacyDoc(), 'protected.docx'), 'encryptedDocument');
    assert.equal(await refused(zipBombOdt(), 'bomb.odt'), 'zipBomb');
    assert.equal(await refused(manyPartsOdt(5001), 'many.odt'), 'zipBomb');
    assert.ok((await checkUpload(manyPartsOdt(100), 'many.odt')).ok);
    assert.equal(await refused(ooxmlFile('docx'), 'report.xlsx'), 'extensionMismatch');
    assert.equal(await refused(odfFile('odt'), 'report.docx'), 'extensionMismatch');
    assert.equal(await refused(Buffer.from(zipSync({ 'readme.txt': strToU8('not a document') })), 'archive.docx'), 'unknownType');
    assert.equal(await refused(ooxmlFile('docx').subarray(0, 200), 'cut.docx'), 'brokenDocument');
  });

  it('stops inflating an entry that lies about its size at the size it declared, and refuses it', () => {
    const bytes = Buffer.from(zipBombOdt());
    // The central directory's uncompressed size of content.xml (the second entry) says 100 bytes.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), bytes.lastIndexOf(Buffer.from('mimetype')) + 8);
    assert.equal(bytes.readUInt32LE(central + 24), 201 * 1024 * 1024);
    bytes.writeUInt32LE(100, central + 24);
    const started = Date.now();
    const read = cleanOfficeBytes(bytes);
    assert.deepEqual(read, { ok: false, problem: 'zipBomb' });
    assert.ok(Date.now() - started < 2000, 'not decoded to its end');
  });
});

for (const engine of testEngines()) {
  describe(`office documents in the media library (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let khmerEditor: StaffAgent;
    const upload = (agent: StaffAgent, files: Array<{ name: string; bytes: Buffer }>) => {
      const body = multipart(agent.csrfToken, files);
      return t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: agent.cookie, 'content-type': body.contentType }, payload: body.payload });
    };
    const fileCount = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      khmerEditor = await signInAs(t, 'editor', { locale: 'km' });
    });
    after(() => t.close());

    it('stores an uploaded .docx without its properties, and serves it as Word with its name once a published page links to it', async () => {
      const res = await upload(editor, [{ name: 'Land report 2024.docx', bytes: ooxmlFile('docx') }]);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /1 file uploaded/);
      assert.match(res.body, /without their document properties/);
      const file = await t.db.selectFrom('files').selectAll().where('originalName', '=', 'Land report 2024.docx').executeTakeFirstOrThrow();
      assert.equal(file.mime, DOCX);
      const stored = await contentFiles(t.app.storage).get(file.sha256);
      assert.ok(stored);
      assert.equal(stored.length, file.size);
      const parts = assertNoMetadata(stored);
      assert.match(strFromU8(parts['word/document.xml']!), /Land report 2024/);
      const audit = await t.db.selectFrom('auditLog').select(['action']).where('subjectType', '=', 'file').where('subjectId', '=', String(file.id)).execute();
      assert.deepEqual(audit.map((a) => a.action), ['file.upload']);
      const page = await t.app.inject({ url: `/admin/media/${file.id}`, headers: { cookie: editor.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(DOCX.replace(/\./g, '\\.')));

      const url = `/files/${file.sha256}/Land%20report%202024.docx`;
      assert.equal((await t.app.inject(url)).statusCode, 404, 'not public until something published links to it');
      await createPage(t.db, { translations: { en: { title: 'Reports', bodyHtml: `<p><a href="${url}">The report</a></p>` } } });
      const served = await t.app.inject(url);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], DOCX);
      assert.equal(served.headers['content-disposition'], `attachment; filename="Land_report_2024.docx"; filename*=UTF-8''Land%20report%202024.docx`);
      assert.equal(served.headers['x-content-type-options'], 'nosniff');
      assert.ok(served.rawPayload.equals(stored));

      // The same document again is the same cleaned bytes: nothing new is stored.
      const again = await upload(editor, [{ name: 'Land report 2024.docx', bytes: ooxmlFile('docx') }]);
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /already in the library/);
    });

    it('stores an OpenDocument text and lists it under its filter', async () => {
      const res = await upload(editor, [{ name: 'minutes.odt', bytes: odfFile('odt') }]);
      assert.equal(res.statusCode, 200, res.body);
      const file = await t.db.selectFrom('files').selectAll().where('originalName', '=', 'minutes.odt').executeTakeFirstOrThrow();
      assert.equal(file.mime, 'application/vnd.oasis.opendocument.text');
      assertNoMetadata((await contentFiles(t.app.storage).get(file.sha256))!);
      const list = await t.app.inject({ url: '/admin/media?type=office', headers: { cookie: editor.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /minutes\.odt/);
      assert.doesNotMatch((await t.app.inject({ url: '/admin/media?type=pdf', headers: { cookie: editor.cookie } })).body, /minutes\.odt/);
    });

    it('refuses a macro file, an old .doc and a ZIP bomb with the reason, in English and in Khmer, storing nothing', async () => {
      const before = await fileCount();
      const res = await upload(editor, [
        { name: 'budget.docm', bytes: ooxmlFile('docm') },
        { name: 'budget.xlsx', bytes: ooxmlFile('xlsx', { 'xl/vbaProject.bin': 'Attribute VB_Name' }) },
        { name: 'old.doc', bytes: legacyDoc() },
        { name: 'bomb.odt', bytes: zipBombOdt() },
      ]);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /budget\.docm: files with macros/);
      assert.match(res.body, /budget\.xlsx: files with macros/);
      assert.match(res.body, /old\.doc: the old Word, Excel and PowerPoint formats/);
      assert.match(res.body, /bomb\.odt: the file unpacks to more than 200 MB/);
      const km = await upload(khmerEditor, [
        { name: 'budget.docm', bytes: ooxmlFile('docm') },
        { name: 'bomb.odt', bytes: zipBombOdt() },
      ]);
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /budget\.docm៖ ឯកសារដែលមានម៉ាក្រូ/);
      assert.match(km.body, /bomb\.odt៖ ឯកសារនេះពន្លាចេញធំជាង ២០០ MB/);
      assert.equal(await fileCount(), before);
    });

    it("refuses a Word file in an item's PDF field, with the reason in the editor's language", async () => {
      const before = await fileCount();
      const file = ooxmlFile('docx');
      const body = Buffer.concat([
        Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="notes.docx"\r\ncontent-type: application/octet-stream\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
      ]);
      const send = (agent: StaffAgent) =>
        t.app.inject({
          method: 'POST',
          url: '/admin/media/upload.json?accept=pdf',
          headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-csrf-token': agent.csrfToken },
          payload: body,
        });
      const en = await send(editor);
      assert.equal(en.statusCode, 400);
      assert.equal((en.json() as { message: string }).message, 'notes.docx: this field takes a PDF document, not an image or another kind of file.');
      const km = await send(khmerEditor);
      assert.equal(km.statusCode, 400);
      assert.match((km.json() as { message: string }).message, /^notes\.docx៖ ប្រអប់នេះទទួលតែឯកសារ PDF/);
      assert.equal(await fileCount(), before);
    });

    it('refuses an upload without the CSRF token a browser sends', async () => {
      const body = multipart('not-the-token', [{ name: 'report.docx', bytes: ooxmlFile('pptx') }]);
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload });
      assert.equal(res.statusCode, 403);
    });
  });
}

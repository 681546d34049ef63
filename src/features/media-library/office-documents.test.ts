import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { multipartBody } from '../../../test/factories/incident-reports.js';
import { createPage } from '../../../test/factories/pages.js';
import { AUTHOR, COMMENT, COMPANY, EDITOR, legacyDoc, manyPartsOdt, odfFile, ooxmlFile, zipBombOdt } from '../../../test/helpers/office-files.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { cleanOfficeBytes } from '../media/office-documents.js';
import { contentFiles } from '../media/storage.js';
import { checkUpload } from './upload-check.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The library's form as a browser sends it: the CSRF token first, then the files. */
const libraryForm = (csrf: string, files: Array<{ name: string; bytes: Buffer }>) =>
  multipartBody({ _csrf: csrf }, files.map((f) => ({ ...f, type: 'application/octet-stream' })));

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

  it('cleans the same file to the same bytes, so it is stored once', async () => {
    const first = await cleanOfficeBytes(odfFile('odt'));
    const second = await cleanOfficeBytes(odfFile('odt'));
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

  it('stops inflating an entry that lies about its size at the size it declared, and refuses it', async () => {
    const bytes = Buffer.from(zipBombOdt());
    // The central directory's uncompressed size of content.xml (the second entry) says 100 bytes.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), bytes.lastIndexOf(Buffer.from('mimetype')) + 8);
    assert.equal(bytes.readUInt32LE(central + 24), 201 * 1024 * 1024);
    bytes.writeUInt32LE(100, central + 24);
    const started = Date.now();
    const read = await cleanOfficeBytes(bytes);
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
      const body = libraryForm(agent.csrfToken, files);
      return t.app.inject({ method: 'POST', url: '/admin/media', headers: { ...body.headers, cookie: agent.cookie }, payload: body.payload });
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

    it('refuses an embedded OLE object and a linked picture with the reason, in English and in Khmer, storing nothing', async () => {
      const before = await fileCount();
      const ole = ooxmlFile('docx', { 'word/embeddings/oleObject1.bin': 'OLE object' });
      const linked = ooxmlFile('pptx', {
        'ppt/slides/_rels/slide1.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://tracker.example/p.png" TargetMode="External"/></Relationships>',
      });
      const res = await upload(editor, [
        { name: 'ole.docx', bytes: ole },
        { name: 'linked.pptx', bytes: linked },
      ]);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /ole\.docx: files with embedded objects/);
      assert.match(res.body, /linked\.pptx: files with embedded objects \(an OLE object, or a workbook or document inside the file that has macros or objects of its own\) or with links that fetch something/);
      const km = await upload(khmerEditor, [{ name: 'ole.docx', bytes: ole }]);
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /ole\.docx៖ ឯកសារដែលមានវត្ថុបង្កប់/);
      assert.equal(await fileCount(), before);
    });

    it("refuses a Word file in an item's PDF field, with the reason in the editor's language", async () => {
      const before = await fileCount();
      const body = multipartBody({}, [{ field: 'file', name: 'notes.docx', type: 'application/octet-stream', bytes: ooxmlFile('docx') }]);
      const send = (agent: StaffAgent) =>
        t.app.inject({
          method: 'POST',
          url: '/admin/media/upload.json?accept=pdf',
          headers: { ...body.headers, cookie: agent.cookie, 'x-csrf-token': agent.csrfToken },
          payload: body.payload,
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
      const body = libraryForm('not-the-token', [{ name: 'report.docx', bytes: ooxmlFile('pptx') }]);
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { ...body.headers, cookie: editor.cookie }, payload: body.payload });
      assert.equal(res.statusCode, 403);
    });
  });
}

const ARTIST = 'Secret Photographer Vannak';
const TEMPLATE_PATH = 'file:///C:\\Users\\sokha.secret\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm';

/** A small JPEG carrying an EXIF artist and a GPS position, as a phone writes them. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Artist: ARTIST, Copyright: ARTIST }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 55/1 0/1' } })
    .toBuffer();
}

const WORD_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A .docx with a photo, a thumbnail, customXml, people.xml, a .psmdcp property part and an attached template, like one saved on a staff laptop. */
async function docxWithTraces(extra: Record<string, Uint8Array | string> = {}): Promise<Buffer> {
  const photo = await photoWithGps();
  const base = unzipSync(ooxmlFile('docx'));
  const types = strFromU8(base['[Content_Types].xml']!).replace(
    '</Types>',
    '<Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/package/services/metadata/core-properties/abc.psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
  );
  const rootRels = strFromU8(base['_rels/.rels']!).replace(
    '</Relationships>',
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/package/services/metadata/core-properties/abc.psmdcp"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>',
  );
  const files: Record<string, Uint8Array> = {
    ...base,
    '[Content_Types].xml': strToU8(types),
    '_rels/.rels': strToU8(rootRels),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WORD_RELS}/image" Target="media/image1.jpeg"/><Relationship Id="rId2" Type="${WORD_RELS}/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId4" Type="${WORD_RELS}/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId5" Type="${WORD_RELS}/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`,
    ),
    'word/media/image1.jpeg': photo,
    'docProps/thumbnail.jpeg': photo,
    'word/settings.xml': strToU8(`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${WORD_RELS}"><w:attachedTemplate r:id="rId1"/><w:zoom w:percent="100"/></w:settings>`),
    'word/_rels/settings.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WORD_RELS}/attachedTemplate" Target="${TEMPLATE_PATH}" TargetMode="External"/></Relationships>`,
    ),
    'word/people.xml': strToU8(`<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="${EDITOR}"/></w15:people>`),
    'customXml/item1.xml': strToU8(`<record><owner>${AUTHOR}</owner></record>`),
    'customXml/_rels/item1.xml.rels': strToU8('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
    'package/services/metadata/core-properties/abc.psmdcp': strToU8(`<coreProperties><creator>${AUTHOR}</creator></coreProperties>`),
    ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, typeof value === 'string' ? strToU8(value) : value])),
  };
  return Buffer.from(zipSync(files));
}

describe('office documents: what else tells who made them', () => {
  it('re-encodes pictures without EXIF or GPS and drops thumbnails, customXml, people.xml, .psmdcp properties and the template path; the file still reads', async () => {
    const original = await docxWithTraces();
    assert.ok(Buffer.from(unzipSync(original)['word/media/image1.jpeg']!).includes(Buffer.from(ARTIST)), 'the fixture photo carries its artist');
    const check = await checkUpload(original, 'report.docx');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const parts = assertNoMetadata(check.cleaned);
    const all = Buffer.concat(Object.values(parts).map((p) => Buffer.from(p)));
    for (const secret of [ARTIST, 'sokha.secret', 'Normal.dotm', 'psmdcp', 'thumbnail', 'customXml', 'people.xml']) assert.ok(!all.includes(Buffer.from(secret)), `${secret} is gone`);
    assert.deepEqual(
      Object.keys(parts).sort(),
      ['[Content_Types].xml', '_rels/.rels', 'word/_rels/document.xml.rels', 'word/_rels/settings.xml.rels', 'word/document.xml', 'word/media/image1.jpeg', 'word/settings.xml'].sort(),
    );
    const photo = await sharp(Buffer.from(parts['word/media/image1.jpeg']!)).metadata();
    assert.equal(photo.format, 'jpeg');
    assert.equal(photo.width, 16);
    assert.equal(photo.exif, undefined, 'no EXIF block');
    assert.equal(photo.xmp, undefined, 'no XMP');
    // What remains still names only parts that exist, so Word opens it.
    const docRels = strFromU8(parts['word/_rels/document.xml.rels']!);
    assert.match(docRels, /media\/image1\.jpeg/);
    assert.match(docRels, /https:\/\/example\.org\//, 'hyperlinks stay');
    assert.doesNotMatch(strFromU8(parts['word/settings.xml']!), /attachedTemplate/);
    assert.match(strFromU8(parts['word/settings.xml']!), /w:zoom/);
    const types = strFromU8(parts['[Content_Types].xml']!);
    assert.doesNotMatch(types, /people|psmdcp|docProps/);
    assert.match(types, /word\/settings\.xml/);
  });

  it('removes a template relationship written with a closing tag, leaving the relationships part well formed', async () => {
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WORD_RELS}/attachedTemplate" Target="${TEMPLATE_PATH}" TargetMode="External"></Relationship></Relationships>`;
    const check = await checkUpload(ooxmlFile('docx', { 'word/_rels/settings.xml.rels': rels }), 'report.docx');
    assert.ok(check.ok && check.kind === 'office');
    assert.equal(strFromU8(unzipSync(check.cleaned)['word/_rels/settings.xml.rels']!), '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>');
  });

  it('refuses a document whose picture cannot be decoded, since its metadata could not be removed', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.from(`Exif\0\0${ARTIST}`), Buffer.alloc(64)]);
    const check = await checkUpload(Buffer.from(zipSync({ ...unzipSync(ooxmlFile('docx')), 'word/media/image1.jpeg': broken })), 'report.docx');
    assert.deepEqual(check, { ok: false, problem: 'uncleanableImage' });
  });

  it('drops ODF thumbnails (and their manifest entry) and cleans its pictures', async () => {
    const photo = await photoWithGps();
    const base = unzipSync(odfFile('odt'));
    const manifest = strFromU8(base['META-INF/manifest.xml']!).replace(
      '</manifest:manifest>',
      '<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/></manifest:manifest>',
    );
    const odt = Buffer.from(zipSync({ ...base, mimetype: [base.mimetype!, { level: 0 }], 'META-INF/manifest.xml': strToU8(manifest), 'Thumbnails/thumbnail.png': strToU8(AUTHOR), 'Pictures/photo.jpg': photo }));
    const check = await checkUpload(odt, 'minutes.odt');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const parts = assertNoMetadata(check.cleaned);
    assert.equal(parts['Thumbnails/thumbnail.png'], undefined);
    assert.doesNotMatch(strFromU8(parts['META-INF/manifest.xml']!), /Thumbnails/);
    assert.ok(!Buffer.from(parts['Pictures/photo.jpg']!).includes(Buffer.from(ARTIST)));
    assert.equal((await sharp(Buffer.from(parts['Pictures/photo.jpg']!)).metadata()).exif, undefined);
  });

  it('refuses embedded objects and external links other than hyperlinks', async () => {
    const rels = (rel: string) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`;
    const refused = async (bytes: Buffer) => {
      const check = await checkUpload(bytes, 'report.docx');
      return check.ok ? 'accepted' : check.problem;
    };
    assert.equal(await refused(ooxmlFile('docx', { 'word/embeddings/oleObject1.bin': 'OLE object' })), 'activeContent');
    assert.equal(await refused(ooxmlFile('docx', { 'word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm': 'PK zip' })), 'activeContent');
    assert.equal(
      await refused(ooxmlFile('docx', { 'word/_rels/settings.xml.rels': rels(`<Relationship Id="rId1" Type="${WORD_RELS}/attachedTemplate" Target="https://attacker.example/t.dotm" TargetMode="External"/>`) })),
      'activeContent',
      'a remote template (template injection)',
    );
    assert.equal(
      await refused(ooxmlFile('docx', { 'word/_rels/document.xml.rels': rels(`<Relationship TargetMode="External" Id="rId1" Type="${WORD_RELS}/image" Target="http://tracker.example/pixel.png"/>`) })),
      'activeContent',
      'a linked picture',
    );
    assert.equal(await refused(ooxmlFile('docx', { 'word/_rels/document.xml.rels': rels(`<Relationship Id="rId1" Type="${WORD_RELS}/hyperlink" Target="https://example.org/" TargetMode="External"/>`) })), 'accepted');
    const photo = await photoWithGps();
    assert.equal(await refused(await docxWithTraces({ 'word/embeddings/image2.jpeg': photo })), 'accepted', 'a picture under embeddings/ is cleaned, not refused');
  });

  it("takes a chart's embedded workbook, cleaned as a file of its own, and refuses one with macros", async () => {
    const withEmbedded = (workbook: Buffer) => Buffer.from(zipSync({ ...unzipSync(ooxmlFile('docx')), 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': new Uint8Array(workbook) }));
    const workbook = ooxmlFile('xlsx');
    assert.match(strFromU8(unzipSync(workbook)['docProps/core.xml']!), new RegExp(AUTHOR), 'the embedded workbook carries its author');
    const check = await checkUpload(withEmbedded(workbook), 'chart.docx');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const embedded = Buffer.from(unzipSync(check.cleaned)['word/embeddings/Microsoft_Excel_Worksheet.xlsx']!);
    assertNoMetadata(embedded);
    assert.ok(unzipSync(embedded)['xl/workbook.xml'], 'the workbook still holds its data');
    const withMacros = ooxmlFile('xlsx', { 'xl/vbaProject.bin': 'macros' });
    assert.deepEqual(await checkUpload(withEmbedded(withMacros), 'chart.docx'), { ok: false, problem: 'activeContent' });
  });

  it('refuses an OpenDocument file saved with a password', async () => {
    const manifest = (inner: string) =>
      `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${inner}</manifest:file-entry></manifest:manifest>`;
    const encrypted = odfFile('odt', { 'META-INF/manifest.xml': manifest('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data>') });
    assert.deepEqual(await checkUpload(encrypted, 'secret.odt'), { ok: false, problem: 'encryptedDocument' });
    const wholePackage = odfFile('odt', { 'META-INF/manifest.xml': manifest('').replace('content.xml', 'encrypted-package'), 'encrypted-package': 'ciphertext' });
    assert.deepEqual(await checkUpload(wholePackage, 'secret.odt'), { ok: false, problem: 'encryptedDocument' });
  });
});

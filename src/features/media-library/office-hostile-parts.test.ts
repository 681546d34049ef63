import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { odfFile, ooxmlFile } from '../../../test/helpers/office-files.js';
import { checkUpload } from './upload-check.js';

const ARTIST = 'Secret Photographer Vannak';
const PRINTER = '\\\\print-server.secret\\Legal Team HP LaserJet';
const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';
const PRINTER_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings';

/** A .docx with `document` as its main part's body and any extra parts. */
function docxWith(document: string, extra: Record<string, Uint8Array> = {}): Buffer {
  const base = unzipSync(ooxmlFile('docx'));
  return Buffer.from(zipSync({ ...base, 'word/document.xml': strToU8(`<w:document ${W_NS}><w:body>${document}</w:body></w:document>`), ...extra }));
}

/** A .docx whose [Content_Types].xml also holds `declarations`. */
function docxDeclaring(declarations: string, extra: Record<string, Uint8Array>): Buffer {
  const base = unzipSync(ooxmlFile('docx'));
  const types = strFromU8(base['[Content_Types].xml']!).replace('</Types>', `${declarations}</Types>`);
  return Buffer.from(zipSync({ ...base, '[Content_Types].xml': strToU8(types), ...extra }));
}

/** An .odt whose content.xml holds `body`. */
function odtWith(body: string): Buffer {
  const base = unzipSync(odfFile('odt'));
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:body><office:text><text:p>Land report 2024</text:p>${body}</office:text></office:body></office:document-content>`;
  return Buffer.from(zipSync({ ...base, mimetype: [base.mimetype!, { level: 0 }], 'content.xml': strToU8(content) }));
}

const outcome = async (bytes: Buffer, name: string) => {
  const check = await checkUpload(bytes, name);
  return check.ok ? 'accepted' : check.problem;
};

const run = (code: string) => `<w:r><w:instrText xml:space="preserve">${code}</w:instrText></w:r>`;
const fldChar = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
const field = (...codes: string[]) => `<w:p>${fldChar('begin')}${codes.map(run).join('')}${fldChar('separate')}<w:r><w:t>shown</w:t></w:r>${fldChar('end')}</w:p>`;

describe('office cleaning: Word field codes read as Word reads them', () => {
  it('refuses a field name broken by a comment or CDATA, split over runs after an encoded begin, or made by a nested field', async () => {
    const cases = [
      field(' INCL<!---->UDEPICTURE "http://x.example/p.png" '),
      field(' INCL<![CDATA[UDEPICTURE "http://x.example/p.png"]]> '),
      field(' INCL<?pi x?>UDETEXT "http://x.example/t.docx" '),
      `<w:p><w:r><w:fldChar w:fldCharType="&#98;egin"/></w:r>${run(' INCLU')}${run('DEPICTURE "http://x.example/p.png" ')}${fldChar('end')}</w:p>`,
      // { {QUOTE 68 68 69 65 85 84 79} "c:\\windows\\system32\\cmd.exe" }: the nested field spells DDEAUTO.
      `<w:p>${fldChar('begin')}${fldChar('begin')}${run('QUOTE 68 68 69 65 85 84 79')}${fldChar('end')}${run(' "c:\\\\windows\\\\system32\\\\cmd.exe" ')}${fldChar('end')}</w:p>`,
      field(' includepicture "http://x.example/p.png" '),
      field(' import "http://x.example/p.png" '),
      field(' Include "http://x.example/t.docx" '),
      '<w:p><w:fldSimple w:instr=" link Excel.Sheet.12 &quot;C:\\\\f.xlsx&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>',
    ];
    for (const body of cases) assert.equal(await outcome(docxWith(body), 'fields.docx'), 'activeContent', body);
  });

  it('keeps a field whose name comes before the fields nested in it, and comments outside field codes', async () => {
    const body = `<!-- a note --><w:p>${fldChar('begin')}${run(' IF ')}${fldChar('begin')}${run(' PAGE ')}${fldChar('end')}${run(' = 1 "first" "other" ')}${fldChar('end')}</w:p>`;
    assert.equal(await outcome(docxWith(body), 'fields.docx'), 'accepted');
  });
});

describe('office cleaning: XML parts whatever they are named', () => {
  const fieldPart = strToU8(`<w:document ${W_NS}><w:body>${field(' INCLUDEPICTURE "http://x.example/p.png" ')}</w:body></w:document>`);

  it('checks the fields of a part declared as XML by its extension or its name, or starting like XML', async () => {
    const main = '<Default Extension="dat" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>';
    assert.equal(await outcome(docxDeclaring(main, { 'word/doc.dat': fieldPart }), 'dat.docx'), 'activeContent');
    const override = '<Override PartName="/word/notes.part" ContentType="application/xml"/>';
    assert.equal(await outcome(docxDeclaring(override, { 'word/notes.part': fieldPart }), 'part.docx'), 'activeContent');
    assert.equal(await outcome(docxDeclaring('', { 'word/undeclared.bin': Buffer.concat([Buffer.from('\uFEFF \n'), fieldPart]) }), 'bin.docx'), 'activeContent');
  });
});

describe('office cleaning: OpenDocument inline pictures that are not plain base64', () => {
  it('refuses a binary-data element holding CDATA or a comment, which would pass its photo unchanged', async () => {
    const photo = (
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#224488' } })
        .jpeg()
        .withExif({ IFD0: { Artist: ARTIST } })
        .toBuffer()
    ).toString('base64');
    for (const data of [`<![CDATA[${photo}]]>`, `<!-- -->${photo}`]) {
      const frame = `<draw:frame><draw:image><office:binary-data>${data}</office:binary-data></draw:image></draw:frame>`;
      assert.equal(await outcome(odtWith(frame), 'inline.odt'), 'uncleanableImage', data.slice(0, 12));
    }
  });
});

describe('office cleaning: gzipped parts', () => {
  it('charges the unpack limit for what gzipped parts inflate to, and still takes a small gzipped picture', async () => {
    // 60 gzipped parts of 4 MB each: a few KB stored, 240 MB inflated, more than the container may unpack to.
    const zeros = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, n) => [`word/media/image${n}.emz`, zeros]));
    assert.equal(await outcome(docxWith('<w:p/>', many), 'many.docx'), 'zipBomb');
    assert.equal(await outcome(docxWith('<w:p/>', { 'word/media/image1.emz': gzipSync(Buffer.alloc(2000, 7)) }), 'emz.docx'), 'accepted');
  });
});

describe('office cleaning: printer settings wherever they are kept', () => {
  it('drops printer settings named by a relationship or declared by content type outside their usual folder', async () => {
    const settings = `<w:settings ${W_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:zoom w:percent="100"/><w:printerSettings r:id="rId7"/></w:settings>`;
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="${PRINTER_RELATIONSHIP}" Target="odd/devmode1.bin"/></Relationships>`;
    const declarations =
      '<Default Extension="prn" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"/><Override PartName="/word/other/p.dat" ContentType="application/vnd.openxmlformats-officedocument.presentationml.printerSettings"/>';
    const devmode = Buffer.from(PRINTER, 'utf16le');
    const bytes = docxDeclaring(declarations, {
      'word/settings.xml': strToU8(settings),
      'word/_rels/settings.xml.rels': strToU8(rels),
      'word/odd/devmode1.bin': devmode,
      'word/spool/printer.prn': devmode,
      'word/other/p.dat': devmode,
    });
    const check = await checkUpload(bytes, 'printers.docx');
    assert.ok(check.ok && check.kind === 'office');
    const parts = unzipSync(check.cleaned);
    for (const name of ['word/odd/devmode1.bin', 'word/spool/printer.prn', 'word/other/p.dat']) assert.ok(!parts[name], `${name} is gone`);
    assert.ok(!Buffer.from(check.cleaned).includes(Buffer.from(PRINTER, 'utf16le')));
    assert.doesNotMatch(strFromU8(parts['word/settings.xml']!), /printerSettings/);
    assert.doesNotMatch(strFromU8(parts['[Content_Types].xml']!), /word\/other\/p\.dat/);
    assert.ok(parts['word/document.xml'], 'the document stays');
  });
});

describe('office cleaning: XML parts the checks could not read', () => {
  it('refuses a Word document whose main part is UTF-16, where an outside picture would hide from the checks', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><w:document ${W_NS}><w:body>${field(' INCLUDEPICTURE "http://x.example/p.png" ')}</w:body></w:document>`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const base = unzipSync(ooxmlFile('docx'));
    assert.equal(await outcome(Buffer.from(zipSync({ ...base, 'word/document.xml': utf16 })), 'utf16.docx'), 'brokenDocument');
    // Without its byte-order mark too.
    const bare = Buffer.from(xml, 'utf16le');
    assert.equal(await outcome(Buffer.from(zipSync({ ...base, 'word/document.xml': bare })), 'utf16.docx'), 'brokenDocument');
    assert.equal(await outcome(docxWith('<w:p><w:r><w:t>Land report</w:t></w:r></w:p>'), 'plain.docx'), 'accepted');
  });
});

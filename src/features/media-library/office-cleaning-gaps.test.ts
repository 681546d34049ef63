import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { odfFile, ooxmlFile } from '../../../test/helpers/office-files.js';
import { checkUpload } from './upload-check.js';

const ARTIST = 'Secret Photographer Vannak';
const PRINTER = '\\\\print-server.secret\\Legal Team HP LaserJet';
const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Artist: ARTIST }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 55/1 0/1' } })
    .toBuffer();
}

const SVG_WITH_AUTHOR = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="20" height="20" inkscape:export-filename="/home/sokha.secret/map.png"><metadata>${ARTIST}</metadata><path d="M1 1 L19 19"/></svg>`;

/** An .odt whose content.xml holds `body` and any extra parts (ZIP built here, mimetype stored first). */
function odtWith(body: string, extra: Record<string, Uint8Array> = {}): Buffer {
  const base = unzipSync(odfFile('odt'));
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:body><office:text><text:p>Land report 2024</text:p>${body}</office:text></office:body></office:document-content>`;
  return Buffer.from(zipSync({ ...base, mimetype: [base.mimetype!, { level: 0 }], 'content.xml': strToU8(content), ...extra }));
}

/** A .docx with `document` as its main part and any extra parts. */
function docxWith(document: string, extra: Record<string, Uint8Array> = {}): Buffer {
  const base = unzipSync(ooxmlFile('docx'));
  const body = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${document}</w:body></w:document>`;
  return Buffer.from(zipSync({ ...base, 'word/document.xml': strToU8(body), ...extra }));
}

const outcome = async (bytes: Buffer, name: string) => {
  const check = await checkUpload(bytes, name);
  return check.ok ? 'accepted' : check.problem;
};

async function cleanedParts(bytes: Buffer, name: string) {
  const check = await checkUpload(bytes, name);
  assert.ok(check.ok && check.kind === 'office', `${name} is taken`);
  return unzipSync(check.cleaned);
}

describe('office cleaning: pictures written inline in OpenDocument parts', () => {
  it('re-encodes an office:binary-data photo without its EXIF and GPS, and keeps it a picture', async () => {
    const photo = await photoWithGps();
    const frame = `<draw:frame><draw:image><office:binary-data>${photo.toString('base64').replace(/(.{76})/g, '$1\n')}</office:binary-data></draw:image></draw:frame>`;
    const parts = await cleanedParts(odtWith(frame), 'inline.odt');
    const content = strFromU8(parts['content.xml']!);
    const data = /<office:binary-data>([^<]*)<\/office:binary-data>/.exec(content);
    assert.ok(data, 'the picture is still there');
    const cleaned = Buffer.from(data[1]!, 'base64');
    assert.ok(!cleaned.includes(Buffer.from(ARTIST)), 'its artist is gone');
    const meta = await sharp(cleaned).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) is left');
  });

  it('cleans an inline SVG, and refuses inline data that is no picture it can clean', async () => {
    const svg = `<draw:frame><draw:image><office:binary-data>${Buffer.from(SVG_WITH_AUTHOR).toString('base64')}</office:binary-data></draw:image></draw:frame>`;
    const content = strFromU8((await cleanedParts(odtWith(svg), 'svg.odt'))['content.xml']!);
    const written = Buffer.from(/<office:binary-data>([^<]*)</.exec(content)![1]!, 'base64').toString('utf8');
    assert.match(written, /<path d="M1 1 L19 19"\/>/);
    assert.ok(!written.includes(ARTIST) && !written.includes('sokha.secret'));
    const unknown = `<draw:frame><draw:image><office:binary-data>${Buffer.from('BM not a picture sharp reads at all').toString('base64')}</office:binary-data></draw:image></draw:frame>`;
    assert.equal(await outcome(odtWith(unknown), 'unknown.odt'), 'uncleanableImage');
  });
});

describe('office cleaning: gzipped SVG (.svgz) parts', () => {
  it('inflates, cleans and gzips again an .svgz picture in OpenDocument and in Word', async () => {
    const svgz = gzipSync(Buffer.from(SVG_WITH_AUTHOR));
    for (const [name, bytes, part] of [
      ['map.odt', odtWith('', { 'Pictures/map.svgz': svgz }), 'Pictures/map.svgz'],
      ['map.docx', docxWith('<w:p/>', { 'word/media/image1.svgz': svgz }), 'word/media/image1.svgz'],
    ] as const) {
      const parts = await cleanedParts(bytes, name);
      const svg = gunzipSync(parts[part]!).toString('utf8');
      assert.match(svg, /<path d="M1 1 L19 19"\/>/, name);
      assert.ok(!svg.includes(ARTIST) && !svg.includes('sokha.secret'), `${name}: the SVG's metadata is gone`);
    }
  });

  it('refuses an .svgz holding a script, one that is not gzip or not SVG, and one that inflates past the unpack limit', async () => {
    const scripted = gzipSync(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    assert.equal(await outcome(odtWith('', { 'Pictures/a.svgz': scripted }), 'a.odt'), 'activeContent');
    assert.equal(await outcome(odtWith('', { 'Pictures/a.svgz': strToU8('<svg/> not gzipped') }), 'a.odt'), 'uncleanableImage');
    assert.equal(await outcome(odtWith('', { 'Pictures/a.svgz': gzipSync(Buffer.from('plain text')) }), 'a.odt'), 'uncleanableImage');
    // 210 MB of spaces gzip to a megabyte or so: more than the whole container may unpack to.
    const bomb = gzipSync(Buffer.concat([Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'), Buffer.alloc(210 * 1024 * 1024, 0x20)]), { level: 1 });
    assert.equal(await outcome(docxWith('<w:p/>', { 'word/media/bomb.svgz': bomb }), 'bomb.docx'), 'zipBomb');
  });
});

describe('office cleaning: printer settings', () => {
  it('drops Excel printer settings with their relationship, the sheet reference and nothing else', async () => {
    const base = unzipSync(ooxmlFile('xlsx'));
    const types = strFromU8(base['[Content_Types].xml']!).replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/></Types>');
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/><pageSetup paperSize="9" orientation="landscape" r:id="rId1"/></worksheet>';
    const sheetRels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" Target="../printerSettings/printerSettings1.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>';
    const devmode = Buffer.concat([Buffer.from(PRINTER, 'utf16le'), Buffer.alloc(200, 1)]);
    const bytes = Buffer.from(zipSync({ ...base, '[Content_Types].xml': strToU8(types), 'xl/worksheets/sheet1.xml': strToU8(sheet), 'xl/worksheets/_rels/sheet1.xml.rels': strToU8(sheetRels), 'xl/printerSettings/printerSettings1.bin': devmode }));
    const parts = await cleanedParts(bytes, 'figures.xlsx');
    assert.ok(!Object.keys(parts).some((name) => /printerSettings/.test(name)), 'the printer settings part is gone');
    const rels = strFromU8(parts['xl/worksheets/_rels/sheet1.xml.rels']!);
    assert.doesNotMatch(rels, /printerSettings/);
    assert.match(rels, /Id="rId2"/, 'the other relationship stays');
    const cleanedSheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    assert.match(cleanedSheet, /<pageSetup paperSize="9" orientation="landscape"\/>/, 'the page setup stays, without the reference to what is gone');
  });

  it('drops Word printer settings and the w:printerSettings element naming them', async () => {
    const settings = '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:zoom w:percent="100"/><w:printerSettings r:id="rId7"/></w:settings>';
    const rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" Target="printerSettings/printerSettings1.bin"/></Relationships>';
    const bytes = docxWith('<w:p/>', { 'word/settings.xml': strToU8(settings), 'word/_rels/settings.xml.rels': strToU8(rels), 'word/printerSettings/printerSettings1.bin': Buffer.from(PRINTER, 'utf16le') });
    const parts = await cleanedParts(bytes, 'report.docx');
    assert.ok(!parts['word/printerSettings/printerSettings1.bin']);
    assert.equal(strFromU8(parts['word/settings.xml']!), '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:zoom w:percent="100"/></w:settings>');
    assert.doesNotMatch(strFromU8(parts['word/_rels/settings.xml.rels']!), /rId7/);
  });
});

describe('office cleaning: Word fields that fetch outside content', () => {
  const run = (code: string) => `<w:r><w:instrText xml:space="preserve">${code}</w:instrText></w:r>`;
  const field = (...codes: string[]) => `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>${codes.map(run).join('')}<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>shown</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;

  it('refuses INCLUDEPICTURE, INCLUDETEXT, LINK and DDEAUTO fields, whole, split across runs, in w:fldSimple and nested', async () => {
    const cases = [
      field(' INCLUDEPICTURE "https://tracker.example/pixel.png" \\d '),
      field(' INCLU', 'DETEXT "\\\\\\\\server\\\\share\\\\notes.docx" '),
      field(' LINK Excel.Sheet.12 "C:\\\\data\\\\figures.xlsx" "Sheet1!R1C1" \\a '),
      field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" '),
      '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://x.example/a.png&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>',
      `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>${run(' IF 1 = 1 "')}<w:r><w:fldChar w:fldCharType="begin"/></w:r>${run(' INCLUDEPICTURE "http://x.example/a.png" ')}<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>${run('" ')}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
    ];
    for (const body of cases) assert.equal(await outcome(docxWith(body), 'fields.docx'), 'activeContent', body);
  });

  it('keeps fields that fetch nothing, even with those words in their text or address', async () => {
    const body = [
      field(' HYPERLINK "https://example.org/link/includepicture" '),
      field(' PAGE '),
      '<w:p><w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "><w:r><w:t>LINK INCLUDETEXT</w:t></w:r></w:fldSimple></w:p>',
    ].join('');
    assert.equal(await outcome(docxWith(body), 'fields.docx'), 'accepted');
  });
});

describe('office cleaning: packages inside OpenDocument packages', () => {
  it('cleans a Word file kept inside an .odt as a file of its own, and refuses one it cannot take', async () => {
    const inner = ooxmlFile('docx');
    const parts = await cleanedParts(odtWith('', { 'Attachments/annex.docx': inner }), 'with-annex.odt');
    const annex = unzipSync(parts['Attachments/annex.docx']!);
    assert.ok(!annex['docProps/core.xml'], "the inner file's properties are gone");
    assert.ok(annex['word/document.xml']);
    const withMacros = ooxmlFile('docm');
    assert.equal(await outcome(odtWith('', { 'Attachments/annex.docm': withMacros }), 'macros.odt'), 'activeContent');
    assert.equal(await outcome(odtWith('', { 'Attachments/data.zip': zipSync({ 'a.txt': strToU8('x') }) }), 'zip.odt'), 'activeContent');
  });
});

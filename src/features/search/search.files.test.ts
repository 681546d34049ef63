import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPublication } from '../../../test/factories/publications.js';
import { pdfBomb } from '../../../test/fixtures/pdf-bomb.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { odfFile, ooxmlFile } from '../../../test/helpers/office-files.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { storeDocument } from '../media/images.js';
import { cleanOfficeBytes } from '../media/office-documents.js';
import { contentFiles } from '../media/storage.js';
import { officeText } from './office-text.js';
import { extractDocumentText, extractOfficeText, extractPdfText, MAX_DOCUMENT_TEXT_CHARS } from './search.files.js';
import { reindexItem } from './search.indexer.js';

describe('PDF text extraction', () => {
  it('reads the text layer of an ordinary PDF in a worker thread', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Freedom of assembly report', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const result = await extractPdfText(Buffer.from(await doc.save()));
    assert.deepEqual(result, { readable: true, text: 'Freedom of assembly report' });
  });

  it('says a damaged file cannot be read', async () => {
    const result = await extractPdfText(Buffer.from('%PDF-1.7 nothing else'));
    assert.equal(result.readable, false);
  });

  it('keeps the event loop answering and the heap bounded while a decompression bomb is read', async () => {
    const bomb = pdfBomb(60);
    assert.ok(bomb.length < 1024 * 1024, `the bomb is small (${bomb.length} bytes)`);
    const heapBefore = process.memoryUsage().heapUsed;
    let worstLagMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 50);
      last = now;
    }, 50);
    try {
      const result = await extractPdfText(bomb, { heapMb: 64, timeoutMs: 5_000 });
      assert.equal(result.readable, false, 'the bomb is reported unreadable');
    } finally {
      clearInterval(ticker);
    }
    // The limit is about the event loop, not the machine: a blocked loop shows lags of seconds.
    assert.ok(worstLagMs < 1000, `the event loop stalled for ${Math.round(worstLagMs)} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024, 'the inflated stream did not land in this thread');
  });
});

/*
 * Word, Excel, PowerPoint and OpenDocument files, built part by part as an office suite writes
 * them, each with words only it holds, a Khmer phrase, and text a reader does not see.
 */
const KHMER = 'ការការពារព្រៃឈើសហគមន៍';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function docxWithText(): Buffer {
  return ooxmlFile('docx', {
    'word/document.xml': `<w:document ${W}><w:body><w:p><w:r><w:t>Zanderbloom land</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">dispute  report</w:t></w:r></w:p><w:p><w:r><w:t>${KHMER}</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>Withdrawnword</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>HYPERLINK "https://fieldcode.example/"</w:instrText></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell &amp; value</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`,
    'word/footnotes.xml': `<w:footnotes ${W}><w:footnote w:id="1"><w:p><w:r><w:t>Footnoteword source</w:t></w:r></w:p></w:footnote></w:footnotes>`,
    'word/comments.xml': `<w:comments ${W}><w:comment w:id="0"><w:p><w:r><w:t>Commentword only</w:t></w:r></w:p></w:comment></w:comments>`,
  });
}

const SHEET = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
function xlsxWithText(): Buffer {
  return ooxmlFile('xlsx', {
    'xl/sharedStrings.xml': `<sst ${SHEET} count="2" uniqueCount="2"><si><t>Province</t></si><si><r><t>Quillfeather </t></r><r><rPr><b/></rPr><t>${KHMER}</t></r><rPh sb="0" eb="1"><t>Phoneticword</t></rPh></si></sst>`,
    'xl/worksheets/sheet1.xml': `<worksheet ${SHEET}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Inlineword</t></is></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c></row></sheetData></worksheet>`,
  });
}

const DRAWING = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
function pptxWithText(): Buffer {
  const slide = (text: string) => `<p:sld ${DRAWING}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
  return ooxmlFile('pptx', { 'ppt/slides/slide10.xml': slide('Tenth slide'), 'ppt/slides/slide2.xml': slide(`Marrowvale ${KHMER}`) });
}

const ODF_CONTENT = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:font-face-decls><style:font-face xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="Fontnameword"/></office:font-face-decls><office:body>${body}</office:body></office:document-content>`;

function odfWithText(kind: 'odt' | 'ods' | 'odp'): Buffer {
  const bodies = {
    odt: `<office:text><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Withdrawnword</text:p></text:deletion></text:changed-region></text:tracked-changes><text:h>Brightwater<text:s text:c="2"/>hearing</text:h><text:p>${KHMER}<text:line-break/>next<office:annotation><dc:creator>x</dc:creator><text:p>Commentword</text:p></office:annotation></text:p></office:text>`,
    ods: `<office:spreadsheet><table:table table:name="Sheetnameword"><table:table-row><table:table-cell><text:p>Gallowmere</text:p></table:table-cell><table:table-cell><text:p>${KHMER}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>`,
    odp: `<office:presentation><draw:page xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><draw:frame><draw:text-box><text:p>Thornbury ${KHMER}</text:p></draw:text-box></draw:frame></draw:page></office:presentation>`,
  };
  return odfFile(kind, { 'content.xml': ODF_CONTENT(bodies[kind]) });
}

describe('office document text extraction', () => {
  it('reads the visible text of Word, Excel, PowerPoint and OpenDocument files, Khmer intact, in a worker thread', async () => {
    const cases: Array<[string, Buffer, string]> = [
      ['docx', docxWithText(), `Zanderbloom land dispute report ${KHMER} Cell & value Footnoteword source`],
      ['xlsx', xlsxWithText(), `Province Quillfeather ${KHMER} Inlineword`],
      ['pptx', pptxWithText(), `Marrowvale ${KHMER} Tenth slide`],
      ['odt', odfWithText('odt'), `Brightwater hearing ${KHMER} next`],
      ['ods', odfWithText('ods'), `Gallowmere ${KHMER}`],
      ['odp', odfWithText('odp'), `Thornbury ${KHMER}`],
    ];
    for (const [kind, bytes, text] of cases) {
      const cleaned = await cleanOfficeBytes(bytes);
      assert.ok(cleaned.ok, kind);
      assert.deepEqual(await extractDocumentText(cleaned.bytes), { readable: true, text }, kind);
    }
  });

  it('leaves out deleted tracked changes, comments, field codes, phonetic guides and names of styles or sheets', () => {
    const all = [docxWithText(), xlsxWithText(), odfWithText('odt'), odfWithText('ods')].map((b) => officeText(b, MAX_DOCUMENT_TEXT_CHARS)).join(' ');
    for (const hidden of ['Withdrawnword', 'Commentword', 'fieldcode', 'Phoneticword', 'Fontnameword', 'Sheetnameword', 'SUM']) assert.ok(!all.includes(hidden), `${hidden} is not read`);
  });

  it('reads a large genuine workbook within the unpack budget, not ending it as out of memory', async () => {
    // About 120 MB of sheet XML, inside the 200 MB the library accepts, with a Khmer cell (so the
    // unpacked part is a two-byte string, 240 MB) and a phonetic guide (so the part is copied once
    // without it): the PDF thread's 192 MB heap ended this as "memory".
    const row = '<row><c t="inlineStr"><is><t>Province ledger</t></is></c></row>';
    const rows = row.repeat(Math.ceil((120 * 1024 * 1024) / row.length));
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>${KHMER}</t><rPh><t>Phoneticword</t></rPh></is></c></row>${rows}</sheetData></worksheet>`;
    const result = await extractOfficeText(ooxmlFile('xlsx', { 'xl/worksheets/sheet1.xml': sheet }));
    assert.ok(result.readable, `unreadable: ${result.readable ? '' : result.reason}`);
    assert.ok(result.text.startsWith(`${KHMER} Province ledger Province ledger`), result.text.slice(0, 100));
    assert.ok(!result.text.includes('Phoneticword'));
  });

  it('keeps at most the set number of characters, and says a damaged file cannot be read', async () => {
    assert.equal(officeText(docxWithText(), 20), 'Zanderbloom land dis');
    assert.deepEqual(await extractDocumentText(ooxmlFile('docx').subarray(0, 300)), { readable: false, reason: 'damaged' });
  });
});

for (const engine of testEngines()) {
  describe(`a publication found by the words of its office document (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { env: { PDF_TEXT_WORKER: 'off', PAGE_CACHE: 'off' } });
    });
    after(() => t.close());

    it('indexes a Word document’s text with its publication once read, in English and in Khmer', async () => {
      const storage = contentFiles(t.app.storage);
      const cleaned = await cleanOfficeBytes(docxWithText());
      assert.ok(cleaned.ok);
      const fileId = await t.db.transaction().execute((tx) => storeDocument(tx, storage, cleaned.bytes, 'land-report.docx', cleaned.type.mime));
      const publication = await createPublication(t.db, { translations: { en: { title: 'Annual land report' }, km: { title: 'របាយការណ៍ដីធ្លីប្រចាំឆ្នាំ' } } });
      // The same report is the document of both languages.
      for (const locale of ['en', 'km']) await t.db.insertInto('publicationFiles').values({ publicationId: publication.id, locale, fileId, label: null, sortOrder: 0 }).execute();
      await t.db.transaction().execute((tx) => reindexItem(tx, 'publication', publication.id, { storage }));
      const search = (locale: string, q: string) => t.app.inject(`/${locale}/search?q=${encodeURIComponent(q)}`);
      assert.doesNotMatch((await search('en', 'Zanderbloom')).body, /Annual land report/, 'not before its text is read');
      await readQueuedPdfTexts(t.db, storage);
      assert.match((await search('en', 'Zanderbloom')).body, /Annual land report/);
      assert.match((await search('en', 'footnoteword')).body, /Annual land report/);
      assert.match((await search('km', 'ព្រៃឈើ')).body, /របាយការណ៍ដីធ្លីប្រចាំឆ្នាំ/);
      assert.doesNotMatch((await search('en', 'Withdrawnword')).body, /Annual land report/, 'deleted text is not found');
    });
  });
}

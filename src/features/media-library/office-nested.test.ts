import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { AUTHOR, COMPANY, EDITOR, odfFile, ooxmlFile } from '../../../test/helpers/office-files.js';
import { mediaLibraryMessages } from './media-library.messages.js';
import { checkUpload } from './upload-check.js';

/*
 * Office files inside office files, two levels deep, shaped as Office and LibreOffice write them:
 * a Word document holding a PowerPoint presentation (`word/embeddings/…pptx`, with its package
 * relationship and content type) whose slide holds a chart's workbook, and OpenDocument objects
 * kept as sub-document folders inside sub-document folders.
 */

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/package';
const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0"';
const PRINTER = 'HR-Printer on \\\\SOKHA-LAPTOP';

/** `outer` with `inner` embedded under `embeddings/` as Office does: the part, its package relationship from `source`, and its content type. */
function embed(outer: Buffer, source: string, name: string, inner: Buffer, contentType: string): Buffer {
  const parts = unzipSync(outer);
  const folder = source.slice(0, source.lastIndexOf('/'));
  const relsName = `${folder}/_rels/${source.slice(folder.length + 1)}.rels`;
  const root = folder.split('/')[0]!;
  // From word/document.xml: `embeddings/…`; from ppt/charts/chart1.xml: `../embeddings/…`.
  const target = `${'../'.repeat(folder.split('/').length - 1)}embeddings/${name}`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}"><Relationship Id="rId9" Type="${PACKAGE_REL}" Target="${target}"/></Relationships>`;
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const types = strFromU8(parts['[Content_Types].xml']!).replace('</Types>', `<Default Extension="${extension}" ContentType="${contentType}"/></Types>`);
  return Buffer.from(zipSync({ ...parts, '[Content_Types].xml': strToU8(types), [relsName]: strToU8(rels), [`${root}/embeddings/${name}`]: new Uint8Array(inner) }));
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** A presentation whose chart keeps its data as a workbook, each with its author. */
const presentationWithChart = () => embed(ooxmlFile('pptx', { 'ppt/charts/chart1.xml': '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>' }), 'ppt/charts/chart1.xml', 'Microsoft_Excel_Worksheet.xlsx', ooxmlFile('xlsx'), XLSX_TYPE);

/** An OpenDocument sub-document folder's parts: a content.xml holding `body`, its own meta.xml (with the author) and settings.xml (with the printer). */
function subDocument(folder: string, body: string): Zippable {
  const meta = strFromU8(unzipSync(odfFile('odt'))['meta.xml']!);
  const settings = `<office:document-settings ${ODF_NS}><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">${PRINTER}</config:config-item></config:config-item-set></office:settings></office:document-settings>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:body>${body}</office:body></office:document-content>`;
  return { [`${folder}/content.xml`]: strToU8(content), [`${folder}/meta.xml`]: strToU8(meta), [`${folder}/settings.xml`]: strToU8(settings) };
}

const objectFrame = (href: string) => `<draw:frame><draw:object xlink:href="${href}" xlink:type="simple"/></draw:frame>`;

function odtWith(body: string, extra: Zippable): Buffer {
  const base = unzipSync(odfFile('odt'));
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:body><office:text><text:p>Land report 2024</text:p>${body}</office:text></office:body></office:document-content>`;
  return Buffer.from(zipSync({ ...base, mimetype: [base.mimetype!, { level: 0 }], 'content.xml': strToU8(content), ...extra }));
}

const secretsIn = (parts: Record<string, Uint8Array>) =>
  Object.entries(parts)
    .filter(([, bytes]) => [AUTHOR, EDITOR, COMPANY, 'SOKHA-LAPTOP'].some((secret) => strFromU8(bytes).includes(secret)))
    .map(([name]) => name);

describe('office files nested in office files', () => {
  it('cleans a presentation embedded in a Word document, and refuses one that holds a workbook of its own, saying why', async () => {
    const oneLevel = embed(ooxmlFile('docx'), 'word/document.xml', 'Microsoft_PowerPoint_Presentation.pptx', ooxmlFile('pptx'), PPTX_TYPE);
    const check = await checkUpload(oneLevel, 'report.docx');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const inner = unzipSync(unzipSync(check.cleaned)['word/embeddings/Microsoft_PowerPoint_Presentation.pptx']!);
    assert.deepEqual([secretsIn(unzipSync(check.cleaned)), secretsIn(inner)], [[], []]);
    assert.ok(inner['ppt/presentation.xml'], 'the presentation is still there');

    // Two levels: the presentation's chart keeps its workbook. The inner files are not taken apart
    // further: the document is refused, with the reason that names a document inside the file
    // holding objects of its own.
    const twoLevels = embed(ooxmlFile('docx'), 'word/document.xml', 'Microsoft_PowerPoint_Presentation.pptx', presentationWithChart(), PPTX_TYPE);
    assert.deepEqual(await checkUpload(twoLevels, 'report.docx'), { ok: false, problem: 'activeContent' });
    assert.match(mediaLibraryMessages.en.activeContent, /document inside the file that has macros or objects of its own/);
    // The same presentation alone is taken, its workbook cleaned as a file of its own.
    const alone = await checkUpload(presentationWithChart(), 'slides.pptx');
    assert.ok(alone.ok && alone.kind === 'office', JSON.stringify(alone));
    assert.deepEqual(secretsIn(unzipSync(unzipSync(alone.cleaned)['ppt/embeddings/Microsoft_Excel_Worksheet.xlsx']!)), []);
  });

  it('refuses an OLE object two levels down, and an office file inside an office file kept in an OpenDocument file', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const workbookWithOle = Buffer.from(zipSync({ ...unzipSync(ooxmlFile('xlsx')), 'xl/embeddings/oleObject1.bin': new Uint8Array(ole) }));
    const docx = embed(ooxmlFile('docx'), 'word/document.xml', 'Microsoft_Excel_Worksheet.xlsx', workbookWithOle, XLSX_TYPE);
    assert.deepEqual(await checkUpload(docx, 'report.docx'), { ok: false, problem: 'activeContent' });

    const docxWithWorkbook = embed(ooxmlFile('docx'), 'word/document.xml', 'Microsoft_Excel_Worksheet.xlsx', ooxmlFile('xlsx'), XLSX_TYPE);
    const taken = await checkUpload(odtWith('', { 'Attachments/report.docx': new Uint8Array(ooxmlFile('docx')) }), 'minutes.odt');
    assert.ok(taken.ok, 'an office file one level down is taken');
    assert.deepEqual(await checkUpload(odtWith('', { 'Attachments/report.docx': new Uint8Array(docxWithWorkbook) }), 'minutes.odt'), { ok: false, problem: 'activeContent' });
  });

  it('cleans an OpenDocument object inside an object at every level: meta.xml emptied, the printer gone', async () => {
    const chart = '<office:chart><chart:chart chart:class="chart:bar"/></office:chart>';
    const odt = odtWith(objectFrame('./Object 1'), {
      ...subDocument('Object 1', `<office:text><text:p>Inner text</text:p>${objectFrame('./Object 2')}</office:text>`),
      ...subDocument('Object 1/Object 2', chart),
    });
    assert.ok(unzipSync(odt)['Object 1/Object 2/meta.xml'], 'the fixture nests two levels');
    const check = await checkUpload(odt, 'minutes.odt');
    assert.ok(check.ok && check.kind === 'office', JSON.stringify(check));
    const parts = unzipSync(check.cleaned);
    assert.deepEqual(secretsIn(parts), []);
    for (const folder of ['', 'Object 1/', 'Object 1/Object 2/']) assert.match(strFromU8(parts[`${folder}meta.xml`]!), /<office:meta\/>/, `${folder}meta.xml`);
    assert.match(strFromU8(parts['Object 1/Object 2/content.xml']!), /chart:class="chart:bar"/);

    // An inner object that is not a sub-document is refused at the second level as at the first.
    const missing = odtWith(objectFrame('./Object 1'), subDocument('Object 1', `<office:text>${objectFrame('./Object 9')}</office:text>`));
    assert.deepEqual(await checkUpload(missing, 'minutes.odt'), { ok: false, problem: 'activeContent' });
    const outside = odtWith(objectFrame('./Object 1'), subDocument('Object 1', `<office:text>${objectFrame('../../elsewhere/Object 2')}</office:text>`));
    assert.deepEqual(await checkUpload(outside, 'minutes.odt'), { ok: false, problem: 'activeContent' });
  });
});

import { strToU8, zipSync, type Zippable } from 'fflate';

/*
 * Small but real Word, Excel, PowerPoint and OpenDocument files, written with the same ZIP
 * library the media library reads them with. Each carries an author, a last editor, a company
 * and a comment in its document properties, so a test can show they are gone after upload.
 */

export const AUTHOR = 'Sok Author-Secret';
export const EDITOR = 'Dara Editor-Secret';
export const COMPANY = 'Secret Company Ltd';
export const COMMENT = 'Draft for the board only';

const OOXML = {
  docx: { main: 'word/document.xml', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', body: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Land report 2024</w:t></w:r></w:p></w:body></w:document>' },
  xlsx: { main: 'xl/workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', body: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>' },
  pptx: { main: 'ppt/presentation.xml', type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', body: '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>' },
  docm: { main: 'word/document.xml', type: 'application/vnd.ms-word.document.macroEnabled.main+xml', body: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' },
} as const;

const ODF = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
} as const;

const zip = (files: Zippable) => Buffer.from(zipSync(files));

/** A Word (docx), Excel (xlsx), PowerPoint (pptx) or macro-enabled Word (docm) file with author metadata. */
export function ooxmlFile(kind: keyof typeof OOXML, extra: Record<string, string> = {}): Buffer {
  const { main, type, body } = OOXML[kind];
  const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${type}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`;
  const core = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${EDITOR}</cp:lastModifiedBy><dc:description>${COMMENT}</dc:description></cp:coreProperties>`;
  const app = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${COMPANY}</Company><Manager>${EDITOR}</Manager></Properties>`;
  const custom = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property name="Reviewer"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${EDITOR}</vt:lpwstr></property></Properties>`;
  return zip({
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(rels),
    [main]: strToU8(body),
    'docProps/core.xml': strToU8(core),
    'docProps/app.xml': strToU8(app),
    'docProps/custom.xml': strToU8(custom),
    ...Object.fromEntries(Object.entries(extra).map(([name, text]) => [name, strToU8(text)])),
  });
}

/** An OpenDocument text (odt), spreadsheet (ods) or presentation (odp) with author metadata in meta.xml. */
export function odfFile(kind: keyof typeof ODF, extra: Record<string, string> = {}): Buffer {
  const meta = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><meta:initial-creator>${AUTHOR}</meta:initial-creator><dc:creator>${EDITOR}</dc:creator><dc:description>${COMMENT}</dc:description><meta:user-defined meta:name="Company">${COMPANY}</meta:user-defined></office:meta></office:document-meta>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODF[kind]}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  const content = '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Land report 2024</text:p></office:text></office:body></office:document-content>';
  return zip({
    mimetype: [strToU8(ODF[kind]), { level: 0 }],
    'content.xml': strToU8(content),
    'meta.xml': strToU8(meta),
    'META-INF/manifest.xml': strToU8(manifest),
    ...Object.fromEntries(Object.entries(extra).map(([name, text]) => [name, strToU8(text)])),
  });
}

let bomb: Buffer | undefined;

/** An OpenDocument text whose content.xml unpacks to 201 MB of spaces, about 200 KB on disk (made once: deflating it takes seconds). */
export function zipBombOdt(): Buffer {
  bomb ??= zip({
    mimetype: [strToU8(ODF.odt), { level: 0 }],
    'content.xml': [new Uint8Array(201 * 1024 * 1024).fill(0x20), { level: 1 }],
  });
  return bomb;
}

/** An OpenDocument text of `count` parts, each a few bytes. */
export function manyPartsOdt(count: number): Buffer {
  const files: Zippable = { mimetype: [strToU8(ODF.odt), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') };
  for (let i = 0; i < count; i += 1) files[`Pictures/${i}.txt`] = strToU8('x');
  return zip(files);
}

/** The first bytes of a Word 97-2003 file (an OLE2 compound file). */
export function legacyDoc(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
}

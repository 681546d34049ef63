import { crc32, inflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';

/*
 * Word, Excel and PowerPoint files (Office Open XML) and their OpenDocument counterparts are ZIP
 * containers. They are recognised by what the container says it holds ([Content_Types].xml, or
 * ODF's `mimetype` entry), never by the name, and stored rewritten without the document
 * properties where Word and LibreOffice keep the author, the last editor, the company, comments
 * on the file, the template's path and the editing time (docProps/core.xml, app.xml, custom.xml;
 * ODF's meta.xml). The text, pictures and layout are the document and stay as they are.
 */

/** An annual report in Word with its photographs stays well under this. */
export const MAX_OFFICE_BYTES = 50 * 1024 * 1024;
/** Everything the container holds, unpacked: a ZIP bomb expands far beyond it and is refused before it is inflated. */
export const MAX_OFFICE_UNPACKED_BYTES = 200 * 1024 * 1024;
/** A presentation of several hundred slides has a few thousand parts. */
export const MAX_OFFICE_ENTRIES = 5000;

export type OfficeProblem = 'macros' | 'legacyOffice' | 'zipBomb' | 'brokenDocument' | 'notOffice';

export interface OfficeType {
  mime: string;
  extensions: string[];
  family: 'ooxml' | 'odf';
}

/** The main part's content type in [Content_Types].xml → the file's type. */
const OOXML_MAIN: Record<string, OfficeType> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    family: 'ooxml',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    family: 'ooxml',
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    family: 'ooxml',
  },
};

/** The main parts of the macro-enabled variants (.docm, .dotm, .xlsm, .xltm, .xlsb, .pptm, .potm, .ppsm). */
const OOXML_MACRO_MAIN = /application\/vnd\.ms-(word|excel|powerpoint)\.[a-z.]*macroenabled[a-z.]*\.main\+xml|application\/vnd\.ms-excel\.sheet\.binary\.macroenabled\.main/i;

const ODF_TYPES: Record<string, OfficeType> = {
  'application/vnd.oasis.opendocument.text': { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], family: 'odf' },
  'application/vnd.oasis.opendocument.spreadsheet': { mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], family: 'odf' },
  'application/vnd.oasis.opendocument.presentation': { mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'], family: 'odf' },
};

/** Every MIME type a cleaned office document is stored and served with. */
export const OFFICE_MIME_TYPES: ReadonlySet<string> = new Set([...Object.values(OOXML_MAIN), ...Object.values(ODF_TYPES)].map((t) => t.mime));

/** Names that are never a document: the old binary formats and the macro-enabled ones, by what they are called. */
const LEGACY_EXTENSIONS = new Set(['doc', 'dot', 'xls', 'xlt', 'ppt', 'pot', 'pps']);
const MACRO_EXTENSIONS = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'xlam', 'pptm', 'potm', 'ppsm', 'ppam']);

/** The signature of an OLE2 compound file: Word 97-2003, Excel, PowerPoint, and their macros. */
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface OfficeDocument {
  type: OfficeType;
  /** The container's parts, unpacked, in their order in the container. */
  entries: Map<string, Uint8Array>;
}

export type OfficeRead = { ok: true; document: OfficeDocument } | { ok: false; problem: OfficeProblem };

export function isOle2(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE2_SIGNATURE);
}

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.subarray(0, 4).equals(ZIP_SIGNATURE);
}

/** What a name alone says the file must be refused as, whatever its content (a `.docm` is refused even when it holds no macros yet). */
export function problemOfOfficeName(extension: string): 'macros' | 'legacyOffice' | undefined {
  if (MACRO_EXTENSIONS.has(extension)) return 'macros';
  if (LEGACY_EXTENSIONS.has(extension)) return 'legacyOffice';
  return undefined;
}

/** A part name that is a plain relative path (no `..`, no leading slash, no backslash). */
function isSafePartName(name: string): boolean {
  return name.length > 0 && !name.startsWith('/') && !name.includes('\\') && !name.split('/').includes('..') && name !== '__proto__' && !/^\d+$/.test(name);
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

class Refused extends Error {
  constructor(readonly problem: OfficeProblem) {
    super(problem);
  }
}

/**
 * Unpacks a ZIP container within the limits. The entry count and the sizes the central
 * directory declares are checked before anything is inflated; each entry is then inflated by
 * zlib with its declared size as the most it may produce, so an entry that lies about its size
 * is stopped there (not decoded to the end), and its checksum must match what it declares.
 */
function unpack(bytes: Buffer): { ok: true; entries: Map<string, Uint8Array> } | { ok: false; problem: OfficeProblem } {
  try {
    return { ok: true, entries: unpackOrThrow(bytes) };
  } catch (error) {
    return { ok: false, problem: error instanceof Refused ? error.problem : 'brokenDocument' };
  }
}

function unpackOrThrow(bytes: Buffer): Map<string, Uint8Array> {
  const broken = () => new Refused('brokenDocument');
  let end = bytes.length - 22;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  while (end >= lowest && bytes.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end -= 1;
  if (end < lowest) throw broken();
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  // ZIP64 (counts and offsets of 0xffff…) is for containers far larger than a document may be.
  if (count === 0xffff || offset === 0xffffffff) throw broken();
  if (count > MAX_OFFICE_ENTRIES) throw new Refused('zipBomb');
  const listed: Array<{ name: string; method: number; crc: number; compressed: number; size: number; local: number }> = [];
  let declared = 0;
  for (let i = 0; i < count; i += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_HEADER) throw broken();
    const flags = bytes.readUInt16LE(offset + 8);
    const method = bytes.readUInt16LE(offset + 10);
    const crc = bytes.readUInt32LE(offset + 16);
    const compressed = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const next = offset + 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    // Encrypted entries cannot be read, and only stored and deflated ones are written by office suites.
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || !isSafePartName(name.replace(/\/$/, '') || 'x')) throw broken();
    declared += size;
    if (declared > MAX_OFFICE_UNPACKED_BYTES) throw new Refused('zipBomb');
    listed.push({ name, method, crc, compressed, size, local: bytes.readUInt32LE(offset + 42) });
    offset = next;
  }
  const entries = new Map<string, Uint8Array>();
  for (const entry of listed) {
    if (entry.name.endsWith('/')) continue;
    const at = entry.local;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) throw broken();
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    if (start + entry.compressed > bytes.length) throw broken();
    const data = bytes.subarray(start, start + entry.compressed);
    let content: Buffer;
    if (entry.method === 0) {
      content = data;
    } else {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
      } catch (error) {
        // More output than the entry declared: a bomb that lied about its size.
        throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? new Refused('zipBomb') : broken();
      }
    }
    if (content.length !== entry.size || crc32(content) !== entry.crc) throw broken();
    if (entries.has(entry.name)) throw broken();
    entries.set(entry.name, content);
  }
  return entries;
}

function textOf(entries: Map<string, Uint8Array>, name: string): string | undefined {
  const bytes = entries.get(name);
  return bytes ? strFromU8(bytes) : undefined;
}

/** Parts of an OOXML container that hold macros, whatever the main part says. */
function hasOoxmlMacros(entries: Map<string, Uint8Array>, contentTypes: string): boolean {
  if (OOXML_MACRO_MAIN.test(contentTypes) || /application\/vnd\.ms-office\.(vbaProject|activeX)/i.test(contentTypes)) return true;
  return [...entries.keys()].some((name) => /(^|\/)(vbaProject\.bin|vbaData\.xml)$|(^|\/)activeX\//i.test(name));
}

/** ODF keeps Basic macros under `Basic/` and other scripts under `Scripts/`. */
function hasOdfMacros(entries: Map<string, Uint8Array>): boolean {
  return [...entries.keys()].some((name) => /^(Basic|Scripts)\//.test(name));
}

/**
 * Reads a ZIP container as an office document, or says why it is not one the library takes:
 * a container of another kind is `notOffice`, one with macros `macros`, one too large
 * unpacked `zipBomb`, one that cannot be unpacked `brokenDocument`.
 */
export function readOfficeDocument(bytes: Buffer): OfficeRead {
  if (isOle2(bytes)) return { ok: false, problem: 'legacyOffice' };
  if (!isZip(bytes)) return { ok: false, problem: 'notOffice' };
  const unpacked = unpack(bytes);
  if (!unpacked.ok) return unpacked;
  const { entries } = unpacked;
  const contentTypes = textOf(entries, '[Content_Types].xml');
  if (contentTypes !== undefined) {
    if (hasOoxmlMacros(entries, contentTypes)) return { ok: false, problem: 'macros' };
    const main = /<Override\b[^>]*\bContentType="([^"]+)"/g;
    for (const match of contentTypes.matchAll(main)) {
      const type = OOXML_MAIN[match[1]!];
      if (type) return { ok: true, document: { type, entries } };
    }
    return { ok: false, problem: 'notOffice' };
  }
  const mimetype = textOf(entries, 'mimetype')?.trim();
  const type = mimetype ? ODF_TYPES[mimetype] : undefined;
  if (!type) return { ok: false, problem: 'notOffice' };
  if (hasOdfMacros(entries)) return { ok: false, problem: 'macros' };
  if (!entries.has('content.xml')) return { ok: false, problem: 'brokenDocument' };
  return { ok: true, document: { type, entries } };
}

/** The OOXML parts that hold who wrote, edited and owns the file. */
const OOXML_PROPERTY_PARTS = ['docProps/core.xml', 'docProps/app.xml', 'docProps/custom.xml'];

/** An ODF meta.xml that says nothing: valid, with an empty office:meta. */
const EMPTY_ODF_META =
  '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** [Content_Types].xml without the overrides of the removed parts. */
function withoutOverrides(contentTypes: string, parts: string[]): string {
  return parts.reduce((xml, part) => xml.replace(new RegExp(`<Override\\b[^>]*\\bPartName="/${escapeRegExp(part)}"[^>]*/>`, 'gi'), ''), contentTypes);
}

/** A relationships part without the relationships that lead to the removed parts. */
function withoutRelationships(rels: string, parts: string[]): string {
  return parts.reduce((xml, part) => xml.replace(new RegExp(`<Relationship\\b[^>]*\\bTarget="/?${escapeRegExp(part)}"[^>]*/>`, 'gi'), ''), rels);
}

/** Every container written here gets the same date, so the same document cleans to the same bytes (and is stored once). */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * The document rewritten without its properties: OOXML loses docProps/core.xml, app.xml and
 * custom.xml with their entries in [Content_Types].xml and _rels/.rels; ODF's meta.xml is
 * replaced by an empty one (the manifest lists it), and `mimetype` stays the first entry, stored
 * uncompressed, as ODF requires for readers that recognise the file by its first bytes.
 */
export function cleanOfficeDocument(document: OfficeDocument): Buffer {
  const entries = new Map(document.entries);
  if (document.type.family === 'ooxml') {
    const removed = OOXML_PROPERTY_PARTS.filter((part) => entries.delete(part));
    const contentTypes = textOf(entries, '[Content_Types].xml');
    if (contentTypes !== undefined) entries.set('[Content_Types].xml', strToU8(withoutOverrides(contentTypes, OOXML_PROPERTY_PARTS)));
    const rels = textOf(entries, '_rels/.rels');
    if (rels !== undefined && removed.length > 0) entries.set('_rels/.rels', strToU8(withoutRelationships(rels, OOXML_PROPERTY_PARTS)));
  } else if (entries.has('meta.xml')) {
    entries.set('meta.xml', strToU8(EMPTY_ODF_META));
  }
  const zippable: Zippable = {};
  const mimetype = entries.get('mimetype');
  if (document.type.family === 'odf' && mimetype) zippable.mimetype = [mimetype, { level: 0 }];
  for (const [name, bytes] of entries) if (!(name in zippable)) zippable[name] = [bytes, { level: 6 }];
  return Buffer.from(zipSync(zippable, { mtime: FIXED_MTIME }));
}

/** Reads the file, refusing what the library does not take, and gives it back cleaned. */
export function cleanOfficeBytes(bytes: Buffer): { ok: true; type: OfficeType; bytes: Buffer } | { ok: false; problem: OfficeProblem } {
  const read = readOfficeDocument(bytes);
  if (!read.ok) return read;
  return { ok: true, type: read.document.type, bytes: cleanOfficeDocument(read.document) };
}

import { constants as zlibConstants, crc32, deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS } from './images.js';

/*
 * Word, Excel and PowerPoint files (Office Open XML) and their OpenDocument counterparts are ZIP
 * containers. They are recognised by what the container says it holds ([Content_Types].xml, or
 * ODF's `mimetype` entry), never by the name, and stored rewritten without what tells who made
 * them: the document properties (author, last editor, company, comments on the file, editing
 * time), the thumbnail, customXml/, word/people.xml, the attached template's path, the EXIF,
 * XMP and GPS of every picture, the metadata and editor attributes of SVG pictures, and the
 * printer and session records of ODF settings (see cleanOrThrow). Embedded objects other than
 * charts, external links other than hyperlinks (in relationships, and in ODF's xlink:href),
 * formulas and data connections that reach outside, scripts and password-protected files are refused. The text and layout stay as they are.
 *
 * The container is read and written here, with Node's zlib: every part is inflated once to check
 * its size and checksum, and written back as it was stored, so only the parts that change (a few
 * XML parts, and the pictures, re-encoded by sharp) are compressed again. (Re-compressing a whole 21 MB .docx took 4-6 s on the event loop;
 * copying its parts takes 0.2-0.4 s, load average 12-14 on 2 cores.) The tests write their files
 * with fflate, a writer independent of this one.
 */

/** An annual report in Word with its photographs stays well under this. */
export const MAX_OFFICE_BYTES = 50 * 1024 * 1024;
/** Everything the container holds, unpacked: a ZIP bomb expands far beyond it and is refused before it is inflated. */
export const MAX_OFFICE_UNPACKED_BYTES = 200 * 1024 * 1024;
/** A presentation of several hundred slides has a few thousand parts. */
export const MAX_OFFICE_ENTRIES = 5000;

export type OfficeProblem = 'macros' | 'activeContent' | 'uncleanableImage' | 'encryptedDocument' | 'legacyOffice' | 'zipBomb' | 'brokenDocument' | 'notOffice';

export interface OfficeType {
  mime: string;
  extensions: string[];
  family: 'ooxml' | 'odf';
}

/** The main part's content type in [Content_Types].xml → the file's type. */
export const OOXML_MAIN: Record<string, OfficeType> = {
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

export const ODF_TYPES: Record<string, OfficeType> = {
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

/** A part of the container: its bytes as they are stored (deflated or not), checked against its CRC. */
export interface Part {
  method: 0 | 8;
  crc: number;
  size: number;
  stored: Buffer;
  /** The unpacked text of the few parts that are read ([Content_Types].xml, relationships, mimetype, the ODF manifest, Word's settings). */
  text?: string;
  /** The unpacked bytes of a picture (JPEG, PNG, WebP, TIFF or GIF by its content), re-encoded without its metadata when the file is cleaned. */
  image?: { format: ImageFormat; content: Buffer };
  /** The text of an SVG picture, rewritten without its metadata when the file is cleaned (see cleanSvg). */
  svg?: string;
  /** The SVG was gzipped (`.svgz`): it is gzipped again once cleaned. */
  gzipped?: true;
  /** An OLE compound file (an embedded object of another program), found by its first bytes. */
  ole?: true;
  /** A ZIP container inside an OOXML package, wherever it is kept: taken only as `embedded`. */
  archive?: true;
  /** An OOXML part that reaches another program or the network when opened: a DDE field or link, a WEBSERVICE formula (see ooxmlPartActs). */
  acts?: true;
  /**
   * An office file embedded in this one (a chart's workbook, a pasted document): read and cleaned
   * as a file of its own, within what is left of the container's unpacked-size limit.
   */
  embedded?: OfficeDocument;
}

/** What may still be unpacked, shared by a container and the office files embedded in it. */
interface UnpackBudget {
  bytes: number;
}

/** The parts whose text is read to recognise the file and to clean it. */
const READ_PARTS = new Set(['[Content_Types].xml', 'mimetype', 'META-INF/manifest.xml', 'word/settings.xml']);

function isReadPart(name: string): boolean {
  return READ_PARTS.has(name) || name.endsWith('.rels');
}

/**
 * Whether an OpenDocument part's text is read: every XML part (content.xml, styles.xml and
 * settings.xml, at the top and in each embedded object's folder, and the configuration under
 * Configurations2/), since any of them can link to the outside or name a script.
 */
function isOdfXmlPart(name: string): boolean {
  return name.endsWith('.xml');
}

/** An SVG picture, by its name or by what it starts with (an XML declaration, comments, then an `svg` element). */
function isSvg(name: string, content: Buffer): boolean {
  if (/\.svg$/i.test(name)) return true;
  const head = content.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype[^>]*>\s*)?<([\w.-]+:)?svg[\s>]/i.test(head);
}

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif';

/** What a part is by its first bytes, whatever its name: pictures carry EXIF, XMP and GPS positions wherever they are kept. */
function imageFormatOf(content: Buffer): ImageFormat | undefined {
  if (content.length < 12) return undefined;
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'jpeg';
  if (content.readUInt32BE(0) === 0x89504e47) return 'png';
  if (content.toString('latin1', 0, 4) === 'RIFF' && content.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  const head = content.toString('latin1', 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  if (head === 'GIF8') return 'gif';
  return undefined;
}

export interface OfficeDocument {
  type: OfficeType;
  /** The container's parts, in their order in the container. */
  entries: Map<string, Part>;
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
  return name.length > 0 && !name.startsWith('/') && !name.includes('\\') && !name.split('/').includes('..') && name !== '__proto__';
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
function unpack(bytes: Buffer, budget: UnpackBudget): { ok: true; entries: Map<string, Part> } | { ok: false; problem: OfficeProblem } {
  try {
    return { ok: true, entries: unpackOrThrow(bytes, budget) };
  } catch (error) {
    return { ok: false, problem: error instanceof Refused ? error.problem : 'brokenDocument' };
  }
}

/** `only`: the parts wanted, read as text; the others are not inflated at all (reading a document's words needs no pictures). */
function unpackOrThrow(bytes: Buffer, budget: UnpackBudget, only?: (name: string) => boolean): Map<string, Part> {
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
  const listed: ListedEntry[] = [];
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
    if (declared > budget.bytes) throw new Refused('zipBomb');
    listed.push({ name, method, crc, compressed, size, local: bytes.readUInt32LE(offset + 42) });
    offset = next;
  }
  budget.bytes -= declared;
  // An OpenDocument package has no [Content_Types].xml; its XML parts are read to be checked.
  const odf = !listed.some((entry) => entry.name === '[Content_Types].xml');
  const entries = new Map<string, Part>();
  const typesEntry = listed.find((entry) => entry.name === '[Content_Types].xml');
  // Read first, wherever it is kept: it says which parts are XML, whatever they are named.
  const declaredXml = typesEntry && !only ? xmlPartsDeclared(inflateEntry(bytes, typesEntry).content.toString('utf8')) : () => false;
  for (const entry of listed) {
    if (entry.name.endsWith('/') || (only && !only(entry.name))) continue;
    const { stored, content } = inflateEntry(bytes, entry);
    if (entries.has(entry.name)) throw broken();
    if ((entry.name.endsWith('.xml') || entry.name.endsWith('.rels') || declaredXml(entry.name)) && isUtf16(content)) throw broken();
    // Only what is read is kept unpacked: the rest is written back as it was stored.
    const part: Part = { method: entry.method as 0 | 8, crc: entry.crc, size: entry.size, stored };
    if (only || isReadPart(entry.name)) part.text = content.toString('utf8');
    else {
      const format = imageFormatOf(content);
      const svgz = gunzippedSvg(entry.name, content, budget);
      if (format) part.image = { format, content };
      else if (svgz !== undefined) {
        part.svg = svgz;
        part.gzipped = true;
      } else if (isSvg(entry.name, content)) part.svg = content.toString('utf8');
      else if (odf && isOdfXmlPart(entry.name)) part.text = content.toString('utf8');
      else if (isOle2(content)) part.ole = true;
      else if (isEmbedding(entry.name) || isZip(content)) {
        if (isZip(content)) part.archive = true;
        part.embedded = readEmbedded(content, budget);
      } else if (!odf && (entry.name.endsWith('.xml') || declaredXml(entry.name) || startsLikeXml(content)) && ooxmlPartActs(content)) part.acts = true;
    }
    entries.set(entry.name, part);
  }
  return entries;
}

interface ListedEntry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  local: number;
}

/** An entry's stored bytes and its unpacked content, checked against its declared size and checksum. */
function inflateEntry(bytes: Buffer, entry: ListedEntry): { stored: Buffer; content: Buffer } {
  const broken = () => new Refused('brokenDocument');
  const at = entry.local;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) throw broken();
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressed > bytes.length) throw broken();
  const stored = bytes.subarray(start, start + entry.compressed);
  let content: Buffer;
  if (entry.method === 0) {
    content = stored;
  } else {
    try {
      content = inflateRawSync(stored, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      // More output than the entry declared: a bomb that lied about its size.
      throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? new Refused('zipBomb') : broken();
    }
  }
  if (content.length !== entry.size || crc32(content) !== entry.crc) throw broken();
  return { stored, content };
}

const isXmlContentType = (type: string | undefined) => /[+/]xml\s*$/i.test(type ?? '');

/**
 * The parts [Content_Types].xml declares as XML (a content type ending in `+xml` or `/xml`), by
 * extension or by name: Word opens a main document kept as `word/doc.dat` when it is declared so.
 */
function xmlPartsDeclared(contentTypes: string): (name: string) => boolean {
  const extensions = new Set(elements(contentTypes, 'Default').filter(({ attrs }) => isXmlContentType(attrs.ContentType)).map(({ attrs }) => (attrs.Extension ?? '').toLowerCase()));
  const names = new Set(elements(contentTypes, 'Override').filter(({ attrs }) => isXmlContentType(attrs.ContentType)).map(({ attrs }) => (attrs.PartName ?? '').replace(/^\//, '').toLowerCase()));
  return (name) => names.has(name.toLowerCase()) || extensions.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase());
}

/**
 * An XML part written in UTF-16 (a byte-order mark, or `<` with a zero byte beside it). The
 * checks read parts as UTF-8, so such a part could hide anything from them; Office and
 * LibreOffice write UTF-8, so it is refused as damaged rather than decoded.
 */
function isUtf16(content: Buffer): boolean {
  if (content.length < 2) return false;
  const [a, b] = [content[0], content[1]];
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff) || (a === 0x3c && b === 0) || (a === 0 && b === 0x3c);
}

/** Bytes that start like XML (a byte order mark, white space, then `<`), whatever the part is named or declared as. */
function startsLikeXml(content: Buffer): boolean {
  return /^(\uFEFF)?\s*</.test(content.subarray(0, 64).toString('utf8'));
}

const GZIP_SIGNATURE = Buffer.from([0x1f, 0x8b]);

/** How much of a gzipped part is inflated to tell whether it is an SVG: isSvg reads the first 4 KB. */
const GZIP_PEEK_BYTES = 4096;

/** Takes `length` unpacked bytes from what may still be unpacked, or refuses the file as a bomb. */
function charge(budget: UnpackBudget, length: number): void {
  if (length > budget.bytes) throw new Refused('zipBomb');
  budget.bytes -= length;
}

/**
 * The text of a gzipped SVG (`.svgz`, in ODF or OOXML), so it is cleaned as any SVG is rather
 * than passed through unread. Undefined when the part is not a gzipped SVG (a `.emz` picture is
 * gzipped EMF: kept as it is). Only the start of a gzipped part is inflated to decide (the first
 * 4 KB of its compressed bytes), and only an SVG is inflated whole; every inflation is charged to
 * the unpack budget, so thousands of gzipped parts cannot make the reading last minutes. A
 * `.svgz` part that does not inflate to an SVG within the budget cannot be cleaned and refuses
 * the file.
 */
function gunzippedSvg(name: string, content: Buffer, budget: UnpackBudget): string | undefined {
  const named = /\.svgz$/i.test(name);
  const notSvg = () => {
    if (named) throw new Refused('uncleanableImage');
    return undefined;
  };
  if (content.length < 2 || !content.subarray(0, 2).equals(GZIP_SIGNATURE)) return notSvg();
  let head: Buffer;
  try {
    // A cut gzip stream inflates to what its bytes hold (at most about a thousand times as much) with a sync flush.
    head = gunzipSync(content.subarray(0, GZIP_PEEK_BYTES), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return notSvg();
  }
  charge(budget, head.length);
  // By its content: a `.svgz` name alone does not make a gzipped part an SVG.
  if (!isSvg('', head)) return notSvg();
  let svg: Buffer;
  try {
    svg = gunzipSync(content, { maxOutputLength: Math.max(budget.bytes, 1) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Refused('zipBomb');
    return notSvg();
  }
  charge(budget, svg.length);
  return svg.toString('utf8');
}

function textOf(entries: Map<string, Part>, name: string): string | undefined {
  return entries.get(name)?.text;
}

/** Parts of an OOXML container that hold macros, whatever the main part says. */
function hasOoxmlMacros(entries: Map<string, Part>, contentTypes: string): boolean {
  if (OOXML_MACRO_MAIN.test(contentTypes) || /application\/vnd\.ms-office\.(vbaProject|activeX)/i.test(contentTypes)) return true;
  return [...entries.keys()].some((name) => /(^|\/)(vbaProject\.bin|vbaData\.xml)$|(^|\/)activeX\//i.test(name));
}

/** ODF keeps Basic macros under `Basic/` and other scripts under `Scripts/`. */
function hasOdfMacros(entries: Map<string, Part>): boolean {
  return [...entries.keys()].some((name) => /^(Basic|Scripts)\//.test(name));
}

/**
 * A prefix or a local name: any characters XML allows in a name (`ñ:image` is as valid as
 * `draw:image`), so everything but white space and the characters that end a name.
 */
const XML_NAME = `[^\\s:<>/=!?"']+`;

/** A qualified name's local part, whatever its prefix. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The attributes of each element named `name` in an XML text (relationships, overrides, manifest entries are flat). */
function elements(xml: string, name: string): Array<{ element: string; attrs: Record<string, string> }> {
  const found: Array<{ element: string; attrs: Record<string, string> }> = [];
  for (const match of xml.matchAll(new RegExp(`<(?:${XML_NAME}:)?${name}(?=[\\s/>])[^>]*?/?>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const attr of match[0].matchAll(/([^\s=<>"'/]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[localName(attr[1]!)] = attr[3] ?? attr[4] ?? '';
    found.push({ element: match[0], attrs });
  }
  return found;
}

/** The XML without one element found by `elements`, and its closing tag when it is not self-closing. */
function withoutElement(xml: string, element: string, name: string): string {
  const at = xml.indexOf(element);
  if (at < 0) return xml;
  let end = at + element.length;
  if (!element.endsWith('/>')) {
    const close = new RegExp(`^[^<]*</(?:${XML_NAME}:)?${name}\\s*>`).exec(xml.slice(end));
    if (close) end += close[0].length;
  }
  return xml.slice(0, at) + xml.slice(end);
}

const RELATIONSHIP_TYPE = (type: string | undefined) => (type ?? '').replace(/^.*\//, '').toLowerCase();

/** A template named by an address on another machine: opening the file would fetch it (template injection). */
function isRemoteTarget(target: string): boolean {
  return /^(https?|ftp):/i.test(target) || target.startsWith('\\\\') || target.startsWith('//') || /^file:\/\/(?!\/)(?!localhost\/)/i.test(target);
}

/** Internal relationships to another program's object or a control (oleObject, control, activeXControlBinary). */
const ACTIVE_RELATIONSHIPS = new Set(['oleobject', 'control', 'activexcontrol', 'activexcontrolbinary']);

/** Word fields that fetch a picture, a text or an object from another file or address when the document is opened or updated. */
const OUTSIDE_FIELDS = /^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|IMPORT|DDE|DDEAUTO)(\s|\\|"|$)/i;

/** Word's field codes, or `unreadable` when the part cannot be read the way Word would read it. */
type FieldCodes = { codes: string[]; pieces: string[] } | 'unreadable';

/**
 * Reads an XML part with a strict parse: `listen` adds its handlers, given `refuse` to call on
 * what it cannot accept. A part that does not parse, or that has a DTD, is refused as well.
 * Returns whether the part was refused.
 */
function parseRefusing(xml: string, listen: (parser: SaxesParser, refuse: () => void) => void): boolean {
  let refused = false;
  const parser = new SaxesParser();
  const refuse = () => {
    refused = true;
  };
  parser.on('error', refuse);
  parser.on('doctype', refuse);
  listen(parser, refuse);
  try {
    parser.write(xml.replace(/^\uFEFF/, '')).close();
  } catch {
    refuse();
  }
  return refused;
}

/**
 * Each Word field's code, as Word reads it, from a real parse of the part (values and attributes
 * decoded, CDATA read as text): `w:fldSimple w:instr`, and the `w:instrText` pieces between a
 * field's `begin` and its `separate` (or `end`) joined, however many runs they are split across; a
 * field nested in another's code starts a code of its own. `pieces` is every piece as it stands.
 * Unreadable, so refused: a part that does not parse, a DTD, a comment or processing instruction
 * inside `w:instrText` (Word skips it, joining what is around it), and a field whose name would be
 * the result of a field nested before it (`{ {QUOTE 68 68 69} … }` spells DDE without writing it).
 */
function wordFieldCodes(xml: string): FieldCodes {
  const codes: string[] = [];
  const pieces: string[] = [];
  const fields: Array<{ code: string; reading: boolean }> = [];
  let inCode = false;
  const attribute = (tag: { attributes: unknown }, wanted: string) => {
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) if (localName(name) === wanted) return value;
    return undefined;
  };
  const unreadable = parseRefusing(xml, (parser, refuse) => {
    parser.on('opentag', (tag) => {
      const local = localName(tag.name);
      if (local === 'instrText') inCode = !tag.isSelfClosing;
      const instr = local === 'fldSimple' ? attribute(tag, 'instr') : undefined;
      if (instr !== undefined) {
        pieces.push(` ${instr} `);
        codes.push(instr);
      }
      if (local !== 'fldChar') return;
      const type = attribute(tag, 'fldCharType');
      const current = fields.at(-1);
      if (type === 'begin') {
        if (current?.reading && current.code.trim() === '') refuse();
        fields.push({ code: '', reading: true });
      } else if ((type === 'separate' || type === 'end') && current) {
        if (current.reading) codes.push(current.code);
        current.reading = false;
        if (type === 'end') fields.pop();
      }
    });
    parser.on('closetag', (tag) => {
      if (localName(tag.name) === 'instrText') inCode = false;
    });
    const text = (content: string) => {
      if (!inCode) return;
      pieces.push(content);
      const current = fields.at(-1);
      // Code text outside any field is read as a code of its own rather than ignored.
      if (current?.reading) current.code += content;
      else codes.push(content);
    };
    parser.on('text', text);
    parser.on('cdata', text);
    parser.on('comment', () => {
      if (inCode) refuse();
    });
    parser.on('processinginstruction', () => {
      if (inCode) refuse();
    });
  });
  for (const field of fields) if (field.reading) codes.push(field.code);
  return unreadable ? 'unreadable' : { codes, pieces };
}

/**
 * Spreadsheet elements whose text is a formula: a cell's, a named formula, a condition's or a
 * validation's, a table column's (`xm:f` of the x14 extensions and a chart's `c:f` are `f` too).
 */
const FORMULA_ELEMENTS = new Set(['f', 'formula', 'formula1', 'formula2', 'definedName', 'calculatedColumnFormula', 'totalsRowFormula']);
/** An external link part's content: another workbook (its cells are read from it on update), a DDE link or an OLE link to another program. */
const LINK_ELEMENTS = new Set(['externalBook', 'ddeLink', 'oleLink']);
/** The OLAP cube functions: each asks an outside data server (an Analysis Services connection) for its value. */
const CUBE_FUNCTIONS = ['CUBEVALUE', 'CUBEMEMBER', 'CUBESET', 'CUBEMEMBERPROPERTY', 'CUBERANKEDMEMBER', 'CUBESETCOUNT', 'CUBEKPIMEMBER'];
/**
 * Formula functions that fetch outside content or reach another program: a web address
 * (WEBSERVICE, so FILTERXML over what it fetched; IMAGE; IMPORTTEXT and IMPORTCSV, which read a
 * file or an address), a real-time data server (RTD), a library's function (CALL, REGISTER.ID),
 * Microsoft's online services (STOCKHISTORY, TRANSLATE, DETECTLANGUAGE, COPILOT, PY: each sends
 * its arguments or cells to them), and the cube functions.
 */
const OUTSIDE_FUNCTIONS = new Set([
  'WEBSERVICE',
  'IMAGE',
  'IMPORTTEXT',
  'IMPORTCSV',
  'RTD',
  'CALL',
  'REGISTER',
  'REGISTER.ID',
  'STOCKHISTORY',
  'TRANSLATE',
  'DETECTLANGUAGE',
  'COPILOT',
  'PY',
  ...CUBE_FUNCTIONS,
]);
const FORMULA_PART_HINT = new RegExp(`<(?:${XML_NAME}:)?(?:${[...FORMULA_ELEMENTS].join('|')})[\\s/>]`);
const LINK_PART_HINT = new RegExp(`<(?:${XML_NAME}:)?(?:${[...LINK_ELEMENTS].join('|')})[\\s/>]`);
/**
 * What a formula must hold, as the part is written, for it to reach outside: one of the functions'
 * names (`PY` only before its parenthesis: the two letters are in too many words), a `|` (DDE), a bracketed workbook number or file name, a quoted sheet name holding a
 * bracket or a path, a CDATA section, a reference that could spell any of these, or a comment or
 * processing instruction that could split one. A table's columns (`Table1[Amount]`), common in
 * large sheets, do not make the part parsed.
 */
const FORMULA_DANGER_HINT = /webservice|image|import(?:text|csv)|rtd|call|register|stockhistory|translate|detectlanguage|copilot|py\s*\(|cube|\||\[\d+\]|\[[^\]<]*[.\\/:]|'[^'<]*[[\]\\/]|<!\[CDATA\[|&#|&apos;|<!--|<\?(?!xml\s)/i;

/** The end of a string or a quoted name starting at `start` (a doubled quote is one quote inside), or -1 when it never ends. */
function quotedEnd(formula: string, start: number): number {
  const quote = formula[start]!;
  for (let at = start + 1; at < formula.length; at += 1) {
    if (formula[at] !== quote) continue;
    if (formula[at + 1] !== quote) return at + 1;
    at += 1;
  }
  return -1;
}

/** The index of the `]` closing the bracket opened at `open` (brackets nest in a table reference), or the formula's length. */
function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let at = open; at < code.length; at += 1) {
    if (code[at] === '[') depth += 1;
    else if (code[at] === ']' && --depth === 0) return at;
  }
  return code.length;
}

/**
 * Whether a bracket outside any other, not after a name (`Table1[Amount]` is a table's column),
 * names another workbook: `[1]Sheet1!A1` (the number of an external link part) or a file name.
 * `[0]` is the workbook itself. A bracket holding brackets is a table reference
 * (`[@[Price/Unit]]`): a file name cannot hold one.
 */
function namesOtherWorkbook(code: string): boolean {
  for (let at = 0; at < code.length; at += 1) {
    if (code[at] !== '[') continue;
    const close = closingBracket(code, at);
    const inside = code.slice(at + 1, close);
    const afterName = /[\w.\\]/.test(code[at - 1] ?? '');
    if (!afterName && !inside.includes('[') && ((/^\d+$/.test(inside) && Number(inside) !== 0) || /[.\\/:]/.test(inside))) return true;
    at = close;
  }
  return false;
}

/**
 * The formula as its code alone: each string becomes `""`, each quoted sheet name `Sheet`, and
 * inside a table reference's brackets a character escaped with `'` (`Table1[Item '#]` is the
 * column "Item #") stands for itself, a bracket as `_`. Undefined when the formula reaches outside by a quoted name
 * holding a path, or cannot be read (a string or quoted name that never ends).
 */
function formulaCode(formula: string): string | undefined {
  let code = '';
  let depth = 0;
  for (let at = 0; at < formula.length; ) {
    const char = formula[at]!;
    if (depth > 0 && char === "'") {
      // Kept as it is, so a workbook's name still shows its dot, but a bracket would change the nesting.
      const escaped = formula[at + 1] ?? '';
      code += escaped === '[' || escaped === ']' ? '_' : escaped;
      at += 2;
      continue;
    }
    if (depth > 0 || (char !== '"' && char !== "'")) {
      if (char === '[') depth += 1;
      else if (char === ']') depth = Math.max(0, depth - 1);
      code += char;
      at += 1;
      continue;
    }
    const end = quotedEnd(formula, at);
    if (end < 0) return undefined;
    // A sheet name cannot hold a bracket, a slash or a backslash: a quoted name that does is a path to another file.
    if (char === "'" && /[[\]\\/]/.test(formula.slice(at + 1, end - 1))) return undefined;
    code += char === '"' ? '""' : 'Sheet';
    at = end;
  }
  return code;
}

/**
 * Whether a spreadsheet formula fetches outside content or reaches another program, read as Excel
 * reads it: strings set aside; a call to one of OUTSIDE_FUNCTIONS in any case, with or without
 * the `_xlfn.` prefixes Excel writes before newer functions; a DDE reference
 * (`=cmd|'/c calc'!A0`); a reference to another workbook (a quoted sheet name holding a path, or
 * a bracketed workbook). A string or quoted name that never ends is refused: what follows it
 * cannot be read.
 */
export function formulaReachesOutside(formula: string): boolean {
  const code = formulaCode(formula);
  if (code === undefined || code.includes('|')) return true;
  for (const call of code.matchAll(/([A-Za-z_\\][\w.]*)\s*\(/g)) {
    if (OUTSIDE_FUNCTIONS.has(call[1]!.replace(/^(?:_xl[a-z]+\.)+/i, '').toUpperCase())) return true;
  }
  return namesOtherWorkbook(code);
}

/**
 * Whether a spreadsheet part reaches outside, from a real parse of it (as Word fields are read):
 * a link to another workbook or program (LINK_ELEMENTS), or a formula that does (see
 * formulaReachesOutside), its text read with character references decoded and CDATA sections
 * joined, as Excel reads it. Only a formula element's own text counts: Word's equation fraction
 * is an `m:f` too, but its text is in runs inside it. Refused as unreadable: a part that does not
 * parse, a DTD, and a comment or processing instruction inside a formula.
 */
function spreadsheetPartReachesOutside(xml: string): boolean {
  // For each open element, its own text so far when it is a formula element: a child's text is not the formula's.
  const open: Array<string | undefined> = [];
  return parseRefusing(xml, (parser, refuse) => {
    parser.on('opentag', (tag) => {
      const local = localName(tag.name);
      if (LINK_ELEMENTS.has(local)) refuse();
      if (!tag.isSelfClosing) open.push(FORMULA_ELEMENTS.has(local) ? '' : undefined);
    });
    parser.on('closetag', (tag) => {
      if (tag.isSelfClosing) return;
      const formula = open.pop();
      if (formula !== undefined && formulaReachesOutside(formula)) refuse();
    });
    const text = (content: string) => {
      if (open.at(-1) !== undefined) open[open.length - 1] += content;
    };
    parser.on('text', text);
    parser.on('cdata', text);
    const inFormula = () => {
      if (open.at(-1) !== undefined) refuse();
    };
    parser.on('comment', inFormula);
    parser.on('processinginstruction', inFormula);
  });
}

/** A `connection` element, whatever its prefix (xl/connections.xml's, and the x15 extension's inside it). */
const CONNECTION_PART_HINT = new RegExp(`<(?:${XML_NAME}:)?connection[\\s/>]`);
/** Elements of a connection that read a web page, a text file or a data feed. */
const OUTSIDE_CONNECTION_ELEMENTS = new Set(['webPr', 'textPr', 'dataFeedPr']);
/**
 * The workbook's own Data Model (`Data Source=$Workbook$` with no provider): the only connection
 * string that reaches nothing outside. Power Query's has a provider (Microsoft.Mashup.OleDb) and
 * runs the query kept in the workbook, which fetches its sources.
 */
const DATA_MODEL_CONNECTION = /^\s*Data Source=\$Workbook\$\s*(;\s*Location=[^;]*)?\s*;?\s*$/i;

/**
 * Whether a part holds a data connection that reaches outside the file (xl/connections.xml, found
 * by its `connection` elements whatever the part is called): one with an ODC file or a source
 * file, a web query, a text import or a data feed, or a connection string (OLE DB, ODBC, Power
 * Query) to anything but the workbook's own Data Model. Refreshing it, on opening with
 * `refreshOnLoad` or by hand, fetches from that source and tells it who opened the file. Refused
 * as unreadable: a part that does not parse, and a DTD.
 */
function connectionsReachOutside(xml: string): boolean {
  let inConnection = 0;
  return parseRefusing(xml, (parser, refuse) => {
    parser.on('opentag', (tag) => {
      const local = localName(tag.name);
      if (local === 'connection') inConnection += 1;
      if (inConnection === 0) return;
      if (OUTSIDE_CONNECTION_ELEMENTS.has(local)) refuse();
      for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
        const attribute = localName(name);
        if ((attribute === 'odcFile' || attribute === 'sourceFile') && value.trim() !== '') refuse();
        if (attribute === 'connection' && !DATA_MODEL_CONNECTION.test(value)) refuse();
      }
      if (tag.isSelfClosing && local === 'connection') inConnection -= 1;
    });
    parser.on('closetag', (tag) => {
      if (!tag.isSelfClosing && localName(tag.name) === 'connection') inConnection -= 1;
    });
  });
}

/**
 * Whether an OOXML part reaches another program or the network: a Word field fetching outside
 * content or running DDE or DDEAUTO (in `w:instrText`, whose pieces are read together as Word
 * does, or `w:fldSimple w:instr`), a part whose fields cannot be read (see wordFieldCodes), an
 * Excel DDE, OLE or external workbook link, or a formula that fetches or reaches outside (see
 * spreadsheetPartReachesOutside), or a data connection to an outside source (see
 * connectionsReachOutside). A part is parsed for fields only when it names a field's
 * element, for connections only when it has a `connection` element, and for formulas only when it has a formula element and something a refused formula
 * needs (FORMULA_DANGER_HINT): most parts are not parsed at all.
 */
function ooxmlPartActs(content: Buffer): boolean {
  const raw = content.toString('latin1');
  // Word's fields need their element or attribute names (`w:instrText`, `w:fldSimple w:instr`, `w:fldChar`), which no reference can spell.
  const fieldHint = /instr|fldChar/i.test(raw);
  const formulaHint = (FORMULA_PART_HINT.test(raw) && FORMULA_DANGER_HINT.test(raw)) || LINK_PART_HINT.test(raw);
  const connectionHint = CONNECTION_PART_HINT.test(raw);
  if (!fieldHint && !formulaHint && !connectionHint) return false;
  const xml = content.toString('utf8');
  if (connectionHint && connectionsReachOutside(xml)) return true;
  if (new RegExp(`<(?:${XML_NAME}:)?ddeLink[\\s/>]`).test(xml)) return true;
  if (fieldHint) {
    const fields = wordFieldCodes(xml);
    if (fields === 'unreadable') return true;
    if (/(^|[^a-z])DDE(AUTO)?([^a-z]|$)/i.test(fields.pieces.join(''))) return true;
    if (fields.codes.some((code) => OUTSIDE_FIELDS.test(code))) return true;
  }
  return formulaHint && spreadsheetPartReachesOutside(xml);
}

/**
 * Content that acts when the file is opened, beyond macros: embedded objects (any part in the OLE
 * compound format, wherever it is kept; anything under `embeddings/` other than pictures; and any
 * workbook or document inside the file, wherever it is kept, that readEmbedded does not take),
 * internal relationships to an OLE object, a control, or a package that is not such a taken
 * office file, DDE fields and links, WEBSERVICE formulas and outside data connections
 * (ooxmlPartActs), and relationships to
 * something outside the file other than hyperlinks (a linked picture or frame is fetched when the
 * file opens, telling the sender who read it; a remote template can bring macros). A template on
 * the author's own disk is only removed.
 */
function hasOoxmlActiveContent(entries: Map<string, Part>): boolean {
  for (const [name, part] of entries) {
    if (part.ole || part.acts) return true;
    if ((isEmbedding(name) || part.archive) && !part.image && !part.svg && !part.embedded) return true;
    if (!name.endsWith('.rels') || part.text === undefined) continue;
    for (const { attrs } of elements(part.text, 'Relationship')) {
      const type = RELATIONSHIP_TYPE(attrs.Type);
      if ((attrs.TargetMode ?? '').toLowerCase() !== 'external') {
        if (ACTIVE_RELATIONSHIPS.has(type)) return true;
        // A chart's workbook is a `package` relationship: taken when the part is an office file cleaned as its own.
        if (type === 'package' && !entries.get(resolveTarget(name, attrs.Target ?? ''))?.embedded) return true;
        continue;
      }
      if (type === 'hyperlink') continue;
      if (type === 'attachedtemplate' && !isRemoteTarget(attrs.Target ?? '')) continue;
      return true;
    }
  }
  return false;
}

/** The five entities XML predefines and character references, so a value cannot hide a scheme behind `&#x6A;`. */
export function decodeXmlValue(value: string): string {
  // A reference beyond Unicode (`&#x110000;`) is not a character: it reads as U+FFFD, as 0 does.
  const character = (code: number) => String.fromCodePoint(code > 0 && code <= 0x10ffff ? code : 0xfffd);
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower.startsWith('#x')) return character(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return character(Number.parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower]!;
  });
}

/** A start tag found by startTagsWith, or `unreadable`: markup that starts like one but does not parse as one. */
type FoundTag = { local: string; attrs: Map<string, string>; unreadable?: false } | { unreadable: true };

/**
 * The start tags of an XML text that hold a match of `hint` (in their name or attributes): each
 * one's local name and attributes by local name (whatever their prefixes), values decoded. The
 * text is searched for the hint, not parsed tag by tag: a spreadsheet's content.xml has millions
 * of cells, none of them of interest. A hint after a `<` that starts neither a start tag read
 * here nor an end tag, a comment, a CDATA section or a declaration is reported as `unreadable`,
 * so what cannot be read is refused rather than let through.
 */
function* startTagsWith(xml: string, hint: RegExp): Generator<FoundTag> {
  const tag = new RegExp(`<(?:${XML_NAME}:)?(${XML_NAME})((?:\\s+[^\\s=<>"'/]+\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*\\/?>`, 'y');
  const hits = new RegExp(hint.source, 'gi');
  for (let hit = hits.exec(xml); hit; hit = hits.exec(xml)) {
    const open = xml.lastIndexOf('<', hit.index);
    if (open < 0) continue;
    tag.lastIndex = open;
    const match = tag.exec(xml);
    if (!match) {
      // An end tag, a comment, a CDATA section or a declaration holds no attribute that acts.
      if (/[/!?]/.test(xml[open + 1] ?? '')) continue;
      yield { unreadable: true };
      return;
    }
    // A hint in the text after the tag.
    if (tag.lastIndex <= hit.index) continue;
    hits.lastIndex = tag.lastIndex;
    const attrs = new Map<string, string>();
    for (const attr of match[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      // Namespace declarations name a namespace, not something to fetch.
      if (/^xmlns(:|$)/.test(attr[1]!)) continue;
      attrs.set(localName(attr[1]!), decodeXmlValue(attr[2] ?? attr[3] ?? ''));
    }
    yield { local: match[1]!, attrs };
  }
}

/**
 * OpenDocument elements that run something or hold another program's object: a Java applet, a
 * browser plug-in, an OLE object, a frame showing another document or page, an inline script.
 */
const ODF_ACTIVE_ELEMENTS = new Set(['applet', 'plugin', 'object-ole', 'floating-frame', 'script']);
/** Elements whose link is followed only when the reader clicks it: hyperlinks, and a slide's "go to" action. */
const ODF_HYPERLINK_ELEMENTS = new Set(['a', 'event-listener']);
/** Addresses that run a macro or a script (including the scripts an office suite ships) rather than open a page. */
const SCRIPT_ADDRESS = /^\s*(vnd\.sun\.star\.script|vnd\.sun\.star\.basic|macro|javascript|vbscript|service):/i;
/**
 * What a tag hasOdfActiveContent reads must hold: an active element's or a DDE element's name,
 * an event listener, an object, or an attribute that can link or run something (a character
 * reference could spell any of these, so `&#` is read too).
 */
const ODF_TAG_HINT = /<(?:[^\s:<>/=!?"']+:)?(?:applet|plugin|object-ole|floating-frame|script|dde-|event-listener|object)|href|formula|language|macro|action|script|basic|service|image-data|DDE\s*\(|WEBSERVICE|\/\/|&#/;
/** An address on another machine or another file anywhere in a value: a scheme followed by `//`, or a value starting with `//`. */
const OUTSIDE_ADDRESS = /[a-z][a-z0-9+.-]*:\/\/|^\s*\/\//i;
/**
 * Values whose address is only shown or followed when clicked: a bibliography entry's, a cell's or
 * field's text (`office:string-value`), a title, and GRDDL's transformation (metadata for RDF tools).
 */
const isShownAddress = (local: string, attr: string) => (local === 'bibliography-mark' && attr === 'url') || attr === 'string-value' || attr === 'title' || attr === 'transformation';
/** A formula's HYPERLINK("…") address, followed only when the cell is clicked. */
const HYPERLINK_CALL = /HYPERLINK\s*\(\s*"(?:[^"]|"")*"/gi;

/**
 * A link to a part of the same package: a relative path that does not climb out of it
 * (`Pictures/1.png`, `./Object 1`, `#Sheet1`). A scheme, an absolute path, `../` (a file beside
 * the document on the reader's disk) or a network path are outside it.
 */
function isInsidePackage(href: string): boolean {
  const target = href.trim();
  if (target.startsWith('#')) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.includes('\\')) return false;
  return !target.replace(/^(\.\/)+/, '').split('/').includes('..');
}

/**
 * What in an OpenDocument package acts when the file is opened, beyond Basic/ and Scripts/:
 * - an OLE object (a binary part in the compound format, or `draw:object-ole`), an applet, a
 *   plug-in, a floating frame, an inline script, or a DTD's internal subset (its entities could
 *   write any of these where a reader would not look);
 * - an event listener that runs a script or a program, or any attribute naming a script address;
 * - a link to something outside the package on anything but a hyperlink: a linked picture
 *   (`draw:image`, a fill or background image, a bullet image), a linked section or table, a
 *   font or a sound is fetched when the file opens, telling the sender who read it;
 * - a DDE link, or DDE or WEBSERVICE in any value (a formula, a named expression, a validation, a
 *   condition), which reach other programs or the network, and an address on another machine or
 *   in another file (`scheme://`, `//`) in any value but a hyperlink's or a namespace's; a form
 *   control's picture (`form:image-data`) outside the package;
 * - an embedded object (`draw:object`) that is not an OpenDocument sub-document in its own
 *   folder. A chart or formula kept as such a folder is checked here part by part like the main
 *   document and cleaned as it is (its meta.xml and settings.xml), not refused.
 */
function hasOdfActiveContent(entries: Map<string, Part>): boolean {
  const manifest = textOf(entries, 'META-INF/manifest.xml') ?? '';
  if (/media-type="application\/vnd\.sun\.star\.oleobject/i.test(manifest)) return true;
  for (const [name, part] of entries) {
    // A ZIP part (an office file attached inside the package) is taken only when it is itself a file the library takes and cleans.
    if (part.ole || (part.archive && !part.embedded)) return true;
    if (part.text === undefined || !name.endsWith('.xml')) continue;
    if (/<!DOCTYPE[^>]*\[|<!ENTITY/i.test(part.text)) return true;
    const base = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    for (const found of startTagsWith(part.text, ODF_TAG_HINT)) {
      if (found.unreadable) return true;
      const { local, attrs } = found;
      if (ODF_ACTIVE_ELEMENTS.has(local) || local.startsWith('dde-')) return true;
      if (local === 'event-listener' && (attrs.has('language') || attrs.has('macro-name') || /^(execute|verb)$/.test(attrs.get('action') ?? ''))) return true;
      const hyperlink = ODF_HYPERLINK_ELEMENTS.has(local);
      for (const [attr, value] of attrs) {
        if (SCRIPT_ADDRESS.test(value) || /\b(DDE|WEBSERVICE)\s*\(/i.test(value)) return true;
        // A formula, a named expression, a validation or a condition reaching another file or the network.
        if (!hyperlink && !isShownAddress(local, attr) && OUTSIDE_ADDRESS.test(value.replace(HYPERLINK_CALL, ''))) return true;
      }
      // The picture of a form control.
      const imageData = attrs.get('image-data');
      if (imageData !== undefined && !isInsidePackage(imageData)) return true;
      const href = attrs.get('href');
      if (href === undefined || ODF_HYPERLINK_ELEMENTS.has(local)) continue;
      if (!isInsidePackage(href)) return true;
      if (local === 'object') {
        const folder = base + href.trim().replace(/^(\.\/)+/, '').replace(/\/$/, '');
        if (!entries.has(`${folder}/content.xml`) && !entries.has(`${folder}/styles.xml`)) return true;
      }
    }
  }
  return false;
}

/** An ODF package saved with a password lists how each part is encrypted in its manifest (or, in ODF 1.3, holds one encrypted package). */
function isEncryptedOdf(entries: Map<string, Part>): boolean {
  const manifest = textOf(entries, 'META-INF/manifest.xml') ?? '';
  return /encryption-data|encrypted-package/.test(manifest) || entries.has('encrypted-package');
}

function isEmbedding(name: string): boolean {
  return /(^|\/)embeddings\//i.test(name);
}

/**
 * An office file kept inside another: Word and PowerPoint keep each chart's data as a workbook
 * under `embeddings/`. It is taken when it is itself an OOXML file the library takes, holding no
 * macros, active content or office file of its own (one level only); otherwise the part stays
 * unread and the container is refused as active content. Its refusal for size is the container's.
 */
function readEmbedded(content: Buffer, budget: UnpackBudget): OfficeDocument | undefined {
  if (!isZip(content)) return undefined;
  const read = readOfficeDocument(content, budget);
  if (!read.ok) {
    if (read.problem === 'zipBomb') throw new Refused('zipBomb');
    return undefined;
  }
  const { document } = read;
  const nested = [...document.entries.values()].some((part) => part.embedded);
  return document.type.family === 'ooxml' && !nested ? document : undefined;
}

/**
 * Reads a ZIP container as an office document, or says why it is not one the library takes:
 * a container of another kind is `notOffice`, one with macros `macros`, one too large
 * unpacked `zipBomb`, one that cannot be unpacked `brokenDocument`.
 */
export function readOfficeDocument(bytes: Buffer, budget: UnpackBudget = { bytes: MAX_OFFICE_UNPACKED_BYTES }): OfficeRead {
  if (isOle2(bytes)) return { ok: false, problem: 'legacyOffice' };
  if (!isZip(bytes)) return { ok: false, problem: 'notOffice' };
  const unpacked = unpack(bytes, budget);
  if (!unpacked.ok) return unpacked;
  const { entries } = unpacked;
  const contentTypes = textOf(entries, '[Content_Types].xml');
  if (contentTypes !== undefined) {
    if (hasOoxmlMacros(entries, contentTypes)) return { ok: false, problem: 'macros' };
    if (hasOoxmlActiveContent(entries)) return { ok: false, problem: 'activeContent' };
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
  if (isEncryptedOdf(entries)) return { ok: false, problem: 'encryptedDocument' };
  if (hasOdfMacros(entries)) return { ok: false, problem: 'macros' };
  if (hasOdfActiveContent(entries)) return { ok: false, problem: 'activeContent' };
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

/** A part made here from text, deflated. */
function partOf(text: string): Part {
  const content = Buffer.from(text, 'utf8');
  return { method: 8, crc: crc32(content), size: content.length, stored: deflateRawSync(content), text };
}

/** ODF's `mimetype` must be stored, not deflated. */
function storedPart(text: string): Part {
  const content = Buffer.from(text, 'utf8');
  return { method: 0, crc: crc32(content), size: content.length, stored: content, text };
}

/** 1 January 2000, 00:00, in MS-DOS form: every part gets it, so no editing time is kept and the same document cleans to the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

/**
 * The fields a local header and its central directory entry share, in the same order: version
 * needed (2.0), flags, method, time, date, checksum, stored and unpacked sizes, name length.
 */
function writeEntryFields(buffer: Buffer, at: number, part: Part, flags: number, nameLength: number): void {
  buffer.writeUInt16LE(20, at);
  buffer.writeUInt16LE(flags, at + 2);
  buffer.writeUInt16LE(part.method, at + 4);
  buffer.writeUInt16LE(DOS_TIME, at + 6);
  buffer.writeUInt16LE(DOS_DATE, at + 8);
  buffer.writeUInt32LE(part.crc, at + 10);
  buffer.writeUInt32LE(part.stored.length, at + 14);
  buffer.writeUInt32LE(part.size, at + 18);
  buffer.writeUInt16LE(nameLength, at + 22);
}

/**
 * Writes the parts as a ZIP container, each part's stored bytes copied as they are: nothing is
 * compressed again but the few parts rewritten, so cleaning costs about one reading of the file.
 */
function writeContainer(parts: Array<[string, Part]>): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    // Bit 11: the name is UTF-8.
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeEntryFields(local, 4, part, flags, nameBytes.length);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4);
    writeEntryFields(header, 6, part, flags, nameBytes.length);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, part.stored);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + part.stored.length;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** Relationship types (the last segment) of the parts that hold who wrote the file, and its thumbnail, wherever the package keeps them (NuGet-style `.psmdcp` too). */
const PROPERTY_RELATIONSHIPS = new Set(['core-properties', 'extended-properties', 'custom-properties', 'thumbnail']);
const PROPERTY_CONTENT_TYPES = /core-properties\+xml|extended-properties\+xml|custom-properties\+xml/i;

/**
 * Parts dropped whole: a thumbnail of the first page, custom XML data (often a document-management
 * system's record of the author), Word's list of the people who edited or commented, and the
 * printer settings (`xl/printerSettings/*.bin` and Word's and PowerPoint's: a printer driver's
 * DEVMODE record, naming the printer, often its server, and paths; kept elsewhere, they are found
 * by printerSettingsParts).
 */
function isDroppedPart(name: string): boolean {
  return (
    /^docProps\/thumbnail\.[^/]+$/i.test(name) ||
    /^customXml\//i.test(name) ||
    /^word\/people\.xml$/i.test(name) ||
    /(^|\/)Thumbnails\//.test(name) ||
    /^(xl|word|ppt)\/printerSettings\//i.test(name)
  );
}

const PRINTER_SETTINGS_TYPE = /^application\/vnd\.openxmlformats-officedocument\.(spreadsheetml|wordprocessingml|presentationml)\.printerSettings$/i;

/**
 * The printer settings wherever they are kept, not only in their usual folders: every part a
 * relationship of the printerSettings type names, and every part whose content type (by its name
 * or its extension) is one of the printer settings types.
 */
function printerSettingsParts(entries: Map<string, Part>, contentTypes: string): Set<string> {
  const found = new Set<string>();
  const extensions = new Set<string>();
  for (const { attrs } of elements(contentTypes, 'Default')) if (PRINTER_SETTINGS_TYPE.test((attrs.ContentType ?? '').trim())) extensions.add((attrs.Extension ?? '').toLowerCase());
  // A part's Override, when it has one, says its type rather than its extension's Default.
  const overridden = new Set<string>();
  for (const { attrs } of elements(contentTypes, 'Override')) {
    const part = (attrs.PartName ?? '').replace(/^\//, '');
    overridden.add(part.toLowerCase());
    if (PRINTER_SETTINGS_TYPE.test((attrs.ContentType ?? '').trim()) && part) found.add(part);
  }
  for (const [name, part] of entries) {
    if (!overridden.has(name.toLowerCase()) && extensions.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase())) found.add(name);
    if (!name.endsWith('.rels') || part.text === undefined) continue;
    for (const { attrs } of elements(part.text, 'Relationship')) {
      if (RELATIONSHIP_TYPE(attrs.Type) === 'printersettings' && (attrs.TargetMode ?? '').toLowerCase() !== 'external') found.add(resolveTarget(name, attrs.Target ?? ''));
    }
  }
  return found;
}

/**
 * Settings of an OpenDocument file that name machines, people or their data: the printer it was
 * last printed on (`PrinterName`, and `PrinterSetup`, the printer driver's own record, which names
 * it again with the server and the driver), the fax printer, the database a mail merge reads
 * (often a path under the author's home folder), and the revision session numbers (`Rsid`,
 * `RsidRoot`), which tie together files edited in the same session. The view and layout
 * settings stay: without them the document opens as another page layout.
 */
const REVEALING_SETTINGS = /^(PrinterName|PrinterSetup|PrintFaxName|CurrentDatabase\w*|EmbeddedDatabaseName|DataBaseName|Rsid|RsidRoot)$/;

function withoutRevealingSettings(xml: string): string {
  return xml.replace(/<(?:[\w.-]+:)?config-item\b([^>]*?)(?:\/>|>[^<]*<\/(?:[\w.-]+:)?config-item\s*>)/g, (item, attrs: string) => {
    const name = /(?:^|\s)(?:[\w.-]+:)?name\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
    return name && REVEALING_SETTINGS.test(name[1] ?? name[2] ?? '') ? '' : item;
  });
}

/** The part a relationship in the relationships part `relsName` points to, as a name in the container. */
function resolveTarget(relsName: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  // word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
  const base = relsName.replace(/(^|\/)_rels\/[^/]*$/, '$1');
  const path: string[] = [];
  for (const segment of (base + target).split('/')) {
    if (segment === '..') path.pop();
    else if (segment !== '.' && segment !== '') path.push(segment);
  }
  return path.join('/');
}

/** The part a relationships part describes: word/_rels/settings.xml.rels → word/settings.xml. */
function sourceOfRels(relsName: string): string {
  return relsName.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
}

/** A part's unpacked text (it was inflated and checked once already, within the budget, when the file was read). */
function partText(part: Part): string {
  return part.text ?? (part.method === 0 ? part.stored : inflateRawSync(part.stored, { maxOutputLength: Math.max(part.size, 1) })).toString('utf8');
}

/**
 * The part `name` without its references to the dropped printer settings `ids`, so it names no
 * relationship that is gone: Word's `<w:printerSettings r:id>` (in settings.xml) goes whole, a
 * sheet's `<pageSetup r:id>` keeps its page setup and loses only the attribute.
 */
function withoutPrinterReferences(entries: Map<string, Part>, name: string, ids: string[]): void {
  const part = entries.get(name);
  if (!part) return;
  const xml = partText(part);
  let cleaned = xml;
  for (const id of ids) {
    const reference = `\\s${XML_NAME}:id\\s*=\\s*(?:"${escapeRegExp(id)}"|'${escapeRegExp(id)}')`;
    cleaned = cleaned.replace(new RegExp(`<(?:${XML_NAME}:)?printerSettings\\b[^>]*?${reference}[^>]*?\\/>`, 'g'), '');
    cleaned = cleaned.replace(new RegExp(reference, 'g'), '');
  }
  if (cleaned !== xml) entries.set(name, partOf(cleaned));
}

/** The relationships part of a part: word/document.xml → word/_rels/document.xml.rels. */
function relsOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash + 1)}_rels/${name.slice(slash + 1)}.rels`;
}

/** A picture re-encoded by sharp in its own format: sharp writes no EXIF, XMP, IPTC or GPS, as for the library's own images. */
async function cleanImage(image: { format: ImageFormat; content: Buffer }): Promise<Buffer> {
  const animated = image.format === 'gif' || image.format === 'webp';
  const pipeline = sharp(image.content, { limitInputPixels: MAX_IMAGE_PIXELS, animated }).autoOrient();
  switch (image.format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 90 }).toBuffer();
    case 'png':
      return pipeline.png().toBuffer();
    case 'webp':
      return pipeline.webp({ quality: 90 }).toBuffer();
    case 'tiff':
      return pipeline.tiff().toBuffer();
    case 'gif':
      return pipeline.gif().toBuffer();
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** SVG elements that run code or show a web page inside the picture. */
const SVG_ACTIVE_ELEMENTS = new Set(['script', 'foreignObject', 'handler', 'listener']);
/**
 * A CSS reference to anything but a part of the same picture (`url(#gradient)`), an import,
 * `image-set()` or `src()`, and any backslash: a CSS escape can spell any of these (`u\72l(`).
 */
const CSS_OUTSIDE = /url\(\s*['"]?\s*(?!#)|@import|image-set\(|src\(|\\/i;
/** A picture written into the SVG itself, in a format sharp re-encodes. */
const DATA_PICTURE = /^\s*data:image\/(png|jpeg|gif|webp);base64,([a-z0-9+/=\s]*)$/i;

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An SVG picture rewritten from its parsed elements, keeping what draws it and dropping what tells
 * who made it: only elements and attributes of the SVG, XLink and XML namespaces (and attributes
 * without one) are written, so Inkscape's and Sodipodi's attributes (the export file name, often a
 * path under the author's home folder; the document name), Illustrator's, Sketch's and any other
 * editor's namespaces, `<metadata>` with its RDF and Dublin Core (author, rights), comments,
 * processing instructions and namespace declarations of what was dropped all go. `<title>` and
 * `<desc>` stay: they are the picture's text for people who cannot see it. A picture written into
 * the SVG as a `data:` address is re-encoded by sharp like any other. Refused as active content:
 * scripts, `foreignObject` (a web page inside the picture), event attributes (`onload`), links
 * or CSS `url()` to anything outside the picture (they are fetched when it is shown; hyperlinks on
 * `<a>` are kept), an animation that changes a link, and a DTD (whose entities could write any of
 * these). An SVG that does not parse refuses the file as a picture that cannot be cleaned.
 */
async function cleanSvg(svg: string): Promise<string> {
  const parser = new SaxesParser({ xmlns: true });
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const pictures: Array<{ format: ImageFormat; content: Buffer }> = [];
  let skipping = 0;
  let depth = 0;
  let inStyle = false;
  let active = false;
  let broken = false;
  const refuse = () => {
    active = true;
  };
  parser.on('error', () => {
    broken = true;
  });
  parser.on('doctype', refuse);
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (skipping > 0) {
      skipping += 1;
      return;
    }
    if (tag.uri === SVG_NS && SVG_ACTIVE_ELEMENTS.has(tag.local)) refuse();
    if (tag.uri !== SVG_NS || tag.local === 'metadata') {
      skipping = 1;
      return;
    }
    if ((tag.local === 'animate' || tag.local === 'set') && /(^|:)href$/.test(String(tag.attributes.attributeName?.value ?? ''))) refuse();
    let element = `<${tag.name}`;
    for (const attr of Object.values(tag.attributes)) {
      if (typeof attr === 'string') continue;
      const value = attr.value;
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') {
        if (value === SVG_NS || value === XLINK_NS) element += ` ${attr.name}="${escapeXmlText(value).replace(/"/g, '&quot;')}"`;
        continue;
      }
      if (attr.uri !== '' && attr.uri !== XLINK_NS && attr.uri !== XML_NS) continue;
      if (/^on/i.test(attr.local) || /^\s*(javascript|vbscript|data:text|data:application)/i.test(value) || CSS_OUTSIDE.test(value)) refuse();
      let written = value;
      if (attr.local === 'href' && !value.trim().startsWith('#')) {
        const picture = DATA_PICTURE.exec(value);
        const content = picture ? Buffer.from(picture[2]!.replace(/\s/g, ''), 'base64') : undefined;
        const format = content ? imageFormatOf(content) : undefined;
        if (content && format) {
          written = `\0${pictures.length}\0`;
          pictures.push({ format, content });
        } else if (!(tag.local === 'a' && /^\s*(https?|mailto):/i.test(value))) refuse();
      }
      element += ` ${attr.name}="${escapeXmlText(written).replace(/"/g, '&quot;')}"`;
    }
    out.push(element + (tag.isSelfClosing ? '/>' : '>'));
    depth += 1;
    inStyle = tag.local === 'style';
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (skipping > 0) {
      skipping -= 1;
      return;
    }
    inStyle = false;
    depth -= 1;
    if (!tag.isSelfClosing) out.push(`</${tag.name}>`);
  });
  const text = (content: string) => {
    if (skipping > 0 || depth === 0) return;
    if (inStyle && CSS_OUTSIDE.test(content)) refuse();
    out.push(escapeXmlText(content));
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.write(svg.replace(/^\uFEFF/, '')).close();
  if (active) throw new Refused('activeContent');
  if (broken || out.length === 1) throw new Refused('uncleanableImage');
  const encoded: string[] = [];
  for (const picture of pictures) {
    try {
      encoded.push(`data:image/${picture.format};base64,${(await cleanImage(picture)).toString('base64')}`);
    } catch {
      throw new Refused('uncleanableImage');
    }
  }
  return out.join('').replace(/\0(\d+)\0/g, (_, n: string) => encoded[Number(n)]!);
}

/** Every picture in the container, wherever it is kept, without its metadata; a picture that cannot be decoded refuses the file. */
async function cleanImages(entries: Map<string, Part>): Promise<void> {
  for (const [name, part] of entries) {
    if (part.svg !== undefined) {
      const svg = await cleanSvg(part.svg);
      if (!part.gzipped) entries.set(name, partOf(svg));
      else {
        const gzipped = gzipSync(Buffer.from(svg, 'utf8'));
        entries.set(name, { method: 0, crc: crc32(gzipped), size: gzipped.length, stored: gzipped });
      }
    }
    if (!part.image) continue;
    let cleaned: Buffer;
    try {
      cleaned = await cleanImage(part.image);
    } catch {
      throw new Refused('uncleanableImage');
    }
    // Pictures are compressed already: they are stored as they are.
    entries.set(name, { method: 0, crc: crc32(cleaned), size: cleaned.length, stored: cleaned });
  }
}

/** A picture written into an OpenDocument part as base64 (`<office:binary-data>`), as flat or pasted files keep them. */
const BINARY_DATA = new RegExp(`<((?:${XML_NAME}:)?binary-data)(?:\\s[^>]*)?>([^<]*)<\\/\\1\\s*>`, 'g');

/** Every `binary-data` start tag, whatever it holds. */
const BINARY_DATA_START = new RegExp(`<(?:${XML_NAME}:)?binary-data[\\s/>]`, 'g');

/**
 * The part with each `office:binary-data` picture re-encoded as the pictures kept as parts are
 * (cleanImage, cleanSvg), so its EXIF and GPS go too. Data that is not a picture sharp or the SVG
 * cleaner reads cannot be cleaned and refuses the file, and so does an element that holds more
 * than base64 text.
 */
async function withCleanBinaryData(xml: string): Promise<string> {
  const cleaned: string[] = [];
  for (const match of xml.matchAll(BINARY_DATA)) {
    const content = Buffer.from(match[2]!.replace(/\s/g, ''), 'base64');
    const format = imageFormatOf(content);
    let picture: Buffer;
    if (format) {
      try {
        picture = await cleanImage({ format, content });
      } catch {
        throw new Refused('uncleanableImage');
      }
    } else if (isSvg('', content)) picture = Buffer.from(await cleanSvg(content.toString('utf8')), 'utf8');
    else throw new Refused('uncleanableImage');
    cleaned.push(picture.toString('base64'));
  }
  let n = 0;
  const rewritten = xml.replace(BINARY_DATA, (_, tag: string) => `<${tag}>${cleaned[n++]!}</${tag}>`);
  // An element holding anything but base64 text (a comment, CDATA, a child) is not read above: its picture would pass as it was.
  const opened = rewritten.match(BINARY_DATA_START)?.length ?? 0;
  if (opened !== cleaned.length) throw new Refused('uncleanableImage');
  return rewritten;
}

/**
 * The document rewritten without what tells who made it. OOXML loses its core, extended and
 * custom properties (found by their relationship types in _rels/.rels and their content types, not
 * only as docProps/core.xml, app.xml and custom.xml), its thumbnail, customXml/ and
 * word/people.xml, with every relationship and [Content_Types].xml entry that named them, and the
 * attached template's path (word/_rels/settings.xml.rels and w:attachedTemplate in settings.xml).
 * ODF's meta.xml is replaced by an empty one and Thumbnails/ is dropped (and left out of the
 * manifest); `mimetype` is the first entry, stored uncompressed, as ODF requires for readers that
 * recognise the file by its first bytes. In both, every picture (by content: JPEG, PNG, WebP,
 * TIFF, GIF) is re-encoded without EXIF, XMP or GPS. Every other part is copied as it was stored.
 * Throws `Refused` when a picture cannot be cleaned.
 */
async function cleanOrThrow(document: OfficeDocument): Promise<Buffer> {
  const entries = new Map(document.entries);
  await cleanImages(entries);
  for (const [name, part] of entries) {
    if (!part.embedded) continue;
    // Cleaned as a file of its own (its properties, pictures and template go too); a ZIP is compressed already.
    const cleaned = await cleanOrThrow(part.embedded);
    entries.set(name, { method: 0, crc: crc32(cleaned), size: cleaned.length, stored: cleaned });
  }
  if (document.type.family === 'ooxml') {
    const removed = new Set<string>();
    const contentTypes = textOf(entries, '[Content_Types].xml') ?? '';
    for (const { attrs } of elements(contentTypes, 'Override')) {
      if (PROPERTY_CONTENT_TYPES.test(attrs.ContentType ?? '') && attrs.PartName) removed.add(attrs.PartName.replace(/^\//, ''));
    }
    for (const { attrs } of elements(textOf(entries, '_rels/.rels') ?? '', 'Relationship')) {
      if (PROPERTY_RELATIONSHIPS.has(RELATIONSHIP_TYPE(attrs.Type)) && (attrs.TargetMode ?? '').toLowerCase() !== 'external') removed.add(resolveTarget('_rels/.rels', attrs.Target ?? ''));
    }
    for (const part of [...OOXML_PROPERTY_PARTS, ...entries.keys()]) if (OOXML_PROPERTY_PARTS.includes(part) || isDroppedPart(part)) removed.add(part);
    for (const part of printerSettingsParts(entries, contentTypes)) removed.add(part);
    for (const part of [...removed]) removed.add(relsOf(part));
    for (const part of removed) entries.delete(part);
    for (const [name, part] of [...entries]) {
      if (!name.endsWith('.rels') || part.text === undefined) continue;
      let xml = part.text;
      const printerIds: string[] = [];
      for (const { element, attrs } of elements(part.text, 'Relationship')) {
        const external = (attrs.TargetMode ?? '').toLowerCase() === 'external';
        const gone = !external && removed.has(resolveTarget(name, attrs.Target ?? ''));
        if (gone || RELATIONSHIP_TYPE(attrs.Type) === 'attachedtemplate') xml = withoutElement(xml, element, 'Relationship');
        if (gone && RELATIONSHIP_TYPE(attrs.Type) === 'printersettings' && attrs.Id) printerIds.push(attrs.Id);
      }
      if (xml !== part.text) entries.set(name, partOf(xml));
      if (printerIds.length) withoutPrinterReferences(entries, sourceOfRels(name), printerIds);
    }
    const settings = textOf(entries, 'word/settings.xml');
    if (settings !== undefined && /attachedTemplate/.test(settings)) entries.set('word/settings.xml', partOf(settings.replace(/<(?:[\w.-]+:)?attachedTemplate\b[^>]*?\/>/g, '')));
    if (textOf(entries, '[Content_Types].xml') !== undefined) entries.set('[Content_Types].xml', partOf(withoutOverrides(contentTypes, [...removed])));
    return writeContainer([...entries]);
  }
  for (const [name, part] of [...entries]) {
    if (part.text !== undefined && name.endsWith('.xml') && /binary-data/.test(part.text)) entries.set(name, partOf(await withCleanBinaryData(part.text)));
  }
  for (const [name, part] of [...entries]) {
    // The document's and each embedded object's (a chart keeps its own in `Object 1/`).
    if (/(^|\/)meta\.xml$/.test(name)) entries.set(name, partOf(EMPTY_ODF_META));
    else if (/(^|\/)settings\.xml$/.test(name) && part.text !== undefined) {
      const settings = withoutRevealingSettings(part.text);
      if (settings !== part.text) entries.set(name, partOf(settings));
    } else if (isDroppedPart(name)) entries.delete(name);
  }
  const manifest = textOf(entries, 'META-INF/manifest.xml');
  if (manifest !== undefined) {
    let xml = manifest;
    for (const { element, attrs } of elements(manifest, 'file-entry')) if (/(^|\/)Thumbnails\//.test(attrs['full-path'] ?? '')) xml = withoutElement(xml, element, 'file-entry');
    if (xml !== manifest) entries.set('META-INF/manifest.xml', partOf(xml));
  }
  const mimetype = storedPart(textOf(entries, 'mimetype') ?? document.type.mime);
  entries.delete('mimetype');
  return writeContainer([['mimetype', mimetype], ...entries]);
}

/**
 * The text of the parts `wanted` picks in an office file (as stored: cleaned already), by name,
 * within the same limits as a file being checked; nothing else is inflated. Undefined when the
 * file cannot be unpacked.
 */
export function readOfficeParts(bytes: Buffer, wanted: (name: string) => boolean): Map<string, string> | undefined {
  if (!isZip(bytes)) return undefined;
  try {
    const entries = unpackOrThrow(bytes, { bytes: MAX_OFFICE_UNPACKED_BYTES }, wanted);
    return new Map([...entries].map(([name, part]) => [name, part.text ?? '']));
  } catch {
    return undefined;
  }
}

/** The document cleaned (see cleanOrThrow), or why it cannot be. */
export async function cleanOfficeDocument(document: OfficeDocument): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: OfficeProblem }> {
  try {
    return { ok: true, bytes: await cleanOrThrow(document) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** Reads the file, refusing what the library does not take, and gives it back cleaned. */
export async function cleanOfficeBytes(bytes: Buffer): Promise<{ ok: true; type: OfficeType; bytes: Buffer } | { ok: false; problem: OfficeProblem }> {
  const read = readOfficeDocument(bytes);
  if (!read.ok) return read;
  const cleaned = await cleanOfficeDocument(read.document);
  return cleaned.ok ? { ok: true, type: read.document.type, bytes: cleaned.bytes } : cleaned;
}

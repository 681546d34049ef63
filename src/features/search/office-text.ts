import { decodeXmlValue, readOfficeParts } from '../media/office-documents.js';

/*
 * The words of a Word, Excel, PowerPoint or OpenDocument file, for search: the text a reader sees
 * in the body, paragraph by paragraph, without the markup. Read from the stored file, which is
 * cleaned already (no properties). Text that is not shown is left out: deleted tracked changes
 * (Word's w:delText, ODF's text:tracked-changes), comments, field codes and Excel's phonetic
 * guides. Khmer and every other script are kept as written; the search pipeline normalises them
 * as it does a PDF's text.
 */

/** The parts that hold a document's visible text, in the order they are read. */
const TEXT_PARTS: Array<{ pattern: RegExp; rank: number }> = [
  { pattern: /^word\/document\.xml$/, rank: 0 },
  { pattern: /^word\/(footnotes|endnotes)\.xml$/, rank: 1 },
  { pattern: /^word\/(header|footer)\d*\.xml$/, rank: 2 },
  { pattern: /^xl\/sharedStrings\.xml$/, rank: 0 },
  { pattern: /^xl\/worksheets\/sheet\d+\.xml$/, rank: 1 },
  { pattern: /^ppt\/slides\/slide\d+\.xml$/, rank: 0 },
  { pattern: /^content\.xml$/, rank: 0 },
];

function rankOf(name: string): number | undefined {
  return TEXT_PARTS.find((p) => p.pattern.test(name))?.rank;
}

/** slide2.xml before slide10.xml. */
function numberIn(name: string): number {
  return Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
}

interface TextRules {
  /** Elements (by local name) whose text is the document's; any text when absent. */
  textIn?: ReadonlySet<string>;
  /** Elements whose end ends a paragraph (or a cell, or a shared string). */
  blocks: ReadonlySet<string>;
  /** Empty elements that stand for a space: tabs, line breaks, ODF's runs of spaces. */
  spaces: ReadonlySet<string>;
}

const OOXML_RULES: TextRules = { textIn: new Set(['t']), blocks: new Set(['p', 'si', 'is', 'tc']), spaces: new Set(['tab', 'br', 'cr']) };
const ODF_RULES: TextRules = { blocks: new Set(['p', 'h', 'table-cell']), spaces: new Set(['s', 'tab', 'line-break']) };

/** Elements whose whole content is left out: deleted tracked changes, comments, phonetic guides, and ODF's forms and change records. */
const HIDDEN = /<((?:[\w.-]+:)?(?:tracked-changes|annotation|rPh|forms))\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/g;

/** Appends the text of one XML part to `out`, stopping once `room` characters are taken. */
function appendText(xml: string, rules: TextRules, out: string[], room: number): number {
  let taken = 0;
  let inside = 0;
  let line = '';
  const flush = () => {
    if (line.trim()) {
      out.push(line);
      taken += line.length + 1;
    }
    line = '';
  };
  for (const match of xml.replace(HIDDEN, ' ').matchAll(/<(\/?)(?:[\w.-]+:)?([\w.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    if (taken + line.length >= room) break;
    const [, closing, local, selfClosing, text] = match;
    if (text !== undefined) {
      if (!rules.textIn || inside > 0) line += decodeXmlValue(text);
      continue;
    }
    if (rules.spaces.has(local!)) line += ' ';
    if (rules.textIn?.has(local!) && !selfClosing) inside += closing ? -1 : 1;
    if (closing && rules.blocks.has(local!)) flush();
  }
  flush();
  return taken;
}

/**
 * The plain text of an office file, paragraphs on lines of their own, at most `maxChars`
 * characters; undefined when the file cannot be unpacked.
 */
export function officeText(bytes: Buffer, maxChars: number): string | undefined {
  const parts = readOfficeParts(bytes, (name) => rankOf(name) !== undefined);
  if (!parts) return undefined;
  const names = [...parts.keys()].sort((a, b) => rankOf(a)! - rankOf(b)! || numberIn(a) - numberIn(b) || a.localeCompare(b));
  const out: string[] = [];
  let room = maxChars;
  for (const name of names) {
    let xml = parts.get(name)!;
    if (name === 'content.xml') {
      // Only the body: styles, fonts and the like carry names, not the document's words.
      const start = xml.search(/<(?:[\w.-]+:)?body\b/);
      xml = start < 0 ? '' : xml.slice(start);
    }
    room -= appendText(xml, name === 'content.xml' ? ODF_RULES : OOXML_RULES, out, room);
    if (room <= 0) break;
  }
  return out.join('\n').slice(0, maxChars);
}

import { clusterBoundaryAtOrBefore, isKhmerWord, segmentWords, type WordSegment } from '../../i18n/khmer.js';
import { foldWord } from './search.text.js';

/** A piece of result text; `mark` pieces are the words that matched the query. */
export interface TextPart {
  text: string;
  mark?: true;
}

/** Characters of body text shown under a result. */
export const SNIPPET_CHARS = 240;
/** Of those, how many come before the first matching word, to show its context. */
const LEAD_CHARS = 60;
/** Occurrences of a word's first letters checked before the search for a match gives up. */
const MAX_PROBE_HITS = 40;

/** Pieces of `text` from `from` to `to`, with the matching words marked. */
function markWords(text: string, words: readonly WordSegment[], terms: ReadonlySet<string>, from: number, to: number): TextPart[] {
  const parts: TextPart[] = [];
  let at = from;
  const plain = (end: number) => {
    if (end <= at) return;
    const last = parts[parts.length - 1];
    if (last && !last.mark) last.text += text.slice(at, end);
    else parts.push({ text: text.slice(at, end) });
    at = end;
  };
  for (const w of words) {
    const start = w.index;
    const end = w.index + w.text.length;
    if (start < from || end > to) continue;
    if (!terms.has(foldWord(w.text))) continue;
    plain(start);
    parts.push({ text: w.text, mark: true });
    at = end;
  }
  plain(to);
  return parts;
}

/** A whole short text (a title) with its matching words marked. */
export function highlightText(text: string, terms: ReadonlySet<string>): TextPart[] {
  return markWords(text, segmentWords(text), terms, 0, text.length);
}

/** Where to look for a word cheaply: its first letters, as they appear in lower-cased text. */
function probeOf(term: string): string {
  if (isKhmerWord(term)) return /[0-9]/.test(term) ? '' : term;
  return term.slice(0, Math.max(1, Math.min(term.length - 1, 4)));
}

/**
 * The start of the first word in `text` that matches, found by looking for each term's first
 * letters and segmenting only around those places: a document's text can be a whole report.
 */
function findFirstMatch(text: string, terms: ReadonlySet<string>): number | undefined {
  const lower = text.toLowerCase();
  // Lower-casing can change the length of a few letters; then positions no longer line up.
  if (lower.length !== text.length) return undefined;
  const places: number[] = [];
  for (const probe of new Set([...terms].map(probeOf))) {
    if (!probe) continue;
    for (let at = lower.indexOf(probe), n = 0; at !== -1 && n < MAX_PROBE_HITS; at = lower.indexOf(probe, at + 1), n++) places.push(at);
  }
  places.sort((a, b) => a - b);
  for (const place of places) {
    const from = clusterBoundaryAtOrBefore(text, Math.max(0, place - 48));
    const words = segmentWords(text.slice(from, place + 96));
    for (const w of words) {
      const start = from + w.index;
      if (start > place) break;
      if (start + w.text.length > place && (start > from || from === 0) && terms.has(foldWord(w.text))) return start;
    }
  }
  return undefined;
}

/**
 * About SNIPPET_CHARS of the text around its first matching word, cut between words (and so
 * never inside a Khmer cluster), with "…" where text was left out.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>, maxChars = SNIPPET_CHARS): TextPart[] {
  if (text.length <= maxChars) return highlightText(text, terms);
  const match = findFirstMatch(text, terms) ?? 0;
  const regionStart = clusterBoundaryAtOrBefore(text, Math.max(0, match - LEAD_CHARS));
  const region = text.slice(regionStart, regionStart + maxChars + LEAD_CHARS);
  const words = segmentWords(region).map((w) => ({ index: regionStart + w.index, text: w.text }));
  // The region may begin or end inside a word: start at the first whole word, stop after the last.
  const first = regionStart === 0 ? undefined : words.find((w) => w.index > regionStart || !/[\p{L}\p{N}\p{M}]/u.test(text[regionStart - 1] ?? ''));
  const from = regionStart === 0 ? 0 : (first?.index ?? regionStart);
  let to = from;
  for (const w of words) {
    const end = w.index + w.text.length;
    if (w.index < from) continue;
    if (end - from > maxChars) break;
    if (end === regionStart + region.length && end < text.length) break;
    to = end;
  }
  if (to === from) to = clusterBoundaryAtOrBefore(text, from + maxChars);
  const parts = markWords(text, words, terms, from, to);
  if (from > 0) parts.unshift({ text: '…' });
  if (to < text.length) parts.push({ text: '…' });
  return parts;
}

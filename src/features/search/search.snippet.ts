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
/** Occurrences of each word's first letters considered when looking for the first match. */
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

/** Where the first match may be: positions of each term's first letters, in text order. */
function candidatePlaces(text: string, terms: ReadonlySet<string>): number[] {
  const lower = text.toLowerCase();
  // Lower-casing can change the length of a few letters; then positions no longer line up.
  if (lower.length !== text.length) return [];
  const places: number[] = [];
  for (const probe of new Set([...terms].map(probeOf))) {
    if (!probe) continue;
    for (let at = lower.indexOf(probe), n = 0; at !== -1 && n < MAX_PROBE_HITS; at = lower.indexOf(probe, at + 1), n++) places.push(at);
  }
  return places.sort((a, b) => a - b);
}

interface Region {
  start: number;
  text: string;
  words: WordSegment[];
}

/** A window of the text from a little before `place`, and its words (positions in the text). */
function regionAround(text: string, place: number, maxChars: number): Region {
  const start = clusterBoundaryAtOrBefore(text, Math.max(0, place - LEAD_CHARS));
  const part = text.slice(start, start + maxChars + LEAD_CHARS);
  return { start, text: part, words: segmentWords(part).map((w) => ({ index: start + w.index, text: w.text })) };
}

/**
 * About SNIPPET_CHARS of the text around its first matching word, cut between words (and so
 * never inside a Khmer cluster), with "…" where text was left out. A document's text can be a
 * whole report: it is searched for each term's first letters, and only the text around those
 * places is segmented, until a window holds a word that really matches.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>, maxChars = SNIPPET_CHARS): TextPart[] {
  if (text.length <= maxChars) return highlightText(text, terms);
  let region: Region | undefined;
  let checkedUpTo = -1;
  for (const place of candidatePlaces(text, terms)) {
    if (place < checkedUpTo) continue;
    const candidate = regionAround(text, place, maxChars);
    if (candidate.words.some((w) => w.index >= place - 1 && terms.has(foldWord(w.text)))) {
      region = candidate;
      break;
    }
    checkedUpTo = candidate.start + candidate.text.length - LEAD_CHARS;
  }
  region ??= regionAround(text, 0, maxChars);
  const { start, words } = region;
  // The window may begin or end inside a word: start at the first whole word, stop after the last.
  const first = start === 0 ? undefined : words.find((w) => w.index > start || !/[\p{L}\p{N}\p{M}]/u.test(text[start - 1] ?? ''));
  const from = start === 0 ? 0 : (first?.index ?? start);
  let to = from;
  for (const w of words) {
    const end = w.index + w.text.length;
    if (w.index < from) continue;
    if (end - from > maxChars) break;
    if (end === start + region.text.length && end < text.length) break;
    to = end;
  }
  if (to === from) to = clusterBoundaryAtOrBefore(text, from + maxChars);
  const parts = markWords(text, words, terms, from, to);
  if (from > 0) parts.unshift({ text: '…' });
  if (to < text.length) parts.push({ text: '…' });
  return parts;
}

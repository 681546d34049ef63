import { clusterBoundaryAtOrBefore, isKhmerWord, segmentWords, type WordSegment } from '../../i18n/khmer.js';
import type { Highlight } from './search.query.js';
import { foldWord } from './search.text.js';
import { foldKhmerVariants, foldKhmerVariantsWithOffsets } from './search.variants.js';

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

const COENG = 0x17d2;
const isKhmerBase = (cp: number) => cp >= 0x1780 && cp <= 0x17b3;
const isKhmerMark = (cp: number) => (cp >= 0x17b6 && cp <= 0x17d3) || cp === 0x17dd;

/**
 * A text with its Khmer spelling variants folded (search.variants.ts), to look for the folded
 * spellings a query asks for, and the way back to positions in the text as written.
 */
interface FoldedText {
  text: string;
  /** Position in the text of a position in the folded text. */
  original(at: number): number;
  /** First position in the folded text at or after a position in the text. */
  folded(at: number): number;
}

function foldedText(text: string): FoldedText {
  const { folded, offsets } = foldKhmerVariantsWithOffsets(text);
  if (!offsets) return { text, original: (at) => at, folded: (at) => at };
  return {
    text: folded,
    original: (at) => offsets[at] ?? text.length,
    folded: (at) => {
      let lo = 0;
      let hi = offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (offsets[mid]! < at) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

/** The Khmer spellings a highlight looks for, folded as the text is. */
const khmerSpellings = (highlight: Highlight) => [...new Set(highlight.khmer.map(foldKhmerVariants))];

/** True when text[start, end) starts and ends between Khmer syllables. */
function onSyllableBoundaries(text: string, start: number, end: number): boolean {
  const startsSyllable = isKhmerBase(text.charCodeAt(start)) && text.charCodeAt(start - 1) !== COENG;
  return startsSyllable && (end >= text.length || !isKhmerMark(text.charCodeAt(end)));
}

/**
 * True when the text holds this Khmer spelling between syllables, variants folded alike (not
 * merely as a piece of a syllable: មត is not in មតិ).
 */
export function showsKhmerSpelling(text: string, spelling: string): boolean {
  const folded = foldKhmerVariants(text);
  const wanted = foldKhmerVariants(spelling);
  for (let at = folded.indexOf(wanted); at !== -1; at = folded.indexOf(wanted, at + 1)) {
    if (onSyllableBoundaries(folded, at, at + wanted.length)) return true;
  }
  return false;
}

/**
 * Where the matches are in text[from, to): whole words whose index form the query asked for
 * (never part of a word: "right" is not marked inside "copyright"), and the Khmer words the
 * reader typed, each as one mark wherever it stands between syllables, since unspaced Khmer
 * has no word boundaries to rely on. Overlapping marks become one.
 */
function findMarks(folded: FoldedText, words: readonly WordSegment[], highlight: Highlight, from: number, to: number): Array<[number, number]> {
  const marks: Array<[number, number]> = [];
  for (const w of words) {
    const end = w.index + w.text.length;
    if (w.index >= from && end <= to && highlight.words.has(foldWord(w.text))) marks.push([w.index, end]);
  }
  const { text } = folded;
  const foldedTo = folded.folded(to);
  for (const typed of khmerSpellings(highlight)) {
    for (let at = text.indexOf(typed, folded.folded(from)); at !== -1 && at + typed.length <= foldedTo; at = text.indexOf(typed, at + 1)) {
      if (onSyllableBoundaries(text, at, at + typed.length)) marks.push([folded.original(at), folded.original(at + typed.length)]);
    }
  }
  marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const m of marks) {
    const last = merged[merged.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([m[0], m[1]]);
  }
  return merged;
}

/** Pieces of `text` from `from` to `to`, with the matching words marked. */
function markWords(text: string, folded: FoldedText, words: readonly WordSegment[], highlight: Highlight, from: number, to: number): TextPart[] {
  const parts: TextPart[] = [];
  let at = from;
  for (const [start, end] of findMarks(folded, words, highlight, from, to)) {
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (to > at) parts.push({ text: text.slice(at, to) });
  return parts;
}

/** A whole short text (a title) with its matching words marked. */
export function highlightText(text: string, highlight: Highlight): TextPart[] {
  return markWords(text, foldedText(text), segmentWords(text), highlight, 0, text.length);
}

/** Where to look for a word cheaply: its first letters, as they appear in lower-cased text. */
function probeOf(term: string): string {
  if (isKhmerWord(term)) return /[0-9]/.test(term) ? '' : term;
  return term.slice(0, Math.max(1, Math.min(term.length - 1, 4)));
}

/** Where the first match may be: positions of each term's first letters, in text order. */
function candidatePlaces(text: string, folded: FoldedText, highlight: Highlight): number[] {
  const lower = text.toLowerCase();
  // Lower-casing can change the length of a few letters; then positions no longer line up.
  if (lower.length !== text.length) return [];
  const places: number[] = [];
  // Khmer is looked for in the folded text (index words and query spellings are folded), the rest as written.
  for (const probe of new Set([...[...highlight.words].map(probeOf), ...khmerSpellings(highlight)])) {
    if (!probe) continue;
    const khmer = isKhmerWord(probe);
    const haystack = khmer ? folded.text : lower;
    for (let at = haystack.indexOf(probe), n = 0; at !== -1 && n < MAX_PROBE_HITS; at = haystack.indexOf(probe, at + 1), n++) {
      places.push(khmer ? folded.original(at) : at);
    }
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
export function makeSnippet(text: string, highlight: Highlight, maxChars = SNIPPET_CHARS): TextPart[] {
  if (text.length <= maxChars) return highlightText(text, highlight);
  let region: Region | undefined;
  let checkedUpTo = -1;
  const folded = foldedText(text);
  for (const place of candidatePlaces(text, folded, highlight)) {
    if (place < checkedUpTo) continue;
    const candidate = regionAround(text, place, maxChars);
    const regionEnd = candidate.start + candidate.text.length;
    if (findMarks(folded, candidate.words, highlight, Math.max(candidate.start, place - 1), regionEnd).length) {
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
  const parts = markWords(text, folded, words, highlight, from, to);
  if (from > 0) parts.unshift({ text: '…' });
  if (to < text.length) parts.push({ text: '…' });
  return parts;
}

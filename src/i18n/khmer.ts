/**
 * Khmer text handling shared by search indexing and querying: both sides must produce exactly
 * the same characters and the same word boundaries, or a word typed by a reader will not meet
 * the same word stored in a document.
 *
 * Khmer is written without spaces between words, and the same visible syllable can be typed in
 * several code point orders (a vowel before or after a subscript consonant, the subscript Ro
 * first or second, a sign before or after the vowel). Fonts draw them alike, so readers cannot
 * see the difference; search has to bring them to one order first.
 */

/** Invisible characters people (and word processors) put between Khmer words, or inside them. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;

const COENG = 0x17d2;
const RO = 0x179a;
const DA = 0x178a;
const TA = 0x178f;

/** Sort ranks of the parts of one written Khmer syllable, in the order Unicode prescribes. */
const enum Part {
  Robat = 1,
  Subscript = 2,
  /** Coeng Ro is typed last among the subscripts: ស + ្ត + ្រ + ី. */
  SubscriptRo = 3,
  Shifter = 4,
  Vowel = 5,
  Sign = 6,
  FinalSign = 7,
}

/** A consonant or independent vowel: what a syllable is built on. */
function isBase(cp: number): boolean {
  return (cp >= 0x1780 && cp <= 0x17a2) || (cp >= 0x17a5 && cp <= 0x17b3);
}

/** The rank of a mark that follows a base, or 0 when the code point ends the syllable. */
function partOf(cp: number): number {
  if (cp === 0x17cc) return Part.Robat;
  if (cp === 0x17c9 || cp === 0x17ca) return Part.Shifter;
  if (cp >= 0x17b6 && cp <= 0x17c5) return Part.Vowel;
  if (cp === 0x17c7 || cp === 0x17c8) return Part.FinalSign;
  if (cp === 0x17c6 || cp === 0x17cb || (cp >= 0x17cd && cp <= 0x17d1) || cp === 0x17d3 || cp === 0x17dd) return Part.Sign;
  return 0;
}

/** Two-vowel spellings that the standard replaces with the single vowel they look like. */
const VOWEL_PAIRS: Array<[RegExp, string]> = [
  [/\u17C1\u17B8/g, '\u17BE'], // េ + ី → ើ
  [/\u17C1\u17B6/g, '\u17C4'], // េ + ា → ោ
];

/** The marks after the base at `start`, up to `end`, in the standard order. */
function rebuildSyllable(text: string, start: number, end: number): string {
  const parts: Array<{ rank: number; text: string }> = [];
  for (let j = start + 1; j < end; ) {
    const c = text.charCodeAt(j);
    const next = text.charCodeAt(j + 1);
    if (c === COENG && j + 1 < end && isBase(next)) {
      parts.push({ rank: next === RO ? Part.SubscriptRo : Part.Subscript, text: String.fromCharCode(COENG, next === DA ? TA : next) });
      j += 2;
    } else {
      parts.push({ rank: c === COENG ? Part.Subscript : partOf(c), text: text[j]! });
      j += 1;
    }
  }
  // Array.prototype.sort is stable, so marks of one rank keep the order they were typed in.
  parts.sort((a, b) => a.rank - b.rank);
  let syllable = text[start]!;
  let previous = '';
  for (const part of parts) {
    if (part.rank >= Part.Shifter && part.text === previous) continue;
    syllable += part.text;
    previous = part.text;
  }
  for (const [pattern, replacement] of VOWEL_PAIRS) syllable = syllable.replace(pattern, replacement);
  return syllable;
}

/**
 * Reorders the marks of every Khmer syllable into the standard order: base, robat, subscripts
 * (Ro last), register shifter, vowels, signs, final signs. Marks of the same rank keep their
 * order; a mark typed twice in a row counts once; subscript Da becomes subscript Ta, which is
 * drawn identically and typed interchangeably. Most text is already in order: a syllable is
 * only rebuilt when the scan finds something to change, and text with nothing to change is
 * returned as it is.
 */
function reorderKhmerSyllables(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!isBase(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    let inOrder = true;
    let lastRank = 0;
    let previous = -1;
    let j = i + 1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      let rank: number;
      let width = 1;
      if (c === COENG) {
        const next = text.charCodeAt(j + 1);
        rank = next === RO ? Part.SubscriptRo : Part.Subscript;
        if (isBase(next)) width = 2;
        if (next === DA) inOrder = false;
      } else {
        rank = partOf(c);
        if (rank === 0) break;
        if (rank >= Part.Shifter && c === previous) inOrder = false;
        if (previous === 0x17c1 && (c === 0x17b8 || c === 0x17b6)) inOrder = false;
      }
      if (rank < lastRank) inOrder = false;
      lastRank = rank;
      previous = width === 1 ? c : -1;
      j += width;
    }
    if (!inOrder) {
      out += text.slice(copied, i) + rebuildSyllable(text, i, j);
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const hasKhmer = (text: string) => /[\u1780-\u17FF]/.test(text);

/**
 * Consonants of the first (high, "a") series. A register shifter moves a consonant to the
 * other series: triisap ៊ (U+17CA) is written on these, muusikatoan ៉ (U+17C9) on the
 * second-series consonants (Unicode Standard, chapter 16.4 "Khmer", register shifters).
 */
const FIRST_SERIES = new Set([...'កខចឆដឋណតថបផឝឞសហឡអ'].map((c) => c.charCodeAt(0)));
const TRIISAP = '\u17CA';
const MUUSIKATOAN = '\u17C9';

/**
 * A shifter followed by a vowel above the letter (ិ ី ឹ ឺ) is drawn as a small ុ under it
 * (Unicode, chapter 16.4), so readers type the vowel ុ instead of the shifter: ប៊ីស្គីត typed
 * as ប + ុ + ី looks the same on screen. A consonant never carries ុ together with an upper
 * vowel in real spelling, so the pair is always this mistyping; the shifter is the one its
 * consonant's series takes. Either order of the two vowels is caught.
 *
 * For the same reason the two shifters cannot be told apart before an upper vowel (both are
 * drawn as that ុ), and readers type either: ស៉ីម and ស៊ីម look the same. There too the shifter
 * becomes the one its consonant's series takes.
 */
const SHIFTER_MISTYPED = /([\u1780-\u17A2])((?:\u17D2[\u1780-\u17A2])*)(?:\u17BB([\u17B7-\u17BA])|([\u17B7-\u17BA])\u17BB)/g;
const SHIFTER_BEFORE_UPPER_VOWEL = /([\u1780-\u17A2])((?:\u17D2[\u1780-\u17A2])*)[\u17C9\u17CA]([\u17B7-\u17BA])/g;

const shifterOf = (base: string) => (FIRST_SERIES.has(base.charCodeAt(0)) ? TRIISAP : MUUSIKATOAN);

function repairMistypedShifters(text: string): string {
  let out = text;
  if (out.includes('\u17BB')) {
    out = out.replace(SHIFTER_MISTYPED, (_m, base: string, subscripts: string, after?: string, before?: string) => base + subscripts + shifterOf(base) + (after ?? before!));
  }
  if (/[\u17C9\u17CA]/.test(out)) {
    out = out.replace(SHIFTER_BEFORE_UPPER_VOWEL, (_m, base: string, subscripts: string, vowel: string) => base + subscripts + shifterOf(base) + vowel);
  }
  return out;
}

/**
 * Obsolete characters Unicode's code charts say not to use, with the sequence to use instead:
 * ឣ → អ, ឤ → អា (already deprecated), ឨ → ឧក (an old ligature of the two), ៘ → ។ល។ (the
 * "and so on" sign, written as three characters). The inherent vowels ឴ ឵ draw nothing and go.
 */
const OBSOLETE: Array<[RegExp, string]> = [
  [/[\u17B4\u17B5]/g, ''],
  [/\u17A3/g, '\u17A2'],
  [/\u17A4/g, '\u17A2\u17B6'],
  [/\u17A8/g, '\u17A7\u1780'],
  [/\u17D8/g, '\u17D4\u179B\u17D4'],
];

/**
 * The form of a text that search compares: NFC, without zero-width spaces and joiners, with
 * deprecated Khmer letters replaced, every Khmer syllable in one code point order, the
 * shifter typed as ុ restored, and the shifter before an upper vowel made the one its
 * consonant's series takes. It draws the same as the input, so it is also what snippets
 * show. Each rule has its test in khmer.test.ts.
 */
export function normalizeSearchText(text: string): string {
  let out = text.normalize('NFC').replace(INVISIBLE, '');
  if (!hasKhmer(out)) return out;
  for (const [pattern, replacement] of OBSOLETE) out = out.replace(pattern, replacement);
  return repairMistypedShifters(reorderKhmerSyllables(out));
}

/** A word found in a text: where it starts, in UTF-16 code units, and its characters. */
export interface WordSegment {
  index: number;
  text: string;
}

const khmerSegmenter = new Intl.Segmenter('km', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('km', { granularity: 'grapheme' });

/**
 * Khmer runs are segmented in windows of this many code units: the segmenter slows down
 * sharply on long strings (it is quadratic in Node 20), and an unspaced Khmer run from a PDF
 * can be thousands of characters long.
 */
const KHMER_WINDOW_CHARS = 256;

/**
 * A run of Khmer script, a run of Khmer digits, or a run of letters, digits and marks of any
 * other script. Digits are their own run because the segmenter keeps them glued to the word
 * before (ឆ្នាំ២០២៤), and a year must be findable on its own.
 */
const RUNS = /[\u1780-\u17DF\u17EA-\u17FF\u19E0-\u19FF]+|[\u17E0-\u17E9]+|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const isKhmerDigit = (code: number) => code >= 0x17e0 && code <= 0x17e9;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Splits a Khmer run into words with `Intl.Segmenter('km')`, window by window. Each window
 * keeps all but its last word, which may have been cut by the window's end; the next window
 * starts at that word.
 */
function segmentKhmerRun(run: string, offset: number, out: WordSegment[]): void {
  let start = 0;
  while (start < run.length) {
    const end = Math.min(run.length, start + KHMER_WINDOW_CHARS);
    const words = [...khmerSegmenter.segment(run.slice(start, end))];
    const last = words[words.length - 1]!;
    const keep = end === run.length || words.length === 1 ? words : words.slice(0, -1);
    for (const w of keep) {
      if (w.isWordLike && WORD_CHARACTER.test(w.segment)) out.push({ index: offset + start + w.index, text: w.segment });
    }
    start = keep === words ? end : start + last.index;
  }
}

/**
 * The words of a text (already normalised), in order: Khmer runs through the Khmer word
 * segmenter, other scripts split at anything that is not a letter, digit or mark.
 */
export function segmentWords(text: string): WordSegment[] {
  const out: WordSegment[] = [];
  for (const match of text.matchAll(RUNS)) {
    const run = match[0];
    const index = match.index;
    const code = run.charCodeAt(0);
    if (code >= 0x1780 && code <= 0x19ff && !isKhmerDigit(code)) segmentKhmerRun(run, index, out);
    else out.push({ index, text: run });
  }
  return out;
}

/** True when the word is written in Khmer script. */
export function isKhmerWord(word: string): boolean {
  return /^[\u1780-\u17FF\u19E0-\u19FF]/.test(word);
}

/**
 * Where a Khmer word could be split into smaller written words: before every consonant or
 * independent vowel that is not a subscript. Word boundaries can only fall there.
 */
export function khmerClusterBoundaries(word: string): number[] {
  const out: number[] = [0];
  for (let i = 1; i < word.length; i++) {
    if (isBase(word.charCodeAt(i)) && word.charCodeAt(i - 1) !== COENG) out.push(i);
  }
  out.push(word.length);
  return out;
}

/** True when `part` occurs in `word` starting and ending on cluster boundaries. */
export function containsKhmerWordPart(word: string, part: string): boolean {
  if (!part || part.length > word.length) return false;
  const boundaries = new Set(khmerClusterBoundaries(word));
  for (let at = word.indexOf(part); at !== -1; at = word.indexOf(part, at + 1)) {
    if (boundaries.has(at) && boundaries.has(at + part.length)) return true;
  }
  return false;
}

/**
 * The nearest position at or before `position` where a text may be cut without splitting a
 * grapheme cluster. A cut right after a coeng is refused too: with older Unicode data the
 * grapheme rules would separate a subscript consonant from the consonant it hangs under.
 */
export function clusterBoundaryAtOrBefore(text: string, position: number): number {
  if (position <= 0) return 0;
  if (position >= text.length) return text.length;
  // Segmenting from a little earlier is enough: clusters are short. The window's own start
  // may fall inside a cluster, so it only counts when it is the start of the text.
  const from = Math.max(0, position - 32);
  let boundary = -1;
  for (const g of graphemeSegmenter.segment(text.slice(from, position + 1))) {
    const at = from + g.index;
    if (at > position) break;
    if ((at > from || from === 0) && text.charCodeAt(at - 1) !== COENG) boundary = at;
  }
  return boundary === -1 ? clusterBoundaryAtOrBefore(text, from) : boundary;
}

/** The text cut to at most `maxLength` code units, never inside a cluster. */
export function truncateGraphemes(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return text.slice(0, clusterBoundaryAtOrBefore(text, maxLength));
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSearchText } from '../../i18n/khmer.js';
import type { Highlight } from './search.query.js';
import { highlightText, makeSnippet, showsKhmerSpelling } from './search.snippet.js';
import { foldKhmerVariants, foldKhmerVariantsWithOffsets } from './search.variants.js';

const marks = (parts: ReadonlyArray<{ text: string; mark?: true }>) => parts.filter((p) => p.mark).map((p) => p.text);
const khmer = (...spellings: string[]): Highlight => ({ words: new Set(), khmer: spellings });

describe('highlighting through spelling variants', () => {
  it('folds a text as foldKhmerVariants does, knowing where each folded letter came from', () => {
    for (const text of ['បានឮសំឡេង', 'ព័ត៌មានឲ្យឯករាជ្យ', 'ឱកាស ឬ ឥឡូវ', 'សិទ្ធិមនុស្ស']) {
      const { folded, offsets } = foldKhmerVariantsWithOffsets(text);
      assert.equal(folded, foldKhmerVariants(text), text);
      if (offsets) assert.equal(offsets.length, folded.length + 1);
    }
  });

  it('maps each folded letter to the letter it came from, ឲ្យ letter by letter, on any text', () => {
    // The mapping by its definition: ឲ្យ / ឱ្យ as one piece, every other letter on its own; a
    // piece folded to as many letters maps letter by letter, a longer one to its start.
    const expected = (text: string) => {
      const offsets: number[] = [];
      for (let i = 0; i < text.length; ) {
        const width = /^[\u17B1\u17B2]\u17D2\u1799/.test(text.slice(i, i + 3)) ? 3 : 1;
        const piece = foldKhmerVariants(text.slice(i, i + width));
        for (let k = 0; k < piece.length; k++) offsets.push(piece.length === width ? i + k : i);
        i += width;
      }
      return [...offsets, text.length];
    };
    // Every letter of the table, the letters of ឲ្យ on their own, and ordinary Khmer and Latin.
    const letters = [...'ឥឦឧឩឪឯឰឱឲឳឫឬឭឮ៌', '\u17D2', 'យ', 'ក', 'ា', ' ', 'a', 'ឲ្យ', 'ឱ្យ', 'ឲ្'];
    // A fixed sequence (xorshift), so that a failure is the same on every run.
    let seed = 7;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let n = next() % 12; n > 0; n--) text += letters[next() % letters.length];
      const { folded, offsets } = foldKhmerVariantsWithOffsets(text);
      assert.equal(folded, foldKhmerVariants(text), text);
      if (offsets) assert.deepEqual(Array.from(offsets), expected(text), text);
    }
  });

  it('marks the word as written when the query spelt it another way (៍ for ៌, លឺ for ឮ)', () => {
    const title = normalizeSearchText('ក្រសួងព័ត៌មានបាននិយាយ');
    assert.deepEqual(marks(highlightText(title, khmer('ព័ត៍មាន'))), ['ព័ត៌មាន']);
    const heard = normalizeSearchText('ពួកគេបានឮសំឡេងកាំភ្លើង');
    assert.deepEqual(marks(highlightText(heard, khmer('លឺសំឡេង'))), ['ឮសំឡេង']);
  });

  it('finds the variant in a long text to centre the snippet on it', () => {
    const body = normalizeSearchText(`${'ក្រុមហ៊ុនបានសាងសង់ផ្លូវថ្មី។ '.repeat(30)}អ្នកភូមិបានឮសំឡេងកាំភ្លើង។`);
    assert.deepEqual(marks(makeSnippet(body, khmer('លឺសំឡេងកាំភ្លើង'))), ['ឮសំឡេងកាំភ្លើង']);
  });

  it('tells whether a text shows a Khmer spelling between syllables, variants folded', () => {
    assert.equal(showsKhmerSpelling('សេរីភាពនៃការបញ្ចេញមតិ', 'ការបញ្ចេញមតិ'), true);
    assert.equal(showsKhmerSpelling('សេរីភាពនៃការបញ្ចេញមតិ', 'ការបញ្ចេញមត'), false);
    assert.equal(showsKhmerSpelling('បានឮសំឡេង', 'លឺសំឡេង'), true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSearchText } from '../../i18n/khmer.js';
import { equivalentKhmerSpellings } from './search.khmer-spellings.js';
import { foldWord } from './search.text.js';

const spellingsOf = (word: string) => equivalentKhmerSpellings(foldWord(normalizeSearchText(word)));

describe('Khmer spellings read the same', () => {
  it('writes nikahit before a consonant as ម with that consonant subscript, and back', () => {
    assert.ok(spellingsOf('សម្រោងទង').includes('សំរោងទង'));
    assert.ok(spellingsOf('សំរោងទង').includes('សម្រោងទង'));
    assert.ok(spellingsOf('កម្ចាត់មីន').includes('កំចាត់មីន'));
  });

  it('writes a final ុំ as ុម and back', () => {
    assert.ok(spellingsOf('អ៊ុម').includes('អ៊ុំ'));
    assert.ok(spellingsOf('អ៊ុំ').includes('អ៊ុម'));
  });

  it('writes a register shifter or leaves it out, on the consonants that take it', () => {
    assert.ok(spellingsOf('ធារា').includes('ធារ៉ា'));
    assert.ok(spellingsOf('ធារ៉ា').includes('ធារា'));
    assert.ok(!spellingsOf('ធារា').some((s) => s.includes('ធ៉') || s.includes('ធ៊')), 'ធ takes no shifter');
  });

  it('leaves out a silent last letter with its cancelling sign', () => {
    assert.ok(spellingsOf('បៀវត្សរ៍').includes('បៀវត្ស'));
  });

  it('writes a silent final រ after a vowel inside a word, or leaves it out, never before a final consonant', () => {
    assert.ok(spellingsOf('អូយ៉ាដាវ').includes('អូរយ៉ាដាវ'));
    assert.ok(spellingsOf('អូរយ៉ាដាវ').includes('អូយ៉ាដាវ'));
    assert.ok(!spellingsOf('កំចាត់').includes('កំចារត់'));
    assert.ok(!spellingsOf('ធារា').includes('ធាររា'));
  });

  it('never gives the word itself, and nothing for a word with none of these', () => {
    assert.ok(!spellingsOf('សម្រោងទង').includes('សម្រោងទង'));
    assert.deepEqual(spellingsOf('ទេ'), []);
  });
});

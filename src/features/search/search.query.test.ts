import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HELDOUT_FIXTURE } from '../../../test/fixtures/search/heldout.js';
import { normalizeSearchText } from '../../i18n/khmer.js';
import { matchQueryOf } from './search.repository.js';
import {
  exactCanMatch,
  exactExpression,
  fullExpression,
  isOneSpokenSyllable,
  isSyllableAlternative,
  mostWordsExpression,
  parseQuery,
  planQuery,
  type Vocabulary,
} from './search.query.js';
import { showsKhmerSpelling } from './search.snippet.js';
import { SYLLABLE_MARK } from './search.syllables.js';
import { surfaceTerms, syllableRuns, syllablesOfWord, tokenize } from './search.text.js';

/**
 * The vocabulary of a few texts, counted as the index counts it (words, single syllables and
 * surface words, each once per text), answering the planner's questions from memory.
 */
function vocabularyOf(texts: readonly string[]): Vocabulary {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const normalised = normalizeSearchText(text);
    const terms = new Set(tokenize(normalised));
    for (const run of syllableRuns(normalised)) for (const s of run) terms.add(s);
    surfaceTerms(normalised, terms);
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const entries = [...counts].map(([term, docCount]) => ({ term, docCount }));
  return {
    lookup: async (terms) => new Map(terms.flatMap((t) => (counts.has(t) ? [[t, counts.get(t)!] as const] : []))),
    withPrefix: async (prefix) => entries.filter((e) => e.term.startsWith(prefix)),
    khmerContaining: async (part) => entries.filter((e) => /^[\u1780-\u17FF]/.test(e.term) && e.term.includes(part)).sort((a, b) => b.docCount - a.docCount),
    surfaceWords: async (initials, min, max) =>
      entries
        .filter((e) => e.term.startsWith('=') && initials.includes(e.term[1]!) && e.term.length - 1 >= min && e.term.length - 1 <= max)
        .map((e) => ({ term: e.term.slice(1), docCount: e.docCount })),
    surfaceWordsBySecondLetter: async (letters, min, max) =>
      entries
        .filter((e) => e.term.startsWith('=') && letters.includes(e.term[2]!) && e.term.length - 1 >= min && e.term.length - 1 <= max)
        .map((e) => ({ term: e.term.slice(1), docCount: e.docCount })),
  };
}

const plan = (q: string, texts: readonly string[]) => planQuery(parseQuery(q), vocabularyOf(texts));
/** The syllable runs a plan's loose alternatives ask for, spelt as text. */
const syllableSpellings = (alternatives: ReadonlyArray<{ words: string[] }>) =>
  alternatives
    .filter((a) => isSyllableAlternative(a.words))
    .map((a) => a.words.map((pair, i) => (i === 0 ? pair : pair.slice(pair.indexOf(SYLLABLE_MARK, 1)))).join('').split(SYLLABLE_MARK).join(''));

describe('query planning', () => {
  it('tells words of one spoken syllable from longer ones', () => {
    for (const word of ['វែង', 'អូរ', 'ចាន់', 'ព្រៃ', 'ការ', 'ទ័រ', 'ជ័យ']) assert.equal(isOneSpokenSyllable(syllablesOfWord(word)), true, word);
    for (const word of ['កំពត', 'ថ្មបាំង', 'ពត', 'សេសាន']) assert.equal(isOneSpokenSyllable(syllablesOfWord(word)), false, word);
  });

  it('does not look for a short word no document has alone inside longer words', async () => {
    const texts = ['កសិករនៅស្រុកអន្លង់វែង', 'អ្នកខ្ចីប្រាក់នៅខេត្តព្រៃវែង'];
    const [group] = (await plan('វែង', texts)).groups;
    assert.deepEqual(group!.alternatives, [{ words: ['វែង'], exact: true }]);
    // A longer word is still found inside them, through its syllables.
    const [longer] = (await plan('ព្រៃវែង', ['អ្នកខ្ចីប្រាក់នៅខេត្តព្រៃវែងហើយ'])).groups;
    assert.ok(longer!.alternatives.some((a) => isSyllableAlternative(a.words)));
  });

  it('respells a syllable by adding a sign left out (ៈ), before changing any letter', async () => {
    const { groups } = await plan('គណកម្មការជាតិ', ['គណៈកម្មការជាតិរៀបចំការបោះឆ្នោត', 'គំនិតរបស់គណបក្ស']);
    const respelt = syllableSpellings(groups[0]!.alternatives);
    assert.ok(respelt.includes('គណៈកម្មការជាតិ'), respelt.join(' '));
  });

  it('respells a syllable by adding a subscript: a doubled letter written once', async () => {
    const { groups } = await plan('អាជ្ញាប័ណ', ['ក្រុមហ៊ុនមានអាជ្ញាប័ណ្ណត្រឹមត្រូវ']);
    assert.ok(syllableSpellings(groups[0]!.alternatives).includes('អាជ្ញាប័ណ្ណ'));
    const river = await plan('ទន្លេមេគង', ['ច្រាំងទន្លេមេគង្គនៅស្រុក']);
    assert.ok(syllableSpellings(river.groups[0]!.alternatives).includes('ទន្លេមេគង្គ'));
  });

  it('tries first the respellings that read as indexed words', async () => {
    // A site's worth of syllables: many one-edit respellings exist, of which few are words.
    const texts = HELDOUT_FIXTURE.flatMap((item) => [item.km, item.en].flatMap((t) => (t ? [`${t.title} ${t.body}`] : [])));
    const { groups } = await plan('ក្រុមហ៊ុនអំពោ', texts);
    assert.ok(syllableSpellings(groups[0]!.alternatives).includes('ក្រុមហ៊ុនអំពៅ'));
  });

  it('suggests the respelling the results show, and none that they do not', async () => {
    const { suggestion } = await plan('អាជ្ញាប័ណ', ['ក្រុមហ៊ុនមានអាជ្ញាប័ណ្ណត្រឹមត្រូវ', 'អាជ្ញាធរខេត្ត']);
    assert.ok(suggestion);
    assert.equal(suggestion((s) => showsKhmerSpelling('មានអាជ្ញាប័ណ្ណត្រឹមត្រូវ', s)), 'អាជ្ញាប័ណ្ណ');
    assert.equal(suggestion(() => false), undefined);
    // The results show the word as typed: it was right, whatever else was tried.
    assert.equal(suggestion(() => true), undefined);
  });

  it('suggests an English correction as an indexed word, whatever the results show', async () => {
    const { suggestion } = await plan('detnetion', ['Held in pre-trial detention for months.']);
    assert.equal(suggestion?.(() => false), 'detention');
  });

  it('finds the word meant when the first letter was dropped, changed or added', async () => {
    const texts = ['Forced evictions in the capital.', 'A workshop on land titles.'];
    for (const typo of ['victions', 'avictions', 'revictions']) {
      const [group] = (await plan(typo, texts)).groups;
      assert.ok(group!.alternatives.some((a) => a.words[0] === 'evict'), `${typo}: ${JSON.stringify(group!.alternatives)}`);
    }
  });

  it('searches a real English word as typed and only offers the indexed word near it', async () => {
    const { groups, suggestion } = await plan('detonation', ['Held in pre-trial detention for months.']);
    assert.deepEqual(groups[0]!.alternatives, [{ words: ['deton'], exact: true }]);
    assert.equal(suggestion?.(() => false), 'detention');
    // A typo that is not a word, as far from the same word, is still searched as that word.
    const typo = await plan('detnetoin', ['Held in pre-trial detention for months.']);
    assert.ok(typo.groups[0]!.alternatives.some((a) => a.words[0] === 'detent'));
  });

  it("searches a real English word as the other dialect's spelling of it", async () => {
    const [group] = (await plan('organization', ['A local organisation of fishers.'])).groups;
    assert.ok(group!.alternatives.some((a) => a.words[0] === 'organis'), JSON.stringify(group!.alternatives));
  });

  it('respells a short Khmer word by a vowel or sign only, as a whole indexed word', async () => {
    const texts = ['អ្នកសារព័ត៌មាននៅខេត្ត ក្រចេះ ត្រូវបានគំរាម', 'ក្រចេះ ជាខេត្តមួយ'];
    const [group] = (await plan('ក្រចែះ', texts)).groups;
    assert.ok(group!.alternatives.some((a) => a.words.join(' ') === 'ក្រចេះ'), JSON.stringify(group!.alternatives));
    // A consonant changed is not a variant of a short word: too many real words are that near.
    const [consonant] = (await plan('ក្រផេះ', texts)).groups;
    assert.ok(!consonant!.alternatives.some((a) => a.words.join(' ') === 'ក្រចេះ'), JSON.stringify(consonant!.alternatives));
    // Nor a vowel other than the one it is typed for: ភូមា (Burma) is not ភូមិ (village).
    const [vowel] = (await plan('ភូមា', ['ពលរដ្ឋ នៅ ភូមិ នេះ'])).groups;
    assert.deepEqual(vowel!.alternatives.filter((a) => !isSyllableAlternative(a.words)), [{ words: ['ភូមា'], exact: true }]);
    // A sign left out is a variant too.
    const [sign] = (await plan('ជយ', ['ជ័យ ជំនះ របស់ ពលរដ្ឋ'])).groups;
    assert.ok(sign!.alternatives.some((a) => a.words.join(' ') === 'ជ័យ'), JSON.stringify(sign!.alternatives));
  });

  it('offers the short word respelt as "did you mean" when the results show it', async () => {
    const { suggestion } = await plan('ក្រចែះ', ['នៅខេត្ត ក្រចេះ']);
    assert.equal(suggestion?.((s) => s === 'ក្រចេះ'), 'ក្រចេះ');
  });
});

describe('what a search asks the index (matchQueryOf)', () => {
  const texts = ['Human rights defenders met the press', 'The defenders of the forest', 'Defending land rights'];

  it('asks for a misspelt word through its alternatives alone, since its own spelling is in no document', async () => {
    const p = await plan('defendres', texts);
    assert.equal(exactCanMatch(p), false);
    assert.ok(p.groups[0]!.alternatives.some((a) => !a.exact), 'the misspelling has spelling variants');
    assert.deepEqual(matchQueryOf(p), { exact: fullExpression(p) });
  });

  it('asks for every word through its alternatives when one of them is misspelt', async () => {
    const p = await plan('defenders rihgts', texts);
    assert.equal(exactCanMatch(p), false);
    assert.deepEqual(matchQueryOf(p), { exact: fullExpression(p) });
  });

  it('asks for known words first as written, then through their alternatives', async () => {
    const p = await plan('ព្រៃវែង', ['អ្នកខ្ចីប្រាក់នៅខេត្តព្រៃវែងហើយ', 'ព្រៃវែង']);
    assert.equal(exactCanMatch(p), true);
    assert.ok(p.groups[0]!.alternatives.some((a) => !a.exact), 'the word has loose alternatives');
    assert.deepEqual(matchQueryOf(p), { exact: exactExpression(p), loose: fullExpression(p) });
  });

  it('asks first for a glued Khmer word that the index holds as two words, though no document has it whole', async () => {
    // The documents write ស្ទឹង ត្រែង apart; the query glues them, and the segmenter keeps the query whole.
    const p = await plan('ស្ទឹងត្រែង', ['ខេត្ត ស្ទឹង ត្រែង']);
    assert.ok(p.groups[0]!.alternatives.some((a) => a.exact && a.words.join(' ') === 'ស្ទឹង ត្រែង'));
    assert.equal(exactCanMatch(p), true);
    assert.deepEqual(matchQueryOf(p), { exact: exactExpression(p), loose: fullExpression(p) });
  });

  it('asks for a word in no document and without alternatives as written', async () => {
    const p = await plan('zzqx', texts);
    assert.equal(exactCanMatch(p), false);
    assert.deepEqual(matchQueryOf(p), { exact: exactExpression(p) });
  });
});

describe('query planning for words written another way', () => {
  it('finds an unknown Khmer word through a spelling read the same, in the index as syllables', async () => {
    const p = await plan('កម្ចាត់មីន', ['មជ្ឈមណ្ឌលសកម្មភាពកំចាត់មីនកម្ពុជា', 'សំណង']);
    assert.ok(syllableSpellings(p.groups[0]!.alternatives).includes('កំចាត់មីន'), JSON.stringify(p.groups[0]!.alternatives));
    const indexed = await plan('សម្រោងទង', ['ស្រុក សំរោងទង']);
    assert.ok(indexed.groups[0]!.alternatives.some((a) => a.words.join() === 'សំរោងទង' && !a.exact));
  });

  it('finds a name of one spoken syllable only through a spelling the index holds as a word', async () => {
    const p = await plan('អ៊ុម', ['លោក អ៊ុំ ធារ៉ា']);
    assert.ok(p.groups[0]!.alternatives.some((a) => a.words.join() === 'អ៊ុំ' && !a.exact));
  });

  it('looks for an English word the index lacks as two indexed words side by side', async () => {
    const p = await plan('cooperation', ['our co-operation with partners']);
    assert.ok(p.groups[0]!.alternatives.some((a) => a.words.join(' ') === 'co oper' && !a.exact));
  });

  it('looks for words joined by a hyphen as one word and as the words side by side', async () => {
    const joined = await plan('co-operation', ['our cooperation with partners']);
    assert.equal(joined.groups.length, 1);
    assert.ok(joined.groups[0]!.known);
    const hyphenated = await plan('co-operation', ['our co-operation with partners']);
    assert.ok(hyphenated.groups[0]!.known);
    assert.ok(hyphenated.groups[0]!.alternatives.some((a) => a.words.join(' ') === 'co oper' && a.exact));
    const email = await plan('email', ['write to us by e-mail']);
    assert.ok(email.groups[0]!.alternatives.some((a) => a.words.join(' ') === 'e mail'));
  });

  it('takes a range of numbers as two numbers, not as one number joined', () => {
    assert.deepEqual(parseQuery('2020-2023').parts.map((p) => (p.kind === 'word' ? p.token : '')), ['2020', '2023']);
    assert.deepEqual(parseQuery('covid-19').parts.map((p) => (p.kind === 'word' ? p.token : '')), ['covid19']);
  });

  it("searches the other dialect's spelling even three edits away", async () => {
    const p = await plan('plowing', ['ploughing rice fields']);
    assert.ok(p.groups[0]!.alternatives.some((a) => a.words.join() === 'plough'));
  });

  it('takes one quoted run of Khmer as the run itself, not as a phrase of its segments', () => {
    const parts = parseQuery('"ប្រាក់ឈ្នួលអប្បបរមា"').parts;
    assert.deepEqual(parts.map((p) => p.kind), ['word']);
  });

  it('falls back to the Khmer words or the Latin words of a mixed query, all of them known', async () => {
    const texts = ['TikTok user sentenced', 'បទញុះញង់នៅខេត្ត'];
    const clauses = mostWordsExpression(await plan('TikTok ញុះញង់', texts)) ?? [];
    assert.ok(clauses.some((c) => c.length === 1 && c[0]!.some((a) => a.join() === 'tiktok')));
    assert.ok(clauses.some((c) => c.length === 1 && c[0]!.some((a) => a.join() === 'ញុះញង់')));
    assert.equal(mostWordsExpression(await plan('TikTok ភ្នំភ្លើង', texts))?.some((c) => c.length === 1) ?? false, false, 'not when a word is unknown');
  });
});

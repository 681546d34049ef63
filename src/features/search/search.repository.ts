import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { findMatches, type MatchOptions, type Matches, type MatchQuery } from './search.match.repository.js';
import {
  exactCanMatch,
  exactExpression,
  fullExpression,
  hasLooseAlternatives,
  matchesAtLeast,
  mostWordsExpression,
  parseQuery,
  planQuery,
  type Highlight,
  type QueryPart,
  type QueryPlan,
  type Vocabulary,
} from './search.query.js';
import { highlightText, makeSnippet, showsKhmerSpelling, type TextPart } from './search.snippet.js';
import { engineOfSearchDb, searchTables, type SearchDb } from './search.tables.js';
import { surfaceWordsOf, type SurfaceWord } from './search.surface-words.js';
import { isFunctionWord, SURFACE_MARK } from './search.text.js';

export interface SearchFilters {
  type?: string | undefined;
  year?: number | undefined;
  /** Only documents in this language. */
  language?: string | undefined;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  /** The visitor's language: documents in it come first. */
  locale: string;
  page: number;
  pageSize: number;
  now?: string;
}

export interface SearchHit {
  type: string;
  itemId: number;
  locale: string;
  path: string;
  itemDate: string;
  title: TextPart[];
  snippet: TextPart[];
}

export interface SearchResponse {
  /** The query as understood (normalised, shortened), for echoing back. */
  query: string;
  /** The query was too long and was cut. */
  shortened: boolean;
  /** `empty`: nothing searchable was typed. */
  status: 'empty' | 'ok';
  /** False when no document had every word and documents with most of them are shown. */
  matchedAll: boolean;
  /**
   * The query with its unknown words replaced by the nearest indexed words, offered as "did
   * you mean" when few documents match.
   */
  suggestion?: string | undefined;
  hits: SearchHit[];
  /** Matching documents, counted up to MAX_COUNTED_RESULTS; `more` when there are more. */
  total: number;
  more: boolean;
}

/** Bounds on what the vocabulary returns to the planner. */
const MAX_PREFIX_MATCHES = 50;
const MAX_SURFACE_CANDIDATES = 5_000;
/** "Did you mean" is offered when fewer documents than this match. */
const FEW_RESULTS = 3;
const MAX_CONTAINING = 500;
/** Terms per lookup statement: spelling candidates of a long word run to several hundred. */
const TERMS_PER_LOOKUP = 1_000;

/** Surface words read per initial for the in-memory list: a bound on memory, far above any real vocabulary's. */
const MAX_SURFACE_WORDS_PER_INITIAL = 100_000;

/**
 * The vocabulary table behind the query planner. With a `handle` (a database handle outside a
 * transaction), the surface words typo tolerance compares are kept in memory between searches
 * (search.surface-words.ts); inside a transaction they are read each time, since the
 * transaction may see words that are never committed.
 */
function vocabularyOf(db: SearchDb, handle?: object): Vocabulary {
  const postgres = engineOfSearchDb(db) === 'postgres';
  return {
    async lookup(terms) {
      const out = new Map<string, number>();
      const unique = [...new Set(terms)];
      for (let i = 0; i < unique.length; i += TERMS_PER_LOOKUP) {
        const rows = await db
          .selectFrom('searchTerms')
          .select(['term', 'docCount'])
          .where('term', 'in', unique.slice(i, i + TERMS_PER_LOOKUP))
          .execute();
        for (const r of rows) out.set(r.term, r.docCount);
      }
      return out;
    },
    withPrefix(prefix) {
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', '>', prefix)
        .where('term', '<', `${prefix}\u{10FFFF}`)
        .limit(MAX_PREFIX_MATCHES)
        .execute();
    },
    async surfaceWords(initials, minLength, maxLength) {
      if (handle) {
        const lists = await Promise.all(initials.map((initial) => surfaceWordsOf(handle, initial, () => allSurfaceWords(db, initial))));
        // As the statement below picks them: in range, the first ones of each initial.
        return lists.flatMap((words) => candidatesOfLength(words, minLength, maxLength));
      }
      // One range of the primary key per initial (surface words share their marked prefix).
      const length = postgres ? sql<number>`char_length(term)` : sql<number>`length(term)`;
      const ranges = await Promise.all(
        initials.map((initial) =>
          db
            .selectFrom('searchTerms')
            .select(['term', 'docCount'])
            .where('term', '>=', SURFACE_MARK + initial)
            .where('term', '<', SURFACE_MARK + nextCharacter(initial))
            .where(length, '>=', minLength + SURFACE_MARK.length)
            .where(length, '<=', maxLength + SURFACE_MARK.length)
            .limit(MAX_SURFACE_CANDIDATES)
            .execute(),
        ),
      );
      return ranges.flat().map((r) => ({ term: r.term.slice(SURFACE_MARK.length), docCount: r.docCount }));
    },
    async surfaceWordsBySecondLetter(letters, minLength, maxLength) {
      const lists = await Promise.all(
        letters.map((letter) => (handle ? surfaceWordsOf(handle, SECOND_LETTER + letter, () => surfaceWordsWithSecondLetter(db, letter)) : surfaceWordsWithSecondLetter(db, letter))),
      );
      return lists.flatMap((words) => candidatesOfLength(words, minLength, maxLength));
    },
    async khmerContaining(part) {
      // Most frequent first, and among equals by the word, so that the same words come first
      // whether they are read from memory or from the vocabulary.
      if (handle) {
        const words = await surfaceWordsOf(handle, KHMER_WORDS, () => allKhmerWords(db));
        const out: SurfaceWord[] = [];
        for (const w of words) if (w.term.includes(part) && out.push(w) === MAX_CONTAINING) break;
        return out;
      }
      // Words compare by code point on both engines (see the migration): Khmer words are one
      // range of the primary key, and only that range is read.
      const contains = postgres ? sql<boolean>`strpos(term, ${part}) > 0` : sql<boolean>`instr(term, ${part}) > 0`;
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', '>=', KHMER_FIRST)
        .where('term', '<', KHMER_END)
        .where(contains)
        .orderBy('docCount', 'desc')
        .orderBy('term')
        .limit(MAX_CONTAINING)
        .execute();
    },
  };
}

/** The range of the vocabulary's Khmer words (syllables are marked, and outside it). */
const KHMER_FIRST = '\u1780';
const KHMER_END = '\u1800';
/**
 * The Khmer words of the vocabulary are kept in memory beside the surface words, under this
 * key (a symbol, so that no initial of a surface word can share it): a Khmer word found in few
 * documents is looked for inside longer ones, which read and tested every Khmer word of the
 * vocabulary (9,144 over the bench's 100,000 documents: about 3 ms of PostgreSQL's time, a
 * third of a two-word Khmer query's).
 */
const KHMER_WORDS = Symbol('Khmer words');

/** Every Khmer word of the vocabulary, most frequent first, then by the word. */
async function allKhmerWords(db: SearchDb): Promise<SurfaceWord[]> {
  return db
    .selectFrom('searchTerms')
    .select(['term', 'docCount'])
    .where('term', '>=', KHMER_FIRST)
    .where('term', '<', KHMER_END)
    .orderBy('docCount', 'desc')
    .orderBy('term')
    .limit(MAX_SURFACE_WORDS_PER_INITIAL)
    .execute();
}

/** Typo candidates of a list: its first words (at most MAX_SURFACE_CANDIDATES) within these lengths. */
function candidatesOfLength(words: readonly SurfaceWord[], minLength: number, maxLength: number): SurfaceWord[] {
  return words.filter((w) => w.term.length >= minLength && w.term.length <= maxLength).slice(0, MAX_SURFACE_CANDIDATES);
}

/** Every surface word of one initial, unmarked, in the vocabulary's order. */
function allSurfaceWords(db: SearchDb, initial: string): Promise<SurfaceWord[]> {
  return surfaceWordsBetween(db, SURFACE_MARK + initial, SURFACE_MARK + nextCharacter(initial));
}

const nextCharacter = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);

/** The surface words (marked terms from `from` up to `to`), unmarked, in the vocabulary's order; only those of this second letter when one is given. */
async function surfaceWordsBetween(db: SearchDb, from: string, to: string, secondLetter?: string): Promise<SurfaceWord[]> {
  let query = db.selectFrom('searchTerms').select(['term', 'docCount']).where('term', '>=', from).where('term', '<', to);
  if (secondLetter !== undefined) query = query.where(sql<string>`substr(term, 3, 1)`, '=', secondLetter);
  const rows = await query.orderBy('term').limit(MAX_SURFACE_WORDS_PER_INITIAL).execute();
  return rows.map((r) => ({ term: r.term.slice(SURFACE_MARK.length), docCount: r.docCount }));
}

/**
 * Lists of surface words by their second letter are kept beside those by initial, under this
 * prefix and the letter (an initial is one character, so no key of one list is a key of the other).
 */
const SECOND_LETTER = '2nd:';

/**
 * Every surface word whose second letter is `letter`, unmarked, in the vocabulary's order: one
 * pass over the surface words (they share no prefix to read a range of), made once per letter
 * and kept in memory with a database handle.
 */
function surfaceWordsWithSecondLetter(db: SearchDb, letter: string): Promise<SurfaceWord[]> {
  return surfaceWordsBetween(db, SURFACE_MARK, nextCharacter(SURFACE_MARK), letter);
}

const isFunctionWordPart = (part: QueryPart) => part.kind === 'word' && isFunctionWord(part.token);

/**
 * Searches the public documents: parses the query, widens each word with the vocabulary
 * (syllables, compounds, spelling variants), asks the engine for one page, and cuts a snippet
 * of each result around its first matching word. A query no document fully matches is retried
 * requiring most of its meaningful words (mostWordsExpression); when few documents match, the
 * nearest indexed spelling of the query is offered.
 */
export async function searchDocuments(db: DbOrTx, request: SearchRequest): Promise<SearchResponse> {
  const sdb = searchTables(db);
  const parsed = parseQuery(request.q);
  if (parsed.parts.length === 0) return { query: parsed.text, shortened: parsed.shortened, status: 'empty', matchedAll: true, hits: [], total: 0, more: false };
  const plan = await planQuery(parsed, vocabularyOf(sdb, db.isTransaction ? undefined : db));
  // Function words alone ("the", "និង") say nothing of what is sought: nearly every document has
  // them, so nothing is shown rather than all of them. A number alone is searched as any word
  // ("2023", "1325"): it names a year or a resolution, and a number no document has finds nothing.
  if (parsed.parts.every(isFunctionWordPart)) return { query: parsed.text, shortened: parsed.shortened, status: 'ok', matchedAll: true, hits: [], total: 0, more: false };
  const options: MatchOptions = {
    type: request.type,
    year: request.year,
    language: request.language,
    locale: request.locale,
    now: request.now ?? new Date().toISOString(),
    limit: request.pageSize,
    offset: (request.page - 1) * request.pageSize,
  };
  let matchedAll = true;
  let found = await findMatches(sdb, matchQueryOf(plan), { ...options, atLeast: matchesAtLeast(plan) });
  if (found.total === 0) {
    const most = mostWordsExpression(plan);
    if (most) {
      matchedAll = false;
      found = await findMatches(sdb, { exact: most }, options);
    }
  }
  const hits = await hitsOf(sdb, found, plan.highlight);
  const shown = hits.map((h) => [...h.title, ...h.snippet].map((p) => p.text).join('')).join('\n');
  const suggested = found.total < FEW_RESULTS ? plan.suggestion?.((spelling) => showsKhmerSpelling(shown, spelling)) : undefined;
  const suggestion = suggested !== parsed.text ? suggested : undefined;
  return { query: parsed.text, shortened: parsed.shortened, status: 'ok', matchedAll, hits, total: found.total, more: found.more, suggestion };
}

/**
 * The query's own words first, then its loose alternatives. When a word of the query is in no
 * document (a misspelling), its own words match nothing, and the loose alternatives are asked
 * alone: the same results, without the tiers of the query's own words, which on PostgreSQL
 * checked the vector of every counted document against words no document holds.
 */
export function matchQueryOf(plan: QueryPlan): MatchQuery {
  if (!hasLooseAlternatives(plan)) return { exact: exactExpression(plan) };
  return exactCanMatch(plan) ? { exact: exactExpression(plan), loose: fullExpression(plan) } : { exact: fullExpression(plan) };
}

/** The result rows with their titles and snippets, matched words marked. */
async function hitsOf(sdb: SearchDb, found: Matches, highlight: Highlight): Promise<SearchHit[]> {
  const texts = found.rows.length
    ? await sdb.selectFrom('searchDocumentTexts').select(['id', 'bodyText']).where('id', 'in', found.rows.map((r) => r.id)).execute()
    : [];
  const bodyOf = new Map(texts.map((t) => [t.id, t.bodyText]));
  return found.rows.map((row) => ({
    type: row.type,
    itemId: row.itemId,
    locale: row.locale,
    path: row.path,
    itemDate: row.itemDate,
    title: highlightText(row.title, highlight),
    snippet: makeSnippet(bodyOf.get(row.id) ?? '', highlight),
  }));
}

/** The newest and oldest year of public documents, for the year filter; undefined when none. */
export async function findSearchYearRange(db: DbOrTx, now = new Date().toISOString()) {
  const sdb = searchTables(db);
  const edge = (direction: 'asc' | 'desc') =>
    sdb.selectFrom('searchDocuments').select('year').where('publishedAt', '<=', now).orderBy('year', direction).limit(1).executeTakeFirst();
  const [newest, oldest] = await Promise.all([edge('desc'), edge('asc')]);
  return newest && oldest ? { newest: newest.year, oldest: oldest.year } : undefined;
}

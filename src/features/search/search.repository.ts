import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { findMatches, type MatchOptions } from './search.match.repository.js';
import { anyOfPlan, parseQuery, planQuery, type Vocabulary } from './search.query.js';
import { highlightText, makeSnippet, type TextPart } from './search.snippet.js';
import { engineOfSearchDb, searchTables, type SearchDb } from './search.tables.js';

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
  /** False when no document had every word and documents with some of them are shown. */
  matchedAll: boolean;
  hits: SearchHit[];
  /** Matching documents, counted up to MAX_COUNTED_RESULTS; `more` when there are more. */
  total: number;
  more: boolean;
}

/** Bounds on what the vocabulary returns to the planner. */
const MAX_PREFIX_MATCHES = 50;
const MAX_CONTAINING = 500;
/** Terms per lookup statement: spelling candidates of a long word run to several hundred. */
const TERMS_PER_LOOKUP = 1_000;

/** The vocabulary table behind the query planner. */
function vocabularyOf(db: SearchDb): Vocabulary {
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
    khmerContaining(part) {
      // Words compare by code point on both engines (see the migration): Khmer words are one
      // range of the primary key, and only that range is read.
      const contains = postgres ? sql<boolean>`strpos(term, ${part}) > 0` : sql<boolean>`instr(term, ${part}) > 0`;
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', '>=', '\u1780')
        .where('term', '<', '\u1800')
        .where(contains)
        .orderBy('docCount', 'desc')
        .limit(MAX_CONTAINING)
        .execute();
    },
  };
}

/**
 * Searches the public documents: parses the query, widens each word with the vocabulary
 * (spelling variants, Khmer compounds), asks the engine for one page, and cuts a snippet of
 * each result around its first matching word. A query no document fully matches is retried
 * accepting documents with any of its words.
 */
export async function searchDocuments(db: DbOrTx, request: SearchRequest): Promise<SearchResponse> {
  const sdb = searchTables(db);
  const parsed = parseQuery(request.q);
  if (parsed.parts.length === 0) return { query: parsed.text, shortened: parsed.shortened, status: 'empty', matchedAll: true, hits: [], total: 0, more: false };
  const plan = await planQuery(parsed, vocabularyOf(sdb));
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
  let found = await findMatches(sdb, plan, options);
  if (found.total === 0 && plan.groups.length > 1) {
    matchedAll = false;
    found = await findMatches(sdb, anyOfPlan(plan), options);
  }
  const texts = found.rows.length
    ? await sdb.selectFrom('searchDocumentTexts').select(['id', 'bodyText']).where('id', 'in', found.rows.map((r) => r.id)).execute()
    : [];
  const bodyOf = new Map(texts.map((t) => [t.id, t.bodyText]));
  const hits = found.rows.map((row) => ({
    type: row.type,
    itemId: row.itemId,
    locale: row.locale,
    path: row.path,
    itemDate: row.itemDate,
    title: highlightText(row.title, plan.highlight),
    snippet: makeSnippet(bodyOf.get(row.id) ?? '', plan.highlight),
  }));
  return { query: parsed.text, shortened: parsed.shortened, status: 'ok', matchedAll, hits, total: found.total, more: found.more };
}

/** The newest and oldest year of public documents, for the year filter; undefined when none. */
export async function findSearchYearRange(db: DbOrTx, now = new Date().toISOString()) {
  const sdb = searchTables(db);
  const edge = (direction: 'asc' | 'desc') =>
    sdb.selectFrom('searchDocuments').select('year').where('publishedAt', '<=', now).orderBy('year', direction).limit(1).executeTakeFirst();
  const [newest, oldest] = await Promise.all([edge('desc'), edge('asc')]);
  return newest && oldest ? { newest: newest.year, oldest: oldest.year } : undefined;
}

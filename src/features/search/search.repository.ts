import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { anyOfPlan, parseQuery, planQuery, toFts5Query, toTsQuery, type QueryPlan, type Vocabulary } from './search.query.js';
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
  total: number;
}

/** English words considered per first letter when correcting a typo; bounds the work. */
const MAX_NEIGHBOURS = 5_000;
const MAX_PREFIX_MATCHES = 50;
const MAX_CONTAINING = 500;

/** Title words count ten times body words, on both engines. */
const TITLE_WEIGHT = 10;
/** ts_rank's weights for labels D, C, B (body) and A (title); the index uses only A and B. */
const PG_RANK_WEIGHTS = `{0, 0, ${1 / TITLE_WEIGHT}, 1}`;

/** The vocabulary table behind the query planner. */
function vocabularyOf(db: SearchDb): Vocabulary {
  return {
    async known(terms) {
      if (terms.length === 0) return new Set();
      const rows = await db.selectFrom('searchTerms').select('term').where('term', 'in', [...new Set(terms)]).execute();
      return new Set(rows.map((r) => r.term));
    },
    latinNeighbours(term, minLength, maxLength) {
      const first = term[0]!;
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', '>=', first)
        .where('term', '<', String.fromCharCode(first.charCodeAt(0) + 1))
        .where(sql<number>`length(term)`, '>=', minLength)
        .where(sql<number>`length(term)`, '<=', maxLength)
        .limit(MAX_NEIGHBOURS)
        .execute();
    },
    latinWithPrefix(prefix) {
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', '>', prefix)
        .where('term', '<', `${prefix}\u{10FFFF}`)
        .limit(MAX_PREFIX_MATCHES)
        .execute();
    },
    khmerContaining(part) {
      // Index words hold only letters, marks and digits: the part needs no LIKE escaping.
      return db
        .selectFrom('searchTerms')
        .select(['term', 'docCount'])
        .where('term', 'like', `%${part}%`)
        .orderBy('docCount', 'desc')
        .limit(MAX_CONTAINING)
        .execute();
    },
  };
}

interface HitRow {
  id: number;
  type: string;
  itemId: number;
  locale: string;
  title: string;
  path: string;
  itemDate: string;
}

interface MatchOptions extends SearchFilters {
  locale: string;
  now: string;
  limit: number;
  offset: number;
}

function filterSql(o: MatchOptions) {
  return sql.join(
    [
      sql`d.published_at <= ${o.now}`,
      ...(o.type ? [sql`d.type = ${o.type}`] : []),
      ...(o.year ? [sql`d.year = ${o.year}`] : []),
      ...(o.language ? [sql`d.locale = ${o.language}`] : []),
    ],
    sql` and `,
  );
}

/**
 * One page of matching documents and their number. Ranking: the visitor's language first,
 * then BM25 (SQLite) or ts_rank (PostgreSQL) with title words weighted above body words,
 * then newer first, so that equally relevant documents show the most recent.
 */
async function findMatches(db: SearchDb, plan: QueryPlan, o: MatchOptions): Promise<{ rows: HitRow[]; total: number }> {
  const sameLanguageFirst = sql`case when d.locale = ${o.locale} then 0 else 1 end`;
  const columns = sql`d.id, d.type, d.item_id, d.locale, d.title, d.path, d.item_date`;
  if (engineOfSearchDb(db) === 'postgres') {
    const query = sql`cast(${toTsQuery(plan)} as tsquery)`;
    const where = sql`d.vector @@ ${query} and ${filterSql(o)}`;
    const [rows, count] = await Promise.all([
      sql<HitRow>`select ${columns} from search_documents d where ${where}
        order by ${sameLanguageFirst}, ts_rank(cast(${PG_RANK_WEIGHTS} as float4[]), d.vector, ${query}, 1) desc,
          d.item_date desc, d.id desc
        limit ${o.limit} offset ${o.offset}`.execute(db),
      sql<{ total: number }>`select count(*) as total from search_documents d where ${where}`.execute(db),
    ]);
    return { rows: rows.rows, total: Number(count.rows[0]?.total ?? 0) };
  }
  const match = toFts5Query(plan);
  const from = sql`search_fts join search_documents d on d.id = search_fts.rowid`;
  const where = sql`search_fts match ${match} and ${filterSql(o)}`;
  const count = await sql<{ total: number }>`select count(*) as total from ${from} where ${where}`.execute(db);
  const total = Number(count.rows[0]?.total ?? 0);
  if (total === 0 || o.offset >= total) return { rows: [], total };
  const rows = await sql<HitRow>`select ${columns} from ${from} where ${where}
    order by ${sameLanguageFirst}, bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1), d.item_date desc, d.id desc
    limit ${o.limit} offset ${o.offset}`.execute(db);
  return { rows: rows.rows, total };
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
  if (parsed.parts.length === 0) return { query: parsed.text, shortened: parsed.shortened, status: 'empty', matchedAll: true, hits: [], total: 0 };
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
    ? await sdb.selectFrom('searchDocuments').select(['id', 'bodyText']).where('id', 'in', found.rows.map((r) => r.id)).execute()
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
  return { query: parsed.text, shortened: parsed.shortened, status: 'ok', matchedAll, hits, total: found.total };
}

/** The newest and oldest year of public documents, for the year filter; undefined when none. */
export async function findSearchYearRange(db: DbOrTx, now = new Date().toISOString()) {
  const sdb = searchTables(db);
  const edge = (direction: 'asc' | 'desc') =>
    sdb.selectFrom('searchDocuments').select('year').where('publishedAt', '<=', now).orderBy('year', direction).limit(1).executeTakeFirst();
  const [newest, oldest] = await Promise.all([edge('desc'), edge('asc')]);
  return newest && oldest ? { newest: newest.year, oldest: oldest.year } : undefined;
}

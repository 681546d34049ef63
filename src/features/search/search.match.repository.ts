import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { driverOf } from '../../db/connection.js';
import type { Db } from '../../db/database.js';
import { alternativesTsQuery, isSyllableAlternative, toFts5Query, toTsQuery, tsLexeme, type MatchExpression } from './search.query.js';
import { engineOfSearchDb, localeIdRange, pgTagLexeme, type SearchDb } from './search.tables.js';

/** A document of the result page, as the index stores it. */
export interface HitRow {
  id: number;
  type: string;
  itemId: number;
  locale: string;
  title: string;
  path: string;
  itemDate: string;
}

export interface MatchOptions {
  type?: string | undefined;
  year?: number | undefined;
  /** Only documents in this language. */
  language?: string | undefined;
  /** The visitor's language: its documents come first. */
  locale: string;
  now: string;
  limit: number;
  offset: number;
  /**
   * Documents known to match, scheduled ones included (the vocabulary's count of a one-word
   * query's word, see matchesAtLeast). When that many minus the scheduled documents is more
   * than are counted, and no filter narrows the search, the count is known without counting.
   */
  atLeast?: number | undefined;
}

export interface Matches {
  rows: HitRow[];
  /** How many documents match, counted up to MAX_COUNTED_RESULTS. */
  total: number;
  /** More documents match than were counted. */
  more: boolean;
}

/**
 * Matches are counted up to this many: no reader pages further (the result pages stop there
 * too), and counting every one of the documents holding a common word is most of what such a
 * search would cost.
 */
export const MAX_COUNTED_RESULTS = 1_000;

/**
 * The scheduled documents at most for which `atLeast` matches are more than are counted, or
 * undefined when the matches have to be counted: counting stops at the cap, but reaching it
 * reads a thousand documents, most of what a search for a common word would cost.
 */
function scheduledBelowWhichCountIsKnown(o: MatchOptions): number | undefined {
  if (o.type || o.year || o.language) return undefined;
  const margin = (o.atLeast ?? 0) - MAX_COUNTED_RESULTS;
  return margin > 0 ? margin : undefined;
}

/** The count of a capped counting query: the cap plus one means "more". */
function countedMatches(counted: number): { total: number; more: boolean } {
  return counted > MAX_COUNTED_RESULTS ? { total: MAX_COUNTED_RESULTS, more: true } : { total: counted, more: false };
}

/** Title words count ten times body words, on both engines. */
const TITLE_WEIGHT = 10;
/** ts_rank's weights for labels D, C, B (body) and A (title); the index uses only A and B. */
const PG_RANK_WEIGHTS = `{0, 0, ${1 / TITLE_WEIGHT}, 1}`;

const HIT_COLUMNS = ['id', 'type', 'itemId', 'locale', 'title', 'path', 'itemDate'] as const;

/** Newer first, then the higher id: the order among equally relevant documents. */
const byDateDesc = (a: HitRow, b: HitRow) => (a.itemDate < b.itemDate ? 1 : a.itemDate > b.itemDate ? -1 : b.id - a.id);

/**
 * How results are ordered, on both engines: documents in the visitor's language before the
 * others; within each, documents with every query word in the title before the rest; within
 * those, by relevance (BM25 on SQLite, ts_rank on PostgreSQL: of the title alone in the first
 * group, of title and body, title words counting ten times, in the second); and at equal
 * relevance the newer first. All of that first for documents with the query's own words, then
 * again for documents found only through loose alternatives (MatchQuery). Strict tiers also keep search fast: a common word's page is
 * usually filled from the few documents with it in the title, so the thousands with it only
 * in the body are never scored.
 */
export function findMatches(db: SearchDb, query: MatchQuery, o: MatchOptions): Promise<Matches> {
  if (engineOfSearchDb(db) !== 'postgres') return findMatchesSqlite(db, query, o);
  const generic = !hasSyllableAlternatives(query.loose ?? query.exact);
  return withIndexScans(db, generic, (run) => findMatchesPostgres(run, query, o));
}

/**
 * What to find: documents matching `exact` (the query's own words) rank first; documents that
 * match only `loose` (which includes `exact` and adds syllables, longer words and spelling
 * variants) follow, in tiers of their own.
 */
export interface MatchQuery {
  exact: MatchExpression;
  loose?: MatchExpression | undefined;
}

/**
 * PostgreSQL's planner takes the words of a query (and its filter tags) as independent, so for
 * a combination that matches nothing it expects thousands of rows, and with a LIMIT it picks a
 * sequential scan that reads every document. Search queries always have a GIN condition, so
 * within the search they are told to use it. JIT compilation is off: it pays only for long
 * analytical queries, and a plan whose estimate is inflated by the disabled scan would spend
 * tens of milliseconds compiling. Parallel plans are off because the page statement relies on
 * its tiers being read one after the other (see findMatchesPostgres). The settings go in one
 * statement with the transaction's start: every round trip counts at this scale.
 *
 * Outside a transaction, with `generic`, the page statement is also a named prepared statement
 * of the connection, planned once for all values (a generic plan): planning its dozen branches
 * cost 1 to 4 ms a search, as much as running it for most queries. Its text depends only on the
 * query's shape (how many expressions, which filters), its words being parameters, so a few
 * dozen statements serve every search. Only queries of words get one: with a syllable
 * alternative a clause is either of two index scans, and a plan made without the words cannot
 * tell which of them narrows it (it read the 9,301 documents of a common word and checked the
 * other word's syllables in each, where the planner given the words intersects both scans).
 * Either way the statement runs on a connection taken from the pool itself, so plugins of the
 * database handle (a query counter) do not see it.
 *
 * The transaction's start, its settings, the statement (or its PREPARE and EXECUTE) and the
 * commit go to the server as one message, its values written in as literals: one round trip
 * where there were three. On a shared machine each round trip waits for both processes to be
 * scheduled again; over the bench's 100,000 documents at load average 10 to 15 a phrase query's
 * median went from 5.6 to 2.8 ms, the same rows coming back.
 */
async function withIndexScans<T>(db: SearchDb, generic: boolean, work: (run: RunStatement) => Promise<T>): Promise<T> {
  const settings = ['enable_seqscan', 'jit', 'max_parallel_workers_per_gather'];
  if (db.isTransaction) {
    await sql.raw(`set local enable_seqscan = off; set local jit = off; set local max_parallel_workers_per_gather = 0`).execute(db);
    try {
      return await work(async (query) => (await query.execute(db)).rows);
    } finally {
      await sql.raw(settings.map((s) => `set local ${s} = default`).join('; ')).execute(db);
    }
  }
  const driver = driverOf(db as unknown as Db);
  if (driver.engine !== 'postgres') throw new Error('withIndexScans: not a PostgreSQL database');
  const client = await driver.pool.connect();
  /** Set when the connection cannot be trusted any more: it is then closed rather than given back. */
  let broken: Error | undefined;
  try {
    return await work(async <R>(query: RawBuilder<R>) => {
      const { sql: text, parameters } = query.compile(db);
      const statement = inlineParameters(text, parameters);
      const start = ['begin', 'set local enable_seqscan = off', 'set local jit = off', 'set local max_parallel_workers_per_gather = 0'];
      if (!generic) return camelCaseRows<R>(await simpleQuery(client, [...start, statement, 'commit'], start.length));
      const name = `dove_search_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      const prepared = preparedOn(client);
      const before = [...start, 'set local plan_cache_mode = force_generic_plan', ...(prepared.has(name) ? [] : [`prepare ${name} as ${text}`])];
      const rows = await simpleQuery(client, [...before, `execute ${name}${executeArguments(parameters)}`, 'commit'], before.length);
      prepared.add(name);
      return camelCaseRows<R>(rows);
    });
  } catch (err) {
    // A failed statement leaves the transaction open and maybe a statement prepared but not
    // recorded: the connection is closed rather than given back.
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * The search statements' names prepared on each connection. They are prepared with SQL's
 * PREPARE inside the one message that runs them, so this process keeps the list itself.
 */
const preparedStatements = new WeakMap<object, Set<string>>();

function preparedOn(client: object): Set<string> {
  let names = preparedStatements.get(client);
  if (!names) preparedStatements.set(client, (names = new Set()));
  return names;
}

/**
 * Runs several statements in one message (the simple query protocol: one round trip where the
 * transaction's start, the statement and the commit each took one) and returns the rows of the
 * one at `index`.
 */
async function simpleQuery(client: pg.PoolClient, statements: readonly string[], index: number): Promise<Record<string, unknown>[]> {
  const results = (await client.query(statements.join('; '))) as unknown as pg.QueryResult[];
  const result = results[index];
  if (results.length !== statements.length || !result) throw new Error(`search statement: expected ${statements.length} results, got ${results.length}`);
  return result.rows as Record<string, unknown>[];
}

/**
 * A compiled statement with its parameters written in as quoted literals. A parameter is sent
 * as text of no declared type, which PostgreSQL resolves from where it stands, exactly as it
 * resolves a quoted literal there: the statement means the same.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  assertNoQuotedText(text);
  return text.replace(/\$(\d+)/g, (_, n: string) => literalOf(parameters[Number(n) - 1]));
}

/**
 * `$N` is replaced wherever it stands, so a `$1` inside a string literal, a comment or a
 * dollar-quoted body would be changed too. The search statements have none of these; one
 * added later must fail loudly here rather than silently change a statement.
 */
const QUOTED_TEXT = /'|--|\/\*|\$\$/;

function assertNoQuotedText(text: string): void {
  const found = QUOTED_TEXT.exec(text);
  if (found) throw new Error(`search statement: ${JSON.stringify(found[0])} in a statement whose parameters are written in`);
}

/** `(v1, v2, …)` for EXECUTE, or nothing for a statement without parameters. */
function executeArguments(parameters: readonly unknown[]): string {
  return parameters.length ? `(${parameters.map(literalOf).join(', ')})` : '';
}

/** A parameter as a quoted literal: numbers too, since the driver sends them as text. */
function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint') return pg.escapeLiteral(String(value));
  throw new Error(`search statement: unexpected parameter ${typeof value}`);
}

function camelCaseRows<R>(rows: Record<string, unknown>[]): R[] {
  return rows.map(camelCaseKeys) as R[];
}

/** Runs a statement of the search and returns its rows, column names in camelCase as Kysely gives them. */
type RunStatement = <R>(query: RawBuilder<R>) => Promise<R[]>;

/** `item_date` → `itemDate`, as the database handle's CamelCasePlugin names result columns. */
function camelCaseKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = row[key];
  return out;
}

/** One group of results in the order findMatches describes. */
interface Tier {
  /** Its size, counted up to `upTo` and no further (beyond that the number does not matter). */
  count(upTo: number): Promise<number>;
  /** Its rows `from`…`from + count`, in order. */
  page(from: number, count: number): Promise<HitRow[]>;
}

/**
 * Fills one page from the tiers in turn. Tier sizes only matter for pages after the first:
 * they are counted until the page's start is reached.
 */
async function pageThroughTiers(tiers: Tier[], total: number, o: MatchOptions): Promise<HitRow[]> {
  const rows: HitRow[] = [];
  let skip = o.offset;
  let need = Math.min(o.limit, Math.max(0, total - o.offset));
  for (const tier of tiers) {
    if (need === 0) break;
    if (skip > 0) {
      const size = await tier.count(skip);
      if (skip >= size) {
        skip -= size;
        continue;
      }
    }
    const page = await tier.page(skip, need);
    rows.push(...page);
    need -= page.length;
    skip = 0;
  }
  return rows;
}

/**
 * PostgreSQL: the title tiers read search_titles, narrow rows with the title's words and
 * syllables, language, type, year and dates (0031-search-titles), so that ranking a common
 * word's thousands of titles reads a few hundred pages, and the filters are columns of the rows
 * read anyway. The body tiers read search_documents, where filters and languages are tag words
 * of the vector (see pgTagLexeme), so the index alone narrows the documents read.
 *
 * One statement answers the page and the count: the tiers are the branches of a UNION ALL,
 * each ordered and cut at the page's end, under a LIMIT. PostgreSQL runs the branches of an
 * append one after the other (parallel plans are off, see withIndexScans) and stops pulling
 * rows once the limit is reached, so the body tiers of a word found in enough titles are never
 * ranked. In the body tiers, documents whose date has not come are left out by id (few:
 * scheduled items, listed once for all the branches), never through their published_at index,
 * which the planner would otherwise prefer to the GIN index and then read and rank every
 * document. The count's matches are kept (`matched`): when they are all of them, the body tiers
 * take them from there rather than from the index. A phrase or a syllable alternative is
 * checked on each candidate's vector (PostgreSQL's index cannot tell where words stand), so its
 * candidates are then read once; and the words of a query of several are not intersected in
 * the index again for each body tier (measured over the bench's 100,000 documents: PostgreSQL's
 * CPU time for two-word English queries a fifth less).
 */
async function findMatchesPostgres(run: RunStatement, q: MatchQuery, o: MatchOptions): Promise<Matches> {
  const filters = [
    ...(o.type ? [tsLexeme(pgTagLexeme('type', o.type))] : []),
    ...(o.year ? [tsLexeme(pgTagLexeme('year', o.year))] : []),
    ...(o.language ? [tsLexeme(pgTagLexeme('lang', o.language))] : []),
  ];
  const published = sql`d.id not in (select id from scheduled)`;
  const mine = tsLexeme(pgTagLexeme('lang', o.locale));
  /** The languages in the order they rank: as tag words of the body's vector, and as a condition on a title row or a document row. */
  const languages = o.language
    ? [{ tags: filters, title: sql`t.locale = ${o.language}`, document: sql`d.locale = ${o.language}` }]
    : [
        { tags: [...filters, mine], title: sql`t.locale = ${o.locale}`, document: sql`d.locale = ${o.locale}` },
        { tags: [...filters, `!${mine}`], title: sql`t.locale <> ${o.locale}`, document: sql`d.locale <> ${o.locale}` },
      ];
  const titleFilters = sql.join(
    [...(o.type ? [sql`t.type = ${o.type}`] : []), ...(o.year ? [sql`t.year = ${o.year}`] : []), sql`t.published_at <= ${o.now}`],
    sql` and `,
  );
  const wanted = o.offset + o.limit;
  const hitColumns = sql`d.id, d.type, d.item_id, d.locale, d.title, d.path, d.item_date`;
  /**
   * A body tier, from one of two sources: when every match was counted (the count stayed under
   * its cap), from the counted documents themselves, with the language a column and the rest of
   * the tier's condition checked on those few rows; otherwise through the index, the tier's
   * condition with its language tag. The branch whose condition on the count fails is never run.
   */
  const bodyBranch = (tier: number, body: { counted: RawBuilder<unknown>; indexed: RawBuilder<unknown> }, rank: RawBuilder<unknown>) => {
    const ranked = sql`order by ${rank} desc, d.item_date desc, d.id desc limit ${wanted}`;
    return sql`(select ${hitColumns}, ${sql.lit(tier)} as tier from search_documents d
        where ${allCounted} and d.id in (select id from matched) and ${body.counted} ${ranked})
      union all (select ${hitColumns}, ${sql.lit(tier)} as tier from search_documents d
        where not ${allCounted} and ${body.indexed} and ${published} ${ranked})`;
  };
  // The best titles first, from the narrow rows of the expression's titles (read once for both
  // languages); only those that make the page are joined to their documents.
  const titleBranch = (tier: number, titles: string, language: RawBuilder<unknown>) =>
    sql`(select ${hitColumns}, ${sql.lit(tier)} as tier from
      (select t.id, t.score, t.item_date from ${sql.id(titles)} t where ${language}
        order by t.score desc, t.item_date desc, t.id desc limit ${wanted}) as best
      join search_documents d on d.id = best.id
      order by best.score desc, best.item_date desc, best.id desc limit ${wanted})`;
  /** The title rows of each expression, ranked: one scan of search_titles serves the tiers of both languages. */
  const titleTables: RawBuilder<unknown>[] = [];
  const sum = (ranks: RawBuilder<unknown>[]) => sql.join(ranks, sql` + `);
  /** Every match was counted: `matched` holds them all. */
  const allCounted = sql`(select counted from counted) <= ${MAX_COUNTED_RESULTS}`;
  /** The title and body tiers of one expression, leaving out the documents that match `exact` when given. */
  const tiersOf = (expression: MatchExpression, exact?: MatchExpression) => {
    const { wordRank, syllableRank } = pgRankQueries(expression);
    const weights = sql`cast(${PG_RANK_WEIGHTS} as float4[])`;
    const titleRank = sum([
      ...(wordRank ? [sql`ts_rank(t.vector, cast(${wordRank} as tsquery), 1)`] : []),
      ...(syllableRank ? [sql`ts_rank(t.syllables, cast(${alternativesTsQuery(syllableRank, 'A')} as tsquery), 1)`] : []),
    ]);
    const textRank = sum([
      ...(wordRank ? [sql`ts_rank(${weights}, d.vector, cast(${wordRank} as tsquery), 1)`] : []),
      ...(syllableRank ? [sql`ts_rank(${weights}, d.syllable_vector, cast(${alternativesTsQuery(syllableRank)} as tsquery), 1)`] : []),
    ]);
    // Exact alternatives are words, never syllable pairs: one tsquery of the word vector.
    const exactQuery = exact && sql`cast(${toTsQuery(exact)} as tsquery)`;
    const notExactTitle = exactQuery ? sql` and t.id not in (select x.id from search_documents x where x.vector @@ ${exactQuery})` : sql``;
    const notExactBody = exactQuery ? sql` and not (d.vector @@ ${exactQuery})` : sql``;
    const inTitleRow = pgCondition(expression, [], TITLE_ROW);
    // The counted documents match the loose expression when there is one: the exact tiers then
    // ask for the exact words again. Written as a test of the condition's value, which the index
    // cannot answer, so that the few counted rows are checked one by one rather than through
    // an index scan of every document with the words.
    const inCounted = q.loose && expression === q.exact ? sql` and (d.vector @@ cast(${toTsQuery(q.exact)} as tsquery)) is true` : sql``;
    const titles = `titles_${titleTables.length}`;
    titleTables.push(sql`${sql.id(titles)} as materialized (select t.id, t.locale, ${titleRank} as score, t.item_date from search_titles t
      where ${inTitleRow}${notExactTitle} and ${titleFilters})`);
    // The body tiers leave out the documents of the title tiers: those rows are read already
    // (the title tiers come first), and asking the document's own vectors again would unpack
    // its syllable vector for every candidate of a Khmer word.
    const notInTitle = sql`d.id not in (select id from ${sql.id(titles)})`;
    return languages.flatMap(({ tags, title, document }) => [
      (tier: number) => titleBranch(tier, titles, title),
      (tier: number) =>
        bodyBranch(
          tier,
          {
            // The language first: the planner would otherwise test it after the vectors, which
            // it unpacks for every counted document of the other language.
            counted: sql`case when ${document} then (${notInTitle}${notExactBody}${inCounted}) else false end`,
            indexed: sql`${pgCondition(expression, tags, DOCUMENT_TEXT)} and ${notInTitle}${notExactBody}`,
          },
          textRank,
        ),
    ]);
  };
  const tiers = [...tiersOf(q.exact), ...(q.loose ? tiersOf(q.loose, q.exact) : [])];
  const branches = sql.join(tiers.map((branch, i) => branch(i)), sql` union all `);
  const counting = sql`(select count(*) from matched)`;
  // The counting subquery runs only when the scheduled documents leave the count in doubt.
  const known = scheduledBelowWhichCountIsKnown(o);
  const count =
    known === undefined ? counting : sql`case when (select count(*) from scheduled) < ${known} then ${MAX_COUNTED_RESULTS + 1} else ${counting} end`;
  const rows = await run(sql<HitRow & { tier: number | null; counted: number }>`
    with scheduled as materialized (select f.id from search_documents f where f.published_at > ${o.now}),
    matched as materialized (select d.id from search_documents d
      where ${pgCondition(q.loose ?? q.exact, filters, DOCUMENT_TEXT)} and ${published} limit ${MAX_COUNTED_RESULTS + 1}),
    counted as materialized (select ${count} as counted),
    ${sql.join(titleTables)}
    select counted.counted, page.* from counted
      left join lateral (select * from (${branches}) as tiers limit ${o.limit} offset ${o.offset}) as page on true`);
  const { total, more } = countedMatches(Number(rows[0]?.counted ?? 0));
  // Branches come back in order; sorting by tier (a stable sort) only makes that explicit.
  const hits = rows.filter((r) => r.tier !== null).sort((a, b) => a.tier! - b.tier!);
  return { rows: hits.map(({ id, type, itemId, locale, title, path, itemDate }) => ({ id, type, itemId, locale, title, path, itemDate })), total, more };
}

/** Some group of the expression has a syllable alternative. */
function hasSyllableAlternatives(expression: MatchExpression): boolean {
  return expression.some((groups) => groups.some((alternatives) => alternatives.some(isSyllableAlternative)));
}

/** Ranking's queries: every word alternative of the expression (a tsquery), and every syllable one. */
function pgRankQueries(expression: MatchExpression): { wordRank?: string; syllableRank?: string[][] } {
  const all = expression.flat(1).flat(1);
  const words = all.filter((a) => !isSyllableAlternative(a));
  const syllables = all.filter(isSyllableAlternative);
  return { ...(words.length ? { wordRank: alternativesTsQuery(words) } : {}), ...(syllables.length ? { syllableRank: syllables } : {}) };
}

/** Where pgCondition looks: a vector of words, and one of syllable pairs (with the weight a title's pairs carry there). */
interface PgVectors {
  words: RawBuilder<unknown>;
  syllables: RawBuilder<unknown>;
  syllableWeight: '' | 'A';
}

/** A document's whole text. */
const DOCUMENT_TEXT: PgVectors = { words: sql`d.vector`, syllables: sql`d.syllable_vector`, syllableWeight: '' };
/** A search_titles row: its syllables are all the title's, so no weight needs checking. */
const TITLE_ROW: PgVectors = { words: sql`t.vector`, syllables: sql`t.syllables`, syllableWeight: '' };

/**
 * PostgreSQL: the condition of an expression on the vectors given. The groups with words only
 * go into one tsquery with the tags, so that one GIN scan answers them; a group with syllable
 * pairs is either of two scans, each with the tags (the syllable vector carries them too), so
 * that no scan returns every document of a language.
 *
 * A clause with such groups is written as the union of every way through them (each group by
 * its words or by its syllables: (A and (B or S)) as (A and B) or (A and S)), the other groups'
 * words joining each way's tsquery. Given (A and (B or S)), the planner read every document
 * holding A from the index and tested the rest on each row, unpacking its vectors: 567 rows
 * read for 4 matches in a two-word Khmer query over the bench's 100,000 documents. Written
 * as a union, each way is one or two index scans whose intersection is the match, and no row
 * is read to be thrown away. Beyond a few such groups the ways multiply, and the clause is
 * written as before.
 */
function pgCondition(expression: MatchExpression, tags: readonly string[], vectors: PgVectors): RawBuilder<unknown> {
  const withTags = (query: string) => (tags.length ? `(${query}) & ${tags.join(' & ')}` : query);
  const inWords = (groups: readonly string[][][]) =>
    sql`${vectors.words} @@ cast(${withTags(groups.map((g) => `(${alternativesTsQuery(g)})`).join(' & ') || tags.join(' & '))} as tsquery)`;
  const inSyllables = (alternatives: readonly string[][]) =>
    sql`${vectors.syllables} @@ cast(${withTags(alternativesTsQuery(alternatives, vectors.syllableWeight))} as tsquery)`;
  const clauses = expression.flatMap((groups) => {
    const wordGroups = groups.filter((g) => !g.some(isSyllableAlternative));
    const mixed = groups.filter((g) => g.some(isSyllableAlternative));
    if (mixed.length > MAX_GROUPS_TAKEN_APART) {
      const parts = [...(wordGroups.length ? [inWords(wordGroups)] : [])];
      for (const group of mixed) {
        const words = group.filter((a) => !isSyllableAlternative(a));
        const syllables = inSyllables(group.filter(isSyllableAlternative));
        parts.push(words.length ? sql`(${inWords([words])} or ${syllables})` : syllables);
      }
      return [sql`(${sql.join(parts, sql` and `)})`];
    }
    return waysThrough(wordGroups, mixed).map(({ words, syllables }) => {
      const parts = [...(words.length || syllables.length === 0 ? [inWords(words)] : []), ...syllables.map(inSyllables)];
      return sql`(${sql.join(parts, sql` and `)})`;
    });
  });
  return sql`(${sql.join(clauses, sql` or `)})`;
}

/** Groups with syllable alternatives taken apart at most per clause (2^n ways). */
const MAX_GROUPS_TAKEN_APART = 3;

/** One way through a clause: groups asked of the word vector, and alternatives asked of the syllable vector. */
interface Way {
  words: string[][][];
  syllables: string[][][];
}

/** Every way through the groups with syllable alternatives: each by its words (when it has any) or by its syllables. */
export function waysThrough(wordGroups: string[][][], mixed: readonly string[][][]): Way[] {
  let ways: Way[] = [{ words: wordGroups, syllables: [] }];
  for (const group of mixed) {
    const words = group.filter((a) => !isSyllableAlternative(a));
    const syllables = group.filter(isSyllableAlternative);
    ways = ways.flatMap((way) => [
      ...(words.length ? [{ words: [...way.words, words], syllables: way.syllables }] : []),
      { words: way.words, syllables: [...way.syllables, syllables] },
    ]);
  }
  return ways;
}

/** The FTS5 columns of the whole text, and of the title alone (see 0025-search-syllables). */
const FTS_TEXT = { words: '{title_tokens body_tokens}', syllables: '{title_syllables body_syllables}' };
const FTS_TITLE = { words: 'title_tokens', syllables: 'title_syllables' };

const ftsString = (value: string | number) => `"${String(value).replace(/"/g, '""')}"`;

/**
 * SQLite: everything inside FTS5, so that no document row is read for a match that does not
 * make the page. Type and year are words of the `tags` column; languages are id ranges (see
 * localeIdRange); documents whose date has not come are left out by id (there are few:
 * scheduled items). Tiers are ranked one after the other, only as far as the page needs.
 */
async function findMatchesSqlite(db: SearchDb, q: MatchQuery, o: MatchOptions): Promise<Matches> {
  // Query words are looked for in the text columns only, never among the tags; syllable pairs
  // in the syllable columns only.
  const filters = [o.type, o.year].flatMap((v) => (v ? [`tags : ${ftsString(v)}`] : []));
  const inText = (expression: MatchExpression) => `(${toFts5Query(expression, FTS_TEXT)})`;
  const all = [inText(q.loose ?? q.exact), ...filters].join(' AND ');
  const range = (locale: string) => localeIdRange(locale);
  const inside = (locale: string) => sql`search_fts.rowid >= ${range(locale).first} and search_fts.rowid < ${range(locale).end}`;
  const outside = (locale: string) => sql`(search_fts.rowid < ${range(locale).first} or search_fts.rowid >= ${range(locale).end})`;
  const future = await db.selectFrom('searchDocuments').select('id').where('publishedAt', '>', o.now).execute();
  const notYet = future.length ? sql` and search_fts.rowid not in (${sql.join(future.map((f) => f.id))})` : sql``;
  const scope = o.language ? inside(o.language) : sql`1 = 1`;
  const where = (match: string, languages: RawBuilder<unknown>) => sql`search_fts match ${match} and ${languages}${notYet}`;
  const bm25 = sql`bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1, 0, ${sql.lit(TITLE_WEIGHT)}, 1)`;

  const countOf = async (match: string, languages: RawBuilder<unknown>, upTo = MAX_COUNTED_RESULTS) =>
    Number(
      (
        await sql<{ total: number }>`select count(*) as total from
          (select 1 from search_fts where ${where(match, languages)} limit ${upTo + 1})`.execute(db)
      ).rows[0]?.total ?? 0,
    );
  /**
   * Rows `from`…`from + count` of one tier, best first and newer first among equals. Scores
   * come from the index alone; documents are read only for the page. When documents share
   * the score at the page's edge, those are taken newest first in one more query.
   */
  const tierPage = async (match: string, languages: RawBuilder<unknown>, from: number, count: number): Promise<HitRow[]> => {
    const wanted = from + count;
    const ranked = (
      await sql<{ id: number; score: number }>`select search_fts.rowid as id, ${bm25} as score from search_fts
        where ${where(match, languages)} order by score limit ${wanted + 1}`.execute(db)
    ).rows;
    const edge = ranked[Math.min(wanted, ranked.length) - 1]?.score;
    const tied = ranked.length > wanted && ranked[wanted]!.score === edge;
    const better = tied ? ranked.filter((r) => r.score < edge!) : ranked.slice(0, wanted);
    const scoreOf = new Map(better.map((r) => [r.id, r.score]));
    const docs = better.length ? await db.selectFrom('searchDocuments').select(HIT_COLUMNS).where('id', 'in', [...scoreOf.keys()]).execute() : [];
    docs.sort((a, b) => scoreOf.get(a.id)! - scoreOf.get(b.id)! || byDateDesc(a, b));
    if (tied) {
      const ties = await sql<HitRow>`select d.id, d.type, d.item_id, d.locale, d.title, d.path, d.item_date
        from search_fts cross join search_documents d on d.id = search_fts.rowid
        where ${where(match, languages)} and ${bm25} = ${edge}
        order by d.item_date desc, d.id desc limit ${wanted - docs.length}`.execute(db);
      docs.push(...ties.rows);
    }
    return docs.slice(from, from + count);
  };

  const languages = o.language ? [inside(o.language)] : [inside(o.locale), outside(o.locale)];
  /**
   * The title and body tiers of one expression, leaving out documents of earlier tiers. The
   * title tier asks for the words in the title column only, so its documents are ranked by
   * their titles, which costs half of ranking by the whole text.
   */
  const tiersOf = (expression: MatchExpression, before?: string) => {
    const inTitle = `(${toFts5Query(expression, FTS_TITLE)})`;
    const matching = [inText(expression), ...filters].join(' AND ');
    const titled = [inTitle, ...filters].join(' AND ');
    const not = (match: string) => (before ? `(${match}) NOT ${before}` : match);
    return languages.flatMap((languages): Tier[] =>
      [not(titled), not(`(${matching}) NOT ${inTitle}`)].map((match) => ({
        count: (upTo) => countOf(match, languages, upTo),
        page: (from, count) => tierPage(match, languages, from, count),
      })),
    );
  };
  const tiers = tiersOf(q.exact);
  if (q.loose) tiers.push(...tiersOf(q.loose, inText(q.exact)));
  const known = scheduledBelowWhichCountIsKnown(o);
  const { total, more } = countedMatches(known !== undefined && future.length < known ? MAX_COUNTED_RESULTS + 1 : await countOf(all, scope));
  return { rows: await pageThroughTiers(tiers, total, o), total, more };
}

import { sql, type Kysely } from 'kysely';
import { documentTerms, pgVectorLiterals, tagsOf, type IndexRow, type PreparedRow, type TermSource } from './search.document.js';
import { engineOfSearchDb, localeIdRange, type SearchDb } from './search.tables.js';
import { forgetSurfaceWords } from './search.surface-words.js';
import { copyFromStdin, copyTextField } from './search.copy.repository.js';

/**
 * The search index's tables: documents, their texts and the vocabulary with document counts.
 * Documents arrive prepared (search.document.ts); this module only stores them.
 */

/** Rows per INSERT: a dozen columns a row stays well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;
const TERMS_PER_STATEMENT = 500;
/** The PostgreSQL advisory lock taken by the transaction that rebuilds the whole index (any fixed number). */
const REBUILD_LOCK = 4_170_552_361;

const asVector = (literal: string) => sql<string>`cast(${literal} as tsvector)`;

/** The search_documents columns of a prepared document (the vectors on PostgreSQL). */
function documentValues(row: PreparedRow & { terms?: readonly string[] }, postgres: boolean) {
  const { titleTokens: _t, bodyTokens: _b, titleSyllables: _ts, bodySyllables: _bs, bodyText: _x, terms: _w, pg: _pg, ...doc } = row;
  if (!postgres) return doc;
  const pg = row.pg ?? pgVectorLiterals(row);
  return { ...doc, vector: asVector(pg.vector), titleVector: asVector(pg.titleVector), syllableVector: asVector(pg.syllableVector) };
}

/** PostgreSQL: the search_titles row of a prepared document (see SearchTitleTable). */
function titleValues(id: number, row: PreparedRow) {
  const pg = row.pg ?? pgVectorLiterals(row);
  return {
    id,
    locale: row.locale,
    type: row.type,
    year: row.year,
    publishedAt: row.publishedAt,
    itemDate: row.itemDate,
    vector: asVector(pg.titleVector),
    syllables: asVector(pg.titleSyllables),
  };
}

function textValues(id: number, row: PreparedRow) {
  return {
    id,
    titleTokens: row.titleTokens,
    bodyTokens: row.bodyTokens,
    titleSyllables: row.titleSyllables,
    bodySyllables: row.bodySyllables,
    tags: tagsOf(row),
    bodyText: row.bodyText,
  };
}

const keyOf = (r: { type: string; itemId: number; locale: string }) => `${r.type}\u0000${r.itemId}\u0000${r.locale}`;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** SQLite: the next free ids in each locale's range (see localeIdRange). */
async function allocateIds(db: SearchDb, rows: readonly PreparedRow[]): Promise<number[]> {
  const next = new Map<string, number>();
  for (const locale of new Set(rows.map((r) => r.locale))) {
    const { first, end } = localeIdRange(locale);
    const top = await db
      .selectFrom('searchDocuments')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('id', '>=', first)
      .where('id', '<', end)
      .executeTakeFirst();
    next.set(locale, top?.id == null ? first : Number(top.id) + 1);
  }
  return rows.map((r) => {
    const id = next.get(r.locale)!;
    next.set(r.locale, id + 1);
    return id;
  });
}

/**
 * Inserts documents as they are (a rebuild, or the benchmark); the vocabulary is separate. On
 * PostgreSQL a row's vector literals are used as given when it has them (made in a preparation
 * thread), else made here.
 */
export async function insertDocuments(db: SearchDb, rows: readonly PreparedRow[]): Promise<void> {
  if (engineOfSearchDb(db) !== 'postgres') return insertSqliteDocuments(db, rows);
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    const inserted = await db
      .insertInto('searchDocuments')
      .values(part.map((row) => documentValues(row, true)))
      .returning(['id', 'type', 'itemId', 'locale'])
      .execute();
    const idOf = new Map(inserted.map((r) => [keyOf(r), r.id]));
    const ids = part.map((row) => idOf.get(keyOf(row))!);
    await db
      .insertInto('searchTitles')
      .values(part.map((row, i) => titleValues(ids[i]!, row)))
      .execute();
    await db
      .insertInto('searchDocumentTexts')
      .values(part.map((row, i) => textValues(ids[i]!, row)))
      .execute();
  }
}

/**
 * SQLite: the documents are given their ids (each language its own range, see localeIdRange)
 * and written in the order of their ids. FTS5 gathers the words of new rows in memory and must
 * write them out as a segment of its own whenever a row's id is lower than the one before: rows
 * of two languages in the order they came started a segment every few rows, and merging those
 * segments was a large part of what an insert cost. The ids and rows stored are the same in any order.
 */
async function insertSqliteDocuments(db: SearchDb, rows: readonly PreparedRow[]): Promise<void> {
  const ids = await allocateIds(db, rows);
  const order = rows.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  for (const part of chunk(order, ROWS_PER_INSERT)) {
    await db
      .insertInto('searchDocuments')
      .values(part.map((i) => ({ ...documentValues(rows[i]!, false), id: ids[i]! })))
      .execute();
    await db
      .insertInto('searchDocumentTexts')
      .values(part.map((i) => textValues(ids[i]!, rows[i]!)))
      .execute();
  }
}

/**
 * PostgreSQL: ids for `count` new documents, from the identity sequence of search_documents (as
 * an insert without an id would take them), so that a preparation thread can make the rows of
 * all three tables itself (pgCopies).
 */
export async function reserveDocumentIds(db: SearchDb, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('search_documents', 'id')) as id
    from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** An integer in COPY's text: ids and years come from the code, never from readers, but are checked all the same. */
const integerField = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new Error(`search: not an integer: ${value}`);
  return String(value);
};

/** One table's rows in COPY's text format, with the statement that reads them (copyFromStdin). */
export interface PgCopy {
  statement: string;
  data: Uint8Array;
}

const PG_COPY_STATEMENTS = {
  documents: 'copy search_documents (id, type, item_id, locale, title, path, published_at, item_date, year, vector, title_vector, syllable_vector) from stdin',
  titles: 'copy search_titles (id, locale, type, year, published_at, item_date, vector, syllables) from stdin',
  texts: 'copy search_document_texts (id, title_tokens, body_tokens, title_syllables, body_syllables, tags, body_text) from stdin',
};

const copyLine = (fields: readonly string[]) => `${fields.join('\t')}\n`;

/**
 * PostgreSQL: the rows of prepared documents with these ids (reserveDocumentIds) for
 * search_documents, search_titles and search_document_texts, in COPY's text format and encoded
 * as UTF-8: the same rows insertDocuments writes. A rebuild's preparation threads make them and
 * hand the bytes over without copying, so the thread that writes only sends them; the server
 * reads tab-separated values instead of parsing an INSERT of quoted literals.
 */
export function pgCopies(rows: readonly PreparedRow[], ids: readonly number[]): PgCopy[] {
  if (rows.length !== ids.length) throw new Error('search: one id per document');
  if (!rows.length) return [];
  let documents = '';
  let titles = '';
  let texts = '';
  rows.forEach((row, i) => {
    const id = integerField(ids[i]!);
    const pg = row.pg ?? pgVectorLiterals(row);
    const [locale, type, publishedAt, itemDate, titleVector] = [row.locale, row.type, row.publishedAt, row.itemDate, pg.titleVector].map(copyTextField);
    const year = integerField(row.year);
    documents += copyLine([
      id, type!, integerField(row.itemId), locale!, copyTextField(row.title), copyTextField(row.path), publishedAt!, itemDate!, year,
      copyTextField(pg.vector), titleVector!, copyTextField(pg.syllableVector),
    ]);
    titles += copyLine([id, locale!, type!, year, publishedAt!, itemDate!, titleVector!, copyTextField(pg.titleSyllables)]);
    const text = textValues(ids[i]!, row);
    texts += copyLine([
      id, copyTextField(text.titleTokens), copyTextField(text.bodyTokens), copyTextField(text.titleSyllables), copyTextField(text.bodySyllables),
      copyTextField(text.tags), copyTextField(text.bodyText),
    ]);
  });
  const encoder = new TextEncoder();
  return [
    { statement: PG_COPY_STATEMENTS.documents, data: encoder.encode(documents) },
    { statement: PG_COPY_STATEMENTS.titles, data: encoder.encode(titles) },
    { statement: PG_COPY_STATEMENTS.texts, data: encoder.encode(texts) },
  ];
}

/** PostgreSQL: writes rows made by pgCopies, in order (search_titles refers to search_documents). */
export async function runCopies(db: SearchDb, copies: readonly PgCopy[]): Promise<void> {
  for (const { statement, data } of copies) await copyFromStdin(db as Kysely<unknown>, statement, data);
}

/** Replaces the whole vocabulary with these document counts. */
export async function replaceVocabulary(db: SearchDb, counts: ReadonlyMap<string, number>): Promise<void> {
  forgetSurfaceWords();
  await db.deleteFrom('searchTerms').execute();
  for (const part of chunk([...counts], TERMS_PER_STATEMENT)) {
    await db
      .insertInto('searchTerms')
      .values(part.map(([term, docCount]) => ({ term, docCount })))
      .execute();
  }
}

/** Applies +n/-n document counts to the vocabulary; words no document holds any more go. */
async function applyTermDeltas(db: SearchDb, deltas: ReadonlyMap<string, number>): Promise<void> {
  forgetSurfaceWords();
  // Sorted, so that two transactions touching the same words lock them in the same order.
  const sorted = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const added = sorted.filter(([, d]) => d > 0);
  for (const part of chunk(added, TERMS_PER_STATEMENT)) {
    await db
      .insertInto('searchTerms')
      .values(part.map(([term, docCount]) => ({ term, docCount })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ docCount: sql<number>`search_terms.doc_count + excluded.doc_count` }))
      .execute();
  }
  const removed = sorted.filter(([, d]) => d < 0);
  const byDelta = new Map<number, string[]>();
  for (const [term, d] of removed) byDelta.set(d, [...(byDelta.get(d) ?? []), term]);
  for (const [d, terms] of byDelta) {
    for (const part of chunk(terms, TERMS_PER_STATEMENT)) {
      await db.updateTable('searchTerms').set({ docCount: sql<number>`doc_count + ${d}` }).where('term', 'in', part).execute();
    }
  }
  for (const part of chunk(removed.map(([term]) => term), TERMS_PER_STATEMENT)) {
    await db.deleteFrom('searchTerms').where('term', 'in', part).where('docCount', '<=', 0).execute();
  }
}

/**
 * Makes the index hold exactly these documents for one item: rows of other languages go,
 * existing languages are updated, new ones inserted, and the vocabulary follows.
 */
export async function replaceItemDocuments(db: SearchDb, type: string, itemId: number, rows: readonly IndexRow[]): Promise<void> {
  const existing = await db
    .selectFrom('searchDocuments as d')
    .innerJoin('searchDocumentTexts as t', 't.id', 'd.id')
    .select(['d.id', 'd.locale', 'd.title', 't.titleTokens', 't.bodyTokens', 't.bodyText'])
    .where('d.type', '=', type)
    .where('d.itemId', '=', itemId)
    .execute();
  const deltas = new Map<string, number>();
  const shift = (row: TermSource, by: number) => {
    for (const term of documentTerms(row)) deltas.set(term, (deltas.get(term) ?? 0) + by);
  };
  const postgres = engineOfSearchDb(db) === 'postgres';
  for (const old of existing) {
    shift(old, -1);
    if (rows.some((r) => r.locale === old.locale)) continue;
    await db.deleteFrom('searchDocumentTexts').where('id', '=', old.id).execute();
    await db.deleteFrom('searchDocuments').where('id', '=', old.id).execute();
  }
  for (const row of rows) {
    for (const term of row.terms) deltas.set(term, (deltas.get(term) ?? 0) + 1);
    const old = existing.find((e) => e.locale === row.locale);
    if (old) {
      await db.updateTable('searchDocuments').set(documentValues(row, postgres)).where('id', '=', old.id).execute();
      if (postgres) {
        // An upsert: a document written by a server that ran before search_titles existed gets its row here.
        const { id: _id, ...title } = titleValues(old.id, row);
        await db
          .insertInto('searchTitles')
          .values(titleValues(old.id, row))
          .onConflict((oc) => oc.column('id').doUpdateSet(title))
          .execute();
      }
      const { id: _id, ...text } = textValues(old.id, row);
      await db.updateTable('searchDocumentTexts').set(text).where('id', '=', old.id).execute();
    } else {
      await insertDocuments(db, [row]);
    }
  }
  await applyTermDeltas(db, deltas);
}

/**
 * What startBulkLoad changed for the load, for finishBulkLoad to undo: on PostgreSQL the
 * definitions of the GIN indexes it dropped.
 */
export interface BulkLoad {
  droppedIndexes: string[];
  /** SQLite: the connection's page cache setting before the load, put back after it. */
  cacheSize?: number;
  /** SQLite: the full-text settings startBulkLoad changed, with the values stored before (undefined: none stored). */
  ftsSettings?: Array<[string, number | undefined]>;
  /** SQLite: the statements that create the triggers startBulkLoad dropped. */
  droppedTriggers?: string[];
}

/**
 * SQLite: full-text settings for a bulk load, and the values FTS5 uses when none is stored.
 * FTS5 gathers new words in memory and writes them out as a segment when that memory reaches
 * `hashsize` (1 MB by default); `automerge` then merges segments as they pile up. A bulk load
 * ends with an 'optimize' that merges every segment into one (finishBulkLoad), so the merges
 * along the way are work done twice: they are left off, and larger segments written.
 * `crisismerge` still merges when a level holds that many segments.
 */
const BULK_LOAD_FTS_SETTINGS: ReadonlyArray<{ name: string; load: number; fallback: number }> = [
  { name: 'automerge', load: 0, fallback: 4 },
  { name: 'hashsize', load: 64 * 1024 * 1024, fallback: 1024 * 1024 },
];

/**
 * SQLite: sets a full-text setting of search_fts (stored in its search_fts_config table). The
 * value is written into the statement: FTS5 wants an integer, and a bound number arrives as a
 * floating-point one.
 */
async function setFtsSetting(db: SearchDb, name: string, value: number): Promise<void> {
  if (!Number.isSafeInteger(value)) throw new Error(`search: not an integer: ${value}`);
  await sql`insert into search_fts (search_fts, rank) values (${name}, ${sql.lit(value)})`.execute(db);
}

/** SQLite's page cache during a bulk load, in KiB: the full-text index of a large site is hundreds of megabytes. */
const BULK_LOAD_CACHE_KIB = 262_144;
/** PostgreSQL's memory for building a GIN index: with 64 MB it spills to disk many times over 100,000 documents. */
const GIN_BUILD_MEMORY = '256MB';

/**
 * Before documents are written in bulk into an index that holds none (a first build, a
 * restore, a seed, the bench). PostgreSQL adds a document to its GIN indexes one at a time,
 * which over 100,000 documents took longer than everything else the build does; building an
 * index once over all the rows is several times faster. So the GIN indexes are dropped here
 * and built again by finishBulkLoad, in the same transaction. Only when the table is empty:
 * dropping an index locks the table until the transaction ends, and a rebuild of an index
 * that holds documents must let searches read the old rows meanwhile (docs/search.md,
 * "Index format"). Only indexes this role owns are dropped. Call it before
 * removeAllDocuments, which empties the table as this transaction sees it. On SQLite the
 * full-text table is left behind the rows until finishBulkLoad indexes them all: call it in the
 * same transaction, before anything searches.
 */
export async function startBulkLoad(db: SearchDb): Promise<BulkLoad> {
  if (engineOfSearchDb(db) !== 'postgres') {
    // The page cache of this connection: the default 2 MB makes the build write pages out and
    // read them back. finishBulkLoad puts the setting back, so the server does not keep it.
    const { rows } = await sql<Record<string, number>>`pragma cache_size`.execute(db);
    const cacheSize = Number(Object.values(rows[0] ?? {})[0]);
    await sql.raw(`pragma cache_size = -${BULK_LOAD_CACHE_KIB}`).execute(db);
    const { rows: stored } = await sql<{ k: string; v: number }>`select k, v from search_fts_config`.execute(db);
    const ftsSettings: Array<[string, number | undefined]> = [];
    for (const { name, load } of BULK_LOAD_FTS_SETTINGS) {
      ftsSettings.push([name, stored.find((r) => r.k === name)?.v]);
      await setFtsSetting(db, name, load);
    }
    // The triggers that keep search_fts in step with the rows, row by row: a bulk load indexes
    // all rows at once when it ends (finishBulkLoad), which cost about two thirds of adding them
    // one by one, and removing the old rows no longer asks FTS5 to find and delete each one's words.
    const { rows: triggers } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'trigger' and name in ('search_document_texts_ai', 'search_document_texts_ad') order by name`.execute(db);
    for (const { name } of triggers) await sql`drop trigger ${sql.id(name)}`.execute(db);
    return { droppedIndexes: [], cacheSize, ftsSettings, droppedTriggers: triggers.map((t) => t.sql) };
  }
  // Values stored out of line (vectors, texts) are compressed with lz4 rather than pglz for the
  // rest of this transaction: over the bench's documents the server spent a quarter less CPU
  // writing the rows. Each value records how it was compressed, so rows written before or
  // after (pglz, the default) are read alike. A server built without lz4 keeps pglz.
  await sql`select set_config('default_toast_compression', 'lz4', true) where exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals))`.execute(db);
  const stored = await db.selectFrom('searchDocuments').select('id').limit(1).executeTakeFirst();
  if (stored) return { droppedIndexes: [] };
  const { rows } = await sql<{ name: string; definition: string }>`select c.relname as name, pg_get_indexdef(c.oid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
    where i.indrelid in ('search_documents'::regclass, 'search_titles'::regclass) and a.amname = 'gin' and pg_has_role(c.relowner, 'USAGE')
    order by c.relname`.execute(db);
  for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(db);
  return { droppedIndexes: rows.map((r) => r.definition) };
}

/**
 * After the whole index was written. The GIN indexes startBulkLoad dropped are built again over
 * all the rows. Otherwise PostgreSQL's GIN indexes have gathered the new entries in a pending
 * list, merged into the index only when it fills (4 MB) or autovacuum comes by, and every
 * search reads the whole list: left after a rebuild it cost each search tens of milliseconds.
 * So the lists are merged here, and the statistics the planner needs gathered. SQLite indexes
 * every row in its full-text table, puts back the triggers and settings startBulkLoad changed,
 * and merges the full-text index into one segment.
 */
export async function finishBulkLoad(db: SearchDb, load: BulkLoad = { droppedIndexes: [] }): Promise<void> {
  if (engineOfSearchDb(db) === 'postgres') {
    if (load.droppedIndexes.length) {
      await sql.raw(`set local maintenance_work_mem = '${GIN_BUILD_MEMORY}'`).execute(db);
      for (const definition of load.droppedIndexes) await sql.raw(definition).execute(db);
      await sql.raw('set local maintenance_work_mem = default').execute(db);
    }
    // Only its owner may flush an index: a site whose tables belong to another role skips it
    // rather than failing the rebuild (searches are then slower until autovacuum flushes them).
    await sql`select gin_clean_pending_list(c.oid) from pg_class c
      where c.relname in ('search_documents_vector', 'search_documents_syllable_vector', 'search_titles_vector', 'search_titles_syllables') and c.relkind = 'i'
        and pg_table_is_visible(c.oid) and pg_has_role(c.relowner, 'USAGE')`.execute(db);
    await sql`analyze search_documents`.execute(db);
    await sql`analyze search_titles`.execute(db);
    // The rest of the caller's transaction compresses as the server is configured to.
    await sql`set local default_toast_compression to default`.execute(db);
  } else {
    if (load.droppedTriggers?.length) {
      // FTS5 reads every row of search_document_texts and indexes it anew, in the order of the ids.
      await sql`insert into search_fts (search_fts) values ('rebuild')`.execute(db);
      for (const statement of load.droppedTriggers) await sql.raw(statement).execute(db);
    }
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
    for (const [name, before] of load.ftsSettings ?? []) {
      const setting = BULK_LOAD_FTS_SETTINGS.find((s) => s.name === name)!;
      // A setting not stored before is stored with the value FTS5 used for it (its table is read-only otherwise).
      await setFtsSetting(db, name, before ?? setting.fallback);
    }
    if (load.cacheSize !== undefined && Number.isInteger(load.cacheSize)) await sql.raw(`pragma cache_size = ${load.cacheSize}`).execute(db);
  }
}

/** Empties the index before a rebuild. */
export async function removeAllDocuments(db: SearchDb): Promise<void> {
  // The cascade would find each title row by itself: one statement for all is cheaper.
  if (engineOfSearchDb(db) === 'postgres') await db.deleteFrom('searchTitles').execute();
  await db.deleteFrom('searchDocumentTexts').execute();
  await db.deleteFrom('searchDocuments').execute();
}

/**
 * Claims the rebuild of the whole index for this transaction. On PostgreSQL it takes a
 * transaction-scoped advisory lock without waiting: of several servers starting on one database
 * only one gets it, and it is released when the transaction ends, also if that server dies.
 * SQLite lets one transaction write at a time, so there the claim always succeeds and a second
 * writer waits for the first.
 */
export async function claimIndexRebuild(db: SearchDb): Promise<boolean> {
  if (engineOfSearchDb(db) !== 'postgres') return true;
  const { rows } = await sql<{ claimed: boolean }>`select pg_try_advisory_xact_lock(${sql.lit(REBUILD_LOCK)}) as claimed`.execute(db);
  return rows[0]?.claimed === true;
}

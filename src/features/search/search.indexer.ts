import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { normalizeSearchText, truncateGraphemes } from '../../i18n/khmer.js';
import { isVocabularyTerm, tokenizeNormalized } from './search.text.js';
import { findSearchSource, searchSources, type IndexContext, type SourceDocument } from './search.sources.js';
import { engineOfSearchDb, localeIdRange, pgTagLexeme, searchTables, type SearchDb } from './search.tables.js';

/** Body text indexed per document; the rest of a very long report is left out. */
export const MAX_INDEXED_BODY_CHARS = 500_000;
/** Rows per INSERT: a dozen columns a row stays well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;
const TERMS_PER_STATEMENT = 500;
/** Items loaded at a time during a rebuild, so a large site never sits in memory at once. */
const ITEMS_PER_BATCH = 200;
/** PostgreSQL keeps word positions up to this value and at most this many per word. */
const PG_MAX_POSITION = 16_383;
const PG_MAX_POSITIONS_PER_WORD = 256;

/** A document as stored in `search_documents`. */
export interface IndexRow {
  type: string;
  itemId: number;
  locale: string;
  title: string;
  path: string;
  publishedAt: string;
  itemDate: string;
  year: number;
  titleTokens: string;
  bodyTokens: string;
  bodyText: string;
}

/** Splits a source document into index words; the stored texts are normalised the same way. */
export function prepareDocument(type: string, itemId: number, doc: SourceDocument): IndexRow {
  const title = normalizeSearchText(doc.title).replace(/\s+/g, ' ').trim();
  const body = truncateGraphemes(normalizeSearchText(doc.body.join(' ')).replace(/\s+/g, ' ').trim(), MAX_INDEXED_BODY_CHARS);
  const year = Number(doc.itemDate.slice(0, 4));
  return {
    type,
    itemId,
    locale: doc.locale,
    title,
    path: doc.path,
    publishedAt: doc.publishedAt,
    itemDate: doc.itemDate,
    year: Number.isInteger(year) ? year : Number(doc.publishedAt.slice(0, 4)),
    titleTokens: tokenizeNormalized(title).join(' '),
    bodyTokens: tokenizeNormalized(body).join(' '),
    bodyText: body,
  };
}

/** The distinct vocabulary words of a stored document. */
function documentTerms(row: Pick<IndexRow, 'titleTokens' | 'bodyTokens'>): Set<string> {
  const terms = new Set<string>();
  for (const column of [row.titleTokens, row.bodyTokens]) {
    for (const term of column.split(' ')) if (term && isVocabularyTerm(term)) terms.add(term);
  }
  return terms;
}

/**
 * A tsvector literal, written here so that PostgreSQL's parser never re-splits the words:
 * each part's words with their positions and a weight (A title, B body, D tags). Each part
 * starts two positions after the last, so no phrase runs from the title into the body.
 */
function tsvectorLiteral(parts: Array<{ tokens: string; weight?: 'A' | 'B' | 'D' }>): string {
  const positions = new Map<string, string[]>();
  let position = -1;
  for (const { tokens, weight = '' } of parts) {
    position += 1;
    for (const token of tokens.split(' ')) {
      if (!token) continue;
      position = Math.min(position + 1, PG_MAX_POSITION);
      let list = positions.get(token);
      if (!list) positions.set(token, (list = []));
      // Past the last position every word sits on it, once.
      const entry = `${position}${weight}`;
      if (list.length < PG_MAX_POSITIONS_PER_WORD && list[list.length - 1] !== entry) list.push(entry);
    }
  }
  const quote = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return [...positions].map(([token, list]) => `${quote(token)}:${list.join(',')}`).join(' ');
}

function vectorOf(row: IndexRow) {
  const tags = [pgTagLexeme('type', row.type), pgTagLexeme('year', row.year), pgTagLexeme('lang', row.locale)].join(' ');
  const literal = tsvectorLiteral([
    { tokens: row.titleTokens, weight: 'A' },
    { tokens: row.bodyTokens, weight: 'B' },
    { tokens: tags, weight: 'D' },
  ]);
  return sql<string>`cast(${literal} as tsvector)`;
}

/** The filter values of a document as index words, so SQLite can filter inside the full-text index. */
function tagsOf(row: Pick<IndexRow, 'type' | 'year'>): string {
  return `${row.type} ${row.year}`;
}

/** The search_documents columns of a prepared document (the vector on PostgreSQL). */
function documentValues(row: IndexRow, postgres: boolean) {
  const { titleTokens: _t, bodyTokens: _b, bodyText: _x, ...doc } = row;
  return postgres
    ? { ...doc, vector: vectorOf(row), titleVector: sql<string>`cast(${tsvectorLiteral([{ tokens: row.titleTokens }])} as tsvector)` }
    : doc;
}

function textValues(id: number, row: IndexRow) {
  return { id, titleTokens: row.titleTokens, bodyTokens: row.bodyTokens, tags: tagsOf(row), bodyText: row.bodyText };
}

const keyOf = (r: { type: string; itemId: number; locale: string }) => `${r.type}\u0000${r.itemId}\u0000${r.locale}`;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** SQLite: the next free ids in each locale's range (see localeIdRange). */
async function allocateIds(db: SearchDb, rows: readonly IndexRow[]): Promise<number[]> {
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

/** Inserts documents as they are (a rebuild, or the benchmark); the vocabulary is separate. */
export async function insertDocuments(db: SearchDb, rows: readonly IndexRow[]): Promise<void> {
  const postgres = engineOfSearchDb(db) === 'postgres';
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    let ids: number[];
    if (postgres) {
      const inserted = await db
        .insertInto('searchDocuments')
        .values(part.map((row) => documentValues(row, true)))
        .returning(['id', 'type', 'itemId', 'locale'])
        .execute();
      const idOf = new Map(inserted.map((r) => [keyOf(r), r.id]));
      ids = part.map((row) => idOf.get(keyOf(row))!);
    } else {
      ids = await allocateIds(db, part);
      await db
        .insertInto('searchDocuments')
        .values(part.map((row, i) => ({ ...documentValues(row, false), id: ids[i]! })))
        .execute();
    }
    await db
      .insertInto('searchDocumentTexts')
      .values(part.map((row, i) => textValues(ids[i]!, row)))
      .execute();
  }
}

/** Replaces the whole vocabulary with these document counts. */
export async function replaceVocabulary(db: SearchDb, counts: ReadonlyMap<string, number>): Promise<void> {
  await db.deleteFrom('searchTerms').execute();
  for (const part of chunk([...counts], TERMS_PER_STATEMENT)) {
    await db
      .insertInto('searchTerms')
      .values(part.map(([term, docCount]) => ({ term, docCount })))
      .execute();
  }
}

/** Counts, over the given documents, how many hold each vocabulary word. */
export function countTerms(rows: Iterable<Pick<IndexRow, 'titleTokens' | 'bodyTokens'>>, into = new Map<string, number>()) {
  for (const row of rows) for (const term of documentTerms(row)) into.set(term, (into.get(term) ?? 0) + 1);
  return into;
}

/** Applies +n/-n document counts to the vocabulary; words no document holds any more go. */
async function applyTermDeltas(db: SearchDb, deltas: ReadonlyMap<string, number>): Promise<void> {
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
async function replaceItemDocuments(db: SearchDb, type: string, itemId: number, rows: readonly IndexRow[]): Promise<void> {
  const existing = await db
    .selectFrom('searchDocuments as d')
    .innerJoin('searchDocumentTexts as t', 't.id', 'd.id')
    .select(['d.id', 'd.locale', 't.titleTokens', 't.bodyTokens'])
    .where('d.type', '=', type)
    .where('d.itemId', '=', itemId)
    .execute();
  const deltas = new Map<string, number>();
  const shift = (row: Pick<IndexRow, 'titleTokens' | 'bodyTokens'>, by: number) => {
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
    shift(row, +1);
    const old = existing.find((e) => e.locale === row.locale);
    if (old) {
      await db.updateTable('searchDocuments').set(documentValues(row, postgres)).where('id', '=', old.id).execute();
      const { id: _id, ...text } = textValues(old.id, row);
      await db.updateTable('searchDocumentTexts').set(text).where('id', '=', old.id).execute();
    } else {
      await insertDocuments(db, [row]);
    }
  }
  await applyTermDeltas(db, deltas);
}

/**
 * Brings one item's search documents up to date with the item: if it is published, its
 * documents (one per language) are written; otherwise, or if it no longer exists, they are
 * removed. Call it in the transaction that publishes, edits, unpublishes or deletes the item,
 * so that the index never disagrees with the content.
 */
export async function reindexItem(db: DbOrTx, type: string, itemId: number, ctx: IndexContext): Promise<void> {
  const source = findSearchSource(type);
  if (!source) throw new Error(`search: unknown content type "${type}"`);
  const docs = (await source.loadPublished(db, [itemId], ctx)).get(itemId) ?? [];
  await replaceItemDocuments(searchTables(db), type, itemId, docs.map((d) => prepareDocument(type, itemId, d)));
}

/**
 * Rebuilds the whole index from the content tables, in one transaction (the caller's when it
 * is given one). Returns the number of documents indexed.
 */
export async function rebuildSearchIndex(db: DbOrTx, ctx: IndexContext): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => rebuildSearchIndex(tx, ctx));
  const sdb = searchTables(db);
  await sdb.deleteFrom('searchDocumentTexts').execute();
  await sdb.deleteFrom('searchDocuments').execute();
  const counts = new Map<string, number>();
  let total = 0;
  for (const source of searchSources) {
    const ids = await source.listPublishedIds(db);
    for (const part of chunk(ids, ITEMS_PER_BATCH)) {
      const docs = await source.loadPublished(db, part, ctx);
      const rows = [...docs].flatMap(([itemId, list]) => list.map((d) => prepareDocument(source.type, itemId, d)));
      await insertDocuments(sdb, rows);
      countTerms(rows, counts);
      total += rows.length;
    }
  }
  await replaceVocabulary(sdb, counts);
  return total;
}

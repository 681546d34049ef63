import type { Db, DbOrTx } from '../../db/database.js';
import { findSearchIndexState, saveSearchIndexState } from '../instance/instance.repository.js';
import { countTerms, prepareDocument, type IndexRow } from './search.document.js';
import {
  chunk,
  claimIndexRebuild,
  finishBulkLoad,
  insertDocuments,
  removeAllDocuments,
  reserveDocumentIds,
  runCopies,
  startBulkLoad,
  replaceItemDocuments,
  replaceVocabulary,
} from './search-index.repository.js';
import type { SourceDocument } from './search-source.js';
import { findSearchSource, searchSources, type IndexContext } from './search.sources.js';
import { engineOfSearchDb, searchTables, type SearchDb } from './search.tables.js';
import { forgetSurfaceWords } from './search.surface-words.js';
import { PreparePool, preparationThreads, type Prepared } from './search.prepare-pool.js';

/**
 * The format of what the index stores (words, syllables, typo words, normalisation and variant
 * folds, columns). Add one whenever a change to the code would store different rows for the same
 * content: a database whose index was built in another format is rebuilt once at server start
 * (docs/search.md, "Index format"). A change to how queries are read alone needs no new format.
 */
export const SEARCH_INDEX_FORMAT = 3;

/** Items loaded at a time during a rebuild, so a large site never sits in memory at once. */
const ITEMS_PER_BATCH = 200;
/** From this many items on, a rebuild on PostgreSQL prepares its documents in threads (search.prepare-pool.ts). */
export const MIN_ITEMS_FOR_THREADS = 2_000;
/** Documents a preparation thread is given at a time. */
const DOCUMENTS_PER_JOB = 250;
/** Jobs given to each thread ahead of the writes: enough that a thread never waits for the writing one. */
const JOBS_AHEAD_PER_THREAD = 2;
/**
 * While a batch is prepared, the thread stops this often (ms) to let the statements writing the
 * batch before go on: each of them waits for this thread to send the next.
 */
const PREPARE_SLICE_MS = 4;

/**
 * Brings one item's search documents up to date with the item: if it is published, its
 * documents (one per language) are written; otherwise, or if it no longer exists, they are
 * removed. Call it in the transaction that publishes, edits, unpublishes or deletes the item,
 * so that the index never disagrees with the content; that transaction's owner forgets the
 * words kept for typo tolerance once it has committed (app.contentChanged does, through
 * search.routes.tsx). Handed a database handle instead, it writes in a transaction of its own
 * and forgets them itself after the commit.
 */
export async function reindexItem(db: DbOrTx, type: string, itemId: number, ctx: IndexContext): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((tx) => reindexItem(tx, type, itemId, ctx));
    // The words kept for typo tolerance were forgotten as the vocabulary was written, before the
    // commit: a search in between read the old vocabulary and kept it. Forgotten again now.
    forgetSurfaceWords();
    return;
  }
  const source = findSearchSource(type);
  if (!source) throw new Error(`search: unknown content type "${type}"`);
  const docs = (await source.loadPublished(db, [itemId], ctx)).get(itemId) ?? [];
  await replaceItemDocuments(searchTables(db), type, itemId, docs.map((d) => prepareDocument(type, itemId, d)));
}

/** Documents to add to the index, each with its item's type and id. */
export type BulkBatch = ReadonlyArray<{ type: string; itemId: number; doc: SourceDocument }>;

/** What writeInBulk reports: documents written, the vocabulary counted, and the time spent preparing. */
export interface BulkWrite {
  documents: number;
  counts: Map<string, number>;
  /** Elapsed time spent preparing documents, without the writes that went on in between. */
  prepareMs: number;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Prepares a batch's documents, stopping every few milliseconds so that writes in flight go on.
 * Adds the time spent preparing (not the writes that ran meanwhile) to `timing`.
 */
async function prepareBatch(batch: BulkBatch, timing: { prepareMs: number }): Promise<IndexRow[]> {
  const rows: IndexRow[] = [];
  let sliceStart = performance.now();
  for (const { type, itemId, doc } of batch) {
    rows.push(prepareDocument(type, itemId, doc));
    const now = performance.now();
    if (now - sliceStart > PREPARE_SLICE_MS) {
      timing.prepareMs += now - sliceStart;
      await yieldToIo();
      sliceStart = performance.now();
    }
  }
  timing.prepareMs += performance.now() - sliceStart;
  return rows;
}

export interface BulkOptions {
  /**
   * Threads to prepare the documents in (search.prepare-pool.ts); none (the default): this
   * thread prepares them, between the writes.
   */
  threads?: number;
}

/**
 * Prepares and writes batches of documents, preparing while the database stores the documents
 * prepared before. With `threads`, documents are prepared in that many threads, a few jobs
 * ahead of the writes, while this thread loads and writes; without, this thread prepares a
 * batch while PostgreSQL stores the one before (the server parses and stores the vectors on one
 * core while this thread prepares on another). The next batch is asked of `batches` between two
 * writes, so loading it may read the same connection without waiting for a write. Counts the
 * vocabulary.
 */
export async function writeInBulk(db: SearchDb, batches: AsyncIterable<BulkBatch> | Iterable<BulkBatch>, options: BulkOptions = {}): Promise<BulkWrite> {
  if (options.threads) return writeWithThreads(db, batches, options.threads);
  const result: BulkWrite = { documents: 0, counts: new Map(), prepareMs: 0 };
  const iterator = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]();
  let next = await iterator.next();
  let writing: Promise<void> = Promise.resolve();
  try {
    while (!next.done) {
      const rows = await prepareBatch(next.value, result);
      countTerms(rows, result.counts);
      await writing;
      next = await iterator.next();
      result.documents += rows.length;
      writing = insertDocuments(db, rows);
      // Handled here so that a failure while the next batch is prepared is not reported as
      // unhandled; it is thrown by the await above or below.
      writing.catch(() => undefined);
    }
  } finally {
    // Also when preparing failed: the write in flight ends before the transaction rolls back.
    await writing;
  }
  return result;
}

/**
 * writeInBulk with preparation threads. `prepareMs` is then the time this thread waited for
 * prepared documents, with no write to do meanwhile.
 */
async function writeWithThreads(db: SearchDb, batches: AsyncIterable<BulkBatch> | Iterable<BulkBatch>, threads: number): Promise<BulkWrite> {
  const result: BulkWrite = { documents: 0, counts: new Map(), prepareMs: 0 };
  const postgres = engineOfSearchDb(db) === 'postgres';
  const pool = PreparePool.start(threads);
  const jobs: Array<Promise<Prepared>> = [];
  const writeNext = async () => {
    const waitStart = performance.now();
    const prepared = await jobs.shift()!;
    result.prepareMs += performance.now() - waitStart;
    if (prepared.copies) await runCopies(db, prepared.copies);
    else await insertDocuments(db, prepared.rows);
  };
  try {
    for await (const batch of batches) {
      for (const part of chunk(batch, DOCUMENTS_PER_JOB)) {
        const job = pool.prepare(part, postgres ? await reserveDocumentIds(db, part.length) : undefined);
        result.documents += part.length;
        // A failed job is reported when its turn to be written comes, not as unhandled before.
        job.catch(() => undefined);
        jobs.push(job);
        while (jobs.length > threads * JOBS_AHEAD_PER_THREAD) await writeNext();
      }
    }
    while (jobs.length) await writeNext();
    await pool.counts(result.counts);
  } finally {
    await pool.close();
  }
  return result;
}

/** The published items of every source, with their ids. */
async function publishedIds(db: DbOrTx) {
  const listed = [];
  for (const source of searchSources) listed.push({ source, ids: await source.listPublishedIds(db) });
  return listed;
}

/** The published items of every source, a batch at a time, each loaded when it is asked for. */
async function* publishedBatches(db: DbOrTx, ctx: IndexContext, listed: Awaited<ReturnType<typeof publishedIds>>): AsyncGenerator<BulkBatch> {
  for (const { source, ids } of listed) {
    for (const part of chunk(ids, ITEMS_PER_BATCH)) {
      const items = await source.loadPublished(db, part, ctx);
      yield [...items].flatMap(([itemId, docs]) => docs.map((doc) => ({ type: source.type, itemId, doc })));
    }
  }
}

/**
 * Rebuilds the whole index from the content tables, in one transaction (the caller's when it
 * is given one), and records that it is now in SEARCH_INDEX_FORMAT. Returns the number of
 * documents indexed.
 */
export async function rebuildSearchIndex(db: DbOrTx, ctx: IndexContext): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => rebuildSearchIndex(tx, ctx));
  const sdb = searchTables(db);
  const load = await startBulkLoad(sdb);
  await removeAllDocuments(sdb);
  const listed = await publishedIds(db);
  const items = listed.reduce((n, { ids }) => n + ids.length, 0);
  // SQLite: the one thread that may write spends longer receiving and inserting the rows than
  // preparing them (docs/search.md), so there it prepares them itself.
  const threads = items >= MIN_ITEMS_FOR_THREADS && engineOfSearchDb(sdb) === 'postgres' ? preparationThreads() : 0;
  const { documents, counts } = await writeInBulk(sdb, publishedBatches(db, ctx, listed), { threads });
  await replaceVocabulary(sdb, counts);
  await finishBulkLoad(sdb, load);
  await saveSearchIndexState(db, { format: SEARCH_INDEX_FORMAT, builtAt: new Date().toISOString(), documents });
  return documents;
}

/** Whether the index was built in another format than this code's, or before formats were recorded. */
export async function isSearchIndexOutdated(db: DbOrTx): Promise<boolean> {
  return (await findSearchIndexState(db))?.format !== SEARCH_INDEX_FORMAT;
}

/**
 * Rebuilds the index if it is outdated and no other server is rebuilding it. Until the rebuild
 * commits, searches read the old rows. Returns the number of documents indexed, or undefined
 * when nothing was rebuilt (already current, or claimed by another server).
 */
export async function rebuildOutdatedSearchIndex(db: Db, ctx: IndexContext): Promise<number | undefined> {
  const rebuilt = await db.transaction().execute(async (tx) => {
    if (!(await claimIndexRebuild(searchTables(tx)))) return undefined;
    // Read again under the claim: another server may have finished a rebuild since the caller looked.
    if (!(await isSearchIndexOutdated(tx))) return undefined;
    return rebuildSearchIndex(tx, ctx);
  });
  // Searches during the rebuild read the old vocabulary; the new one is committed now.
  if (rebuilt !== undefined) forgetSurfaceWords();
  return rebuilt;
}

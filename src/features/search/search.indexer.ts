import type { Db, DbOrTx } from '../../db/database.js';
import { findSearchIndexState, saveSearchIndexState } from '../instance/instance.repository.js';
import { countTerms, prepareDocument } from './search.document.js';
import {
  chunk,
  claimIndexRebuild,
  finishBulkLoad,
  insertDocuments,
  removeAllDocuments,
  startBulkLoad,
  replaceItemDocuments,
  replaceVocabulary,
} from './search-index.repository.js';
import { findSearchSource, searchSources, type IndexContext } from './search.sources.js';
import { searchTables } from './search.tables.js';
import { forgetSurfaceWords } from './search.surface-words.js';

/**
 * The format of what the index stores (words, syllables, typo words, normalisation and variant
 * folds, columns). Add one whenever a change to the code would store different rows for the same
 * content: a database whose index was built in another format is rebuilt once at server start
 * (docs/search.md, "Index format"). A change to how queries are read alone needs no new format.
 */
export const SEARCH_INDEX_FORMAT = 2;

/** Items loaded at a time during a rebuild, so a large site never sits in memory at once. */
const ITEMS_PER_BATCH = 200;

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
 * is given one), and records that it is now in SEARCH_INDEX_FORMAT. Returns the number of
 * documents indexed.
 */
export async function rebuildSearchIndex(db: DbOrTx, ctx: IndexContext): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => rebuildSearchIndex(tx, ctx));
  const sdb = searchTables(db);
  const load = await startBulkLoad(sdb);
  await removeAllDocuments(sdb);
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
  await finishBulkLoad(sdb, load);
  await saveSearchIndexState(db, { format: SEARCH_INDEX_FORMAT, builtAt: new Date().toISOString(), documents: total });
  return total;
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

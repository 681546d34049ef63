import type { DbOrTx } from '../../db/database.js';
import { countTerms, prepareDocument } from './search.document.js';
import { chunk, insertDocuments, removeAllDocuments, replaceItemDocuments, replaceVocabulary } from './search-index.repository.js';
import { findSearchSource, searchSources, type IndexContext } from './search.sources.js';
import { searchTables } from './search.tables.js';

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
 * is given one). Returns the number of documents indexed.
 */
export async function rebuildSearchIndex(db: DbOrTx, ctx: IndexContext): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => rebuildSearchIndex(tx, ctx));
  const sdb = searchTables(db);
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
  return total;
}

import type { DbOrTx } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { findItemById, writeItem, type ItemSnapshot } from '../editor/editor.repository.js';
import type { ContentTypeDescriptor } from '../editor/editor.types.js';
import { findCurrentVersion, insertRevision } from '../editor/revisions.repository.js';
import type { FileStorage } from '../media/storage.js';
import { reindexItem } from '../search/search.indexer.js';

/** How the audit log and the revisions name the import. */
export const IMPORT_ACTOR = 'system:wordpress-import';
export const IMPORT_AUTHOR_NAME = 'WordPress import';

/**
 * Saves an item as the editor does - its rows, a revision, the audit row and the search index -
 * in the import's transaction (the editor's service opens one per save; the import is one).
 */
export async function saveImportedItem(
  tx: DbOrTx,
  storage: FileStorage,
  type: ContentTypeDescriptor,
  existing: { id: number; snapshot: ItemSnapshot } | undefined,
  snapshot: ItemSnapshot,
  now: string,
): Promise<number> {
  const savedId = await writeItem(tx, type, existing?.id, snapshot, now);
  // The rows are exactly the snapshot written (the caller starts from the current one), so it is the revision's too.
  const version = existing ? (await findCurrentVersion(tx, type.key, savedId)) + 1 : 1;
  await insertRevision(tx, { contentType: type.key, itemId: savedId, version, snapshot, authorId: 0, authorName: IMPORT_AUTHOR_NAME, now });
  await writeAudit(tx, {
    actor: IMPORT_ACTOR, action: existing ? 'content.update' : 'content.create', subjectType: type.key, subjectId: String(savedId),
    before: existing?.snapshot, after: snapshot,
  });
  if (type.search) await reindexItem(tx, type.key, savedId, { storage });
  return savedId;
}

/** The current snapshot of an item, to merge an imported language into. */
export async function currentSnapshot(tx: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<ItemSnapshot | undefined> {
  return (await findItemById(tx, type, id))?.snapshot;
}

import type { Generated, Kysely, Transaction } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { ItemSnapshot } from './editor.repository.js';

export type RevisionTable = {
  id: Generated<number>;
  contentType: string;
  itemId: number;
  version: number;
  /** JSON of an ItemSnapshot. */
  snapshot: string;
  authorId: number | null;
  /** Kept as written, so the history still names an author whose account is gone. */
  authorName: string;
  createdAt: string;
};

type RevisionTables = {
  revisions: RevisionTable;
};

/** The revisions table belongs to this feature; the shared Database type need not know it. */
const revisionsDb = (db: DbOrTx) => db.withTables<RevisionTables>() as Kysely<RevisionTables> | Transaction<RevisionTables>;

export interface Revision {
  version: number;
  snapshot: ItemSnapshot;
  authorId: number | null;
  authorName: string;
  createdAt: string;
}

/** The item's latest version number; 0 for an item nobody has saved through the editor yet. */
export async function findCurrentVersion(db: DbOrTx, contentType: string, itemId: number): Promise<number> {
  const row = await revisionsDb(db)
    .selectFrom('revisions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('contentType', '=', contentType)
    .where('itemId', '=', itemId)
    .executeTakeFirst();
  return row?.version == null ? 0 : Number(row.version);
}

export async function insertRevision(
  db: DbOrTx,
  entry: { contentType: string; itemId: number; version: number; snapshot: ItemSnapshot; authorId: number; authorName: string; now: string },
): Promise<void> {
  await revisionsDb(db)
    .insertInto('revisions')
    .values({
      contentType: entry.contentType,
      itemId: entry.itemId,
      version: entry.version,
      snapshot: JSON.stringify(entry.snapshot),
      // The scheduler and other system actors have no account.
      authorId: entry.authorId > 0 ? entry.authorId : null,
      authorName: entry.authorName,
      createdAt: entry.now,
    })
    .execute();
}

export async function listRevisions(db: DbOrTx, contentType: string, itemId: number): Promise<Array<Omit<Revision, 'snapshot'>>> {
  return revisionsDb(db)
    .selectFrom('revisions')
    .select(['version', 'authorId', 'authorName', 'createdAt'])
    .where('contentType', '=', contentType)
    .where('itemId', '=', itemId)
    .orderBy('version', 'desc')
    .execute();
}

export async function findRevision(db: DbOrTx, contentType: string, itemId: number, version: number): Promise<Revision | undefined> {
  const row = await revisionsDb(db)
    .selectFrom('revisions')
    .select(['version', 'snapshot', 'authorId', 'authorName', 'createdAt'])
    .where('contentType', '=', contentType)
    .where('itemId', '=', itemId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && { ...row, snapshot: JSON.parse(row.snapshot) as ItemSnapshot };
}

/** Who first saved the item through the editor: the owner an author's rights are checked against. */
export async function findItemOwner(db: DbOrTx, contentType: string, itemId: number): Promise<number | null> {
  const row = await revisionsDb(db)
    .selectFrom('revisions')
    .select('authorId')
    .where('contentType', '=', contentType)
    .where('itemId', '=', itemId)
    .orderBy('version')
    .limit(1)
    .executeTakeFirst();
  return row?.authorId ?? null;
}

/** Deletes the history of the items of one type whose ids lie in [first, last] (the demo's, when it is removed). */
export async function deleteRevisionsOfRange(db: DbOrTx, contentType: string, first: number, last: number): Promise<void> {
  await revisionsDb(db).deleteFrom('revisions').where('contentType', '=', contentType).where('itemId', '>=', first).where('itemId', '<=', last).execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { RedirectOrigin, RedirectTables } from './redirects.tables.js';

/** The redirects table belongs to this feature; the shared Database type need not know it. */
const redirectsDb = (db: DbOrTx) => db.withTables<RedirectTables>() as Kysely<RedirectTables> | Transaction<RedirectTables>;

export interface RedirectRow {
  id: number;
  fromPath: string;
  toPath: string;
  origin: RedirectOrigin;
  updatedAt: string;
}

export const REDIRECTS_PER_PAGE = 100;

/** Every redirect as old key → target, for the in-memory table. */
export async function listRedirectTargets(db: DbOrTx): Promise<Array<{ fromPath: string; toPath: string }>> {
  return redirectsDb(db).selectFrom('redirects').select(['fromPath', 'toPath']).execute();
}

/** One page of redirects, those whose old or new address contains `q` when given. */
export async function listRedirects(db: DbOrTx, q: string, page: number): Promise<{ rows: RedirectRow[]; total: number }> {
  let base = redirectsDb(db).selectFrom('redirects');
  if (q) {
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb(eb.fn('lower', ['fromPath']), 'like', pattern), eb(eb.fn('lower', ['toPath']), 'like', pattern)]));
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['id', 'fromPath', 'toPath', 'origin', 'updatedAt'])
    .orderBy('fromPath')
    .limit(REDIRECTS_PER_PAGE)
    .offset((page - 1) * REDIRECTS_PER_PAGE)
    .execute();
  return { rows, total: Number(count.total) };
}

export async function findRedirect(db: DbOrTx, id: number): Promise<RedirectRow | undefined> {
  return redirectsDb(db).selectFrom('redirects').select(['id', 'fromPath', 'toPath', 'origin', 'updatedAt']).where('id', '=', id).executeTakeFirst();
}

export async function findRedirectByFrom(db: DbOrTx, fromPath: string): Promise<RedirectRow | undefined> {
  return redirectsDb(db).selectFrom('redirects').select(['id', 'fromPath', 'toPath', 'origin', 'updatedAt']).where('fromPath', '=', fromPath).executeTakeFirst();
}

export async function insertRedirect(db: DbOrTx, r: { fromPath: string; toPath: string; origin: RedirectOrigin }, now: string): Promise<number> {
  const row = await redirectsDb(db)
    .insertInto('redirects')
    .values({ ...r, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateRedirect(db: DbOrTx, id: number, r: { fromPath: string; toPath: string }, now: string): Promise<void> {
  await redirectsDb(db).updateTable('redirects').set({ ...r, updatedAt: now }).where('id', '=', id).execute();
}

export async function deleteRedirect(db: DbOrTx, id: number): Promise<void> {
  await redirectsDb(db).deleteFrom('redirects').where('id', '=', id).execute();
}

/** Every redirect with who made it, for a bulk comparison (the WordPress import). */
export async function listAllRedirects(db: DbOrTx): Promise<RedirectRow[]> {
  return redirectsDb(db).selectFrom('redirects').select(['id', 'fromPath', 'toPath', 'origin', 'updatedAt']).execute();
}

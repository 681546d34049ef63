import type { DbOrTx } from '../../db/database.js';

/*
 * Facts about the database as a whole (table `instance_state`). Values are JSON; each key has
 * one reader and one writer here, so their shapes are checked in one place.
 */

const INITIALISED = 'initialised';
const DEMO = 'demo';
const DEMO_REMOVED = 'demo_removed';
const SEARCH_INDEX = 'search_index';

/** How the database began: with the demo, empty, or already holding data from before this record existed. */
export type InitialisedWith = 'demo' | 'empty' | 'existing';

export interface Initialisation {
  at: string;
  with: InitialisedWith;
}

/** Inclusive id ranges, per table, of the rows a demo import created. */
export type IdRanges = Partial<Record<string, Array<[number, number]>>>;

export interface DemoImport {
  importedAt: string;
  rows: IdRanges;
}

/** Which format of the search index the stored rows are in, and when they were last rebuilt. */
export interface SearchIndexState {
  format: number;
  builtAt: string;
  documents: number;
}

async function readValue<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('instanceState').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

async function writeValue(db: DbOrTx, key: string, value: unknown): Promise<void> {
  const row = { key, value: JSON.stringify(value), updatedAt: new Date().toISOString() };
  await db
    .insertInto('instanceState')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updatedAt: row.updatedAt }))
    .execute();
}

export function findInitialisation(db: DbOrTx): Promise<Initialisation | undefined> {
  return readValue<Initialisation>(db, INITIALISED);
}

/** Records the first initialisation only: a later call leaves the first record as it was. */
export async function recordInitialisation(db: DbOrTx, value: Initialisation): Promise<void> {
  await db
    .insertInto('instanceState')
    .values({ key: INITIALISED, value: JSON.stringify(value), updatedAt: value.at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export function findDemoImport(db: DbOrTx): Promise<DemoImport | undefined> {
  return readValue<DemoImport>(db, DEMO);
}

export function saveDemoImport(db: DbOrTx, value: DemoImport): Promise<void> {
  return writeValue(db, DEMO, value);
}

/** The demo is gone: its import record goes, and when it was removed is kept. */
export async function recordDemoRemoval(db: DbOrTx, at: string): Promise<void> {
  await db.deleteFrom('instanceState').where('key', '=', DEMO).execute();
  await writeValue(db, DEMO_REMOVED, { at });
}

export function findSearchIndexState(db: DbOrTx): Promise<SearchIndexState | undefined> {
  return readValue<SearchIndexState>(db, SEARCH_INDEX);
}

export function saveSearchIndexState(db: DbOrTx, value: SearchIndexState): Promise<void> {
  return writeValue(db, SEARCH_INDEX, value);
}

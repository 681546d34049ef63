import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { VOCABULARY_SEED, type SeedTerm } from './vocabularies.data.js';
import { VOCABULARIES, type PlaceLevel, type PlacesTable, type Vocabulary, type VocabularyTermsTable } from './vocabularies.tables.js';

export type VocabularyTerm = Selectable<VocabularyTermsTable>;
export type Place = Selectable<PlacesTable>;

export const GAZETTEER_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gazetteer', 'provinces-districts-communes.json');

export function isVocabulary(value: unknown): value is Vocabulary {
  return typeof value === 'string' && (VOCABULARIES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Terms

/** A vocabulary's terms in display order (broader terms first, each followed by its narrower ones). */
export async function listTerms(
  db: DbOrTx,
  vocabulary: Vocabulary,
  options: { includeRetired?: boolean } = {},
): Promise<VocabularyTerm[]> {
  let query = db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', vocabulary);
  if (!options.includeRetired) query = query.where('active', '=', 1);
  const rows = await query.orderBy('position').orderBy('id').execute();
  return treeOrder(rows);
}

/** Every term of every vocabulary, retired ones included: for labelling stored records. */
export async function listAllTerms(db: DbOrTx): Promise<VocabularyTerm[]> {
  return db.selectFrom('vocabularyTerms').selectAll().orderBy('vocabulary').orderBy('position').orderBy('id').execute();
}

/** Orders a flat list so that each term follows its broader term; order within a level is kept. */
function treeOrder(rows: VocabularyTerm[]): VocabularyTerm[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number, VocabularyTerm[]>();
  const roots: VocabularyTerm[] = [];
  for (const row of rows) {
    if (row.parentId !== null && ids.has(row.parentId)) {
      const list = children.get(row.parentId) ?? [];
      list.push(row);
      children.set(row.parentId, list);
    } else roots.push(row);
  }
  const out: VocabularyTerm[] = [];
  const visit = (row: VocabularyTerm) => {
    out.push(row);
    for (const child of children.get(row.id) ?? []) visit(child);
  };
  roots.forEach(visit);
  return out;
}

export async function findTermByCode(db: DbOrTx, vocabulary: Vocabulary, code: string): Promise<VocabularyTerm | undefined> {
  return db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', vocabulary).where('code', '=', code).executeTakeFirst();
}

/** Each term's vocabulary and whether it is active: what the vocabularies' summary counts. */
export async function listTermStates(db: DbOrTx): Promise<Array<{ vocabulary: string; active: number }>> {
  return db.selectFrom('vocabularyTerms').select(['vocabulary', 'active']).execute();
}

export async function findTerm(db: DbOrTx, id: number): Promise<VocabularyTerm | undefined> {
  return db.selectFrom('vocabularyTerms').selectAll().where('id', '=', id).executeTakeFirst();
}

export function termLabel(term: Pick<VocabularyTerm, 'labelEn' | 'labelKm'>, locale: Locale): string {
  if (locale === 'km') return term.labelKm || term.labelEn;
  return term.labelEn || term.labelKm;
}

export function termDescription(term: Pick<VocabularyTerm, 'descriptionEn' | 'descriptionKm'>, locale: Locale): string | null {
  return (locale === 'km' ? term.descriptionKm || term.descriptionEn : term.descriptionEn || term.descriptionKm) ?? null;
}

export interface TermInput {
  code: string;
  parentId: number | null;
  position: number;
  labelEn: string;
  labelKm: string;
  descriptionEn: string | null;
  descriptionKm: string | null;
}

export async function createTerm(tx: DbOrTx, vocabulary: Vocabulary, input: TermInput, now = new Date().toISOString()): Promise<VocabularyTerm> {
  return tx
    .insertInto('vocabularyTerms')
    .values({ vocabulary, ...input, active: 1, createdAt: now, updatedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Labels, descriptions, position and broader term; the code of an existing term never changes. */
export async function updateTerm(
  tx: DbOrTx,
  id: number,
  input: Omit<TermInput, 'code'>,
  now = new Date().toISOString(),
): Promise<VocabularyTerm | undefined> {
  return tx.updateTable('vocabularyTerms').set({ ...input, updatedAt: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function setTermActive(tx: DbOrTx, id: number, active: boolean, now = new Date().toISOString()): Promise<VocabularyTerm | undefined> {
  return tx.updateTable('vocabularyTerms').set({ active: active ? 1 : 0, updatedAt: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * A foreign-key violation from either engine: a reference the usage count did not see (say, one
 * added by a concurrent transaction). The caller answers 409, as for a term in use.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === '23503') return true; // PostgreSQL: foreign_key_violation
  // SQLite reports ON DELETE RESTRICT as SQLITE_CONSTRAINT_TRIGGER, a deferred check as _FOREIGNKEY.
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY constraint failed/.test(error.message);
}

/** Deletes a term only when nothing refers to it; returns false (and deletes nothing) otherwise. */
export async function deleteTermIfUnused(tx: DbOrTx, id: number): Promise<boolean> {
  if ((await termUsage(tx, id)) > 0) return false;
  const result = await tx.deleteFrom('vocabularyTerms').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * How many records refer to a term: acts, rights, perpetrators, victims, sources, interventions,
 * fund requests, narrower terms, and the act types, perpetrator types and defender categories of
 * published alerts. Every foreign key to vocabulary_terms must be counted here.
 */
export async function termUsage(db: DbOrTx, id: number): Promise<number> {
  const counts = await Promise.all([
    db.selectFrom('hrdActs').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => eb.or([eb('actTypeId', '=', id), eb('verificationId', '=', id)])).executeTakeFirst(),
    db.selectFrom('hrdActRights').select((eb) => eb.fn.countAll<number>().as('n')).where('rightId', '=', id).executeTakeFirst(),
    db
      .selectFrom('hrdActPerpetrators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('perpetratorTypeId', '=', id), eb('involvementId', '=', id)]))
      .executeTakeFirst(),
    db.selectFrom('hrdVictims').select((eb) => eb.fn.countAll<number>().as('n')).where('hrdCategoryId', '=', id).executeTakeFirst(),
    db.selectFrom('hrdSources').select((eb) => eb.fn.countAll<number>().as('n')).where('reliabilityId', '=', id).executeTakeFirst(),
    db.selectFrom('hrdInterventions').select((eb) => eb.fn.countAll<number>().as('n')).where('typeId', '=', id).executeTakeFirst(),
    db.selectFrom('hrdFundRequests').select((eb) => eb.fn.countAll<number>().as('n')).where('typeId', '=', id).executeTakeFirst(),
    db.selectFrom('vocabularyTerms').select((eb) => eb.fn.countAll<number>().as('n')).where('parentId', '=', id).executeTakeFirst(),
    // Published alerts keep their own copy of the facts, so they can use a term no case uses any more.
    db.selectFrom('hrdAlertActTypes').select((eb) => eb.fn.countAll<number>().as('n')).where('actTypeId', '=', id).executeTakeFirst(),
    db.selectFrom('hrdAlertPerpetratorTypes').select((eb) => eb.fn.countAll<number>().as('n')).where('perpetratorTypeId', '=', id).executeTakeFirst(),
    db.selectFrom('hrdAlertVictims').select((eb) => eb.fn.countAll<number>().as('n')).where('hrdCategoryId', '=', id).executeTakeFirst(),
  ]);
  return counts.reduce((sum, row) => sum + Number(row?.n ?? 0), 0);
}

/** Records per term, for every term some record uses (the admin list shows them). */
export async function termUsageCounts(db: DbOrTx): Promise<Map<number, number>> {
  const count = sql<number>`count(*)`.as('n');
  const groups = await Promise.all([
    db.selectFrom('hrdActs').select(['actTypeId as id', count]).groupBy('actTypeId').execute(),
    db.selectFrom('hrdActs').select(['verificationId as id', count]).groupBy('verificationId').execute(),
    db.selectFrom('hrdActRights').select(['rightId as id', count]).groupBy('rightId').execute(),
    db.selectFrom('hrdActPerpetrators').select(['perpetratorTypeId as id', count]).groupBy('perpetratorTypeId').execute(),
    db.selectFrom('hrdActPerpetrators').select(['involvementId as id', count]).groupBy('involvementId').execute(),
    db.selectFrom('hrdVictims').select(['hrdCategoryId as id', count]).groupBy('hrdCategoryId').execute(),
    db.selectFrom('hrdSources').select(['reliabilityId as id', count]).groupBy('reliabilityId').execute(),
    db.selectFrom('hrdInterventions').select(['typeId as id', count]).groupBy('typeId').execute(),
    db.selectFrom('hrdFundRequests').select(['typeId as id', count]).groupBy('typeId').execute(),
    db.selectFrom('vocabularyTerms').select(['parentId as id', count]).groupBy('parentId').execute(),
    db.selectFrom('hrdAlertActTypes').select(['actTypeId as id', count]).groupBy('actTypeId').execute(),
    db.selectFrom('hrdAlertPerpetratorTypes').select(['perpetratorTypeId as id', count]).groupBy('perpetratorTypeId').execute(),
    db.selectFrom('hrdAlertVictims').select(['hrdCategoryId as id', count]).groupBy('hrdCategoryId').execute(),
  ]);
  const usage = new Map<number, number>();
  for (const rows of groups) {
    for (const row of rows as Array<{ id: number | null; n: unknown }>) {
      if (row.id === null) continue;
      usage.set(row.id, (usage.get(row.id) ?? 0) + Number(row.n));
    }
  }
  return usage;
}

// ---------------------------------------------------------------------------------------------
// Places

export async function listProvinces(db: DbOrTx): Promise<Place[]> {
  return db.selectFrom('places').selectAll().where('level', '=', 'province').orderBy('code').execute();
}

export async function listDistricts(db: DbOrTx, provinceId: number): Promise<Place[]> {
  return db.selectFrom('places').selectAll().where('level', '=', 'district').where('parentId', '=', provinceId).orderBy('code').execute();
}

export async function listCommunes(db: DbOrTx, districtId: number): Promise<Place[]> {
  return db.selectFrom('places').selectAll().where('level', '=', 'commune').where('parentId', '=', districtId).orderBy('code').execute();
}

export async function findPlace(db: DbOrTx, id: number): Promise<Place | undefined> {
  return db.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPlaces(db: DbOrTx, ids: readonly number[]): Promise<Place[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('places').selectAll().where('id', 'in', ids).execute();
}

/** The places directly below one place, whatever their level. */
export async function listChildPlaces(db: DbOrTx, parentId: number): Promise<Place[]> {
  return db.selectFrom('places').selectAll().where('parentId', '=', parentId).orderBy('code').execute();
}

/** Every place's code and English name, for exports that name places without the full rows. */
export async function listPlaceCodes(db: DbOrTx): Promise<Array<{ id: number; code: string; nameEn: string }>> {
  return db.selectFrom('places').select(['id', 'code', 'nameEn']).execute();
}

export async function countPlaces(db: DbOrTx): Promise<Record<PlaceLevel, number>> {
  const rows = await db.selectFrom('places').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
  const out: Record<PlaceLevel, number> = { province: 0, district: 0, commune: 0 };
  for (const row of rows) out[row.level] = Number(row.n);
  return out;
}

export function placeName(place: Pick<Place, 'nameEn' | 'nameKm'>, locale: Locale): string {
  if (locale === 'km') return place.nameKm || place.nameEn;
  return place.nameEn || place.nameKm;
}

export async function updatePlaceNames(tx: DbOrTx, id: number, names: { nameEn: string; nameKm: string }): Promise<Place | undefined> {
  return tx.updateTable('places').set(names).where('id', '=', id).returningAll().executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Reference data

interface GazetteerCommune {
  code: string;
  en: string;
  km: string;
}
interface GazetteerDistrict extends GazetteerCommune {
  communes: GazetteerCommune[];
}
interface GazetteerProvince extends GazetteerCommune {
  iso: string;
  districts: GazetteerDistrict[];
}

export function readGazetteer(file = GAZETTEER_FILE): GazetteerProvince[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GazetteerProvince[];
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 200;

async function insertPlaces(
  tx: DbOrTx,
  rows: { level: PlaceLevel; code: string; iso: string | null; parentId: number | null; nameEn: string; nameKm: string }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await tx.insertInto('places').values(rows.slice(i, i + BATCH)).returning(['id', 'code']).execute();
    for (const row of inserted) ids.set(row.code, row.id);
  }
  return ids;
}

async function loadGazetteer(tx: DbOrTx): Promise<void> {
  const provinces = readGazetteer();
  const provinceIds = await insertPlaces(
    tx,
    provinces.map((p) => ({ level: 'province', code: p.code, iso: p.iso, parentId: null, nameEn: p.en, nameKm: p.km })),
  );
  const districts = provinces.flatMap((p) =>
    p.districts.map((d) => ({ level: 'district' as const, code: d.code, iso: null, parentId: provinceIds.get(p.code)!, nameEn: d.en, nameKm: d.km })),
  );
  const districtIds = await insertPlaces(tx, districts);
  const communes = provinces.flatMap((p) =>
    p.districts.flatMap((d) =>
      d.communes.map((c) => ({ level: 'commune' as const, code: c.code, iso: null, parentId: districtIds.get(d.code)!, nameEn: c.en, nameKm: c.km })),
    ),
  );
  await insertPlaces(tx, communes);
}

async function loadVocabulary(tx: DbOrTx, vocabulary: Vocabulary, terms: SeedTerm[], now: string): Promise<void> {
  const row = (term: SeedTerm, parentId: number | null, position: number) => ({
    vocabulary,
    code: term.code,
    parentId,
    position,
    labelEn: term.en,
    labelKm: term.km,
    descriptionEn: term.descriptionEn ?? null,
    descriptionKm: term.descriptionKm ?? null,
    active: 1,
    createdAt: now,
    updatedAt: now,
  });
  let position = 0;
  for (const term of terms) {
    position += 10;
    const parent = await tx
      .insertInto('vocabularyTerms')
      .values(row(term, null, position))
      .returning('id')
      .executeTakeFirstOrThrow();
    const children = term.children ?? [];
    if (children.length === 0) continue;
    await tx
      .insertInto('vocabularyTerms')
      .values(
        children.map((child) => {
          position += 10;
          return row(child, parent.id, position);
        }),
      )
      .execute();
  }
}

/**
 * Loads the starting vocabularies and Cambodia's gazetteer where they are missing: a vocabulary
 * with no terms gets its seed terms, an empty places table gets the provinces, districts and
 * communes. Running it again changes nothing, so edits made by admins survive restarts.
 * Returns what was loaded (empty when nothing was).
 */
export async function ensureReferenceData(db: DbOrTx): Promise<string[]> {
  const loaded: string[] = [];
  const work = async (tx: DbOrTx) => {
    const now = new Date().toISOString();
    const present = new Set(
      (await tx.selectFrom('vocabularyTerms').select('vocabulary').distinct().execute()).map((r) => r.vocabulary as string),
    );
    for (const vocabulary of VOCABULARIES) {
      if (present.has(vocabulary)) continue;
      await loadVocabulary(tx, vocabulary, VOCABULARY_SEED[vocabulary], now);
      loaded.push(vocabulary);
    }
    const place = await tx.selectFrom('places').select('id').limit(1).executeTakeFirst();
    if (!place) {
      await loadGazetteer(tx);
      loaded.push('gazetteer');
    }
  };
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
  return loaded;
}

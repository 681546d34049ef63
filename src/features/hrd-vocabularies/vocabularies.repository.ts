import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { pickText, type LocalizedText } from '../../i18n/translation.js';
import { seedTermTexts, VOCABULARY_SEED, type SeedTerm } from './vocabularies.data.js';
import { VOCABULARIES, type PlaceLevel, type PlacesTable, type Vocabulary, type VocabularyTermsTable } from './vocabularies.tables.js';

/** A term with its label and description in each locale that has one. */
export type VocabularyTerm = Selectable<VocabularyTermsTable> & { labels: LocalizedText[]; descriptions: LocalizedText[] };
/** A place with its name in each locale that has one. */
export type Place = Selectable<PlacesTable> & { names: LocalizedText[] };

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
  return treeOrder(await withTermTexts(db, rows));
}

/** Every term of every vocabulary, retired ones included: for labelling stored records. */
export async function listAllTerms(db: DbOrTx): Promise<VocabularyTerm[]> {
  return withTermTexts(db, await db.selectFrom('vocabularyTerms').selectAll().orderBy('vocabulary').orderBy('position').orderBy('id').execute());
}

/** Terms with their translation rows, fetched in one query. */
async function withTermTexts(db: DbOrTx, rows: Selectable<VocabularyTermsTable>[]): Promise<VocabularyTerm[]> {
  if (rows.length === 0) return [];
  const texts = await db
    .selectFrom('vocabularyTermTranslations')
    .selectAll()
    .where('termId', 'in', rows.map((r) => r.id))
    .orderBy('locale')
    .execute();
  return rows.map((row) => {
    const own = texts.filter((t) => t.termId === row.id);
    return {
      ...row,
      labels: own.map((t) => ({ locale: t.locale, text: t.label })),
      descriptions: own.flatMap((t) => (t.description ? [{ locale: t.locale, text: t.description }] : [])),
    };
  });
}

async function withTermTextsOne(db: DbOrTx, row: Selectable<VocabularyTermsTable> | undefined): Promise<VocabularyTerm | undefined> {
  return row && (await withTermTexts(db, [row]))[0];
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
  return withTermTextsOne(db, await db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', vocabulary).where('code', '=', code).executeTakeFirst());
}

/** Each term's vocabulary and whether it is active: what the vocabularies' summary counts. */
export async function listTermStates(db: DbOrTx): Promise<Array<{ vocabulary: string; active: number }>> {
  return db.selectFrom('vocabularyTerms').select(['vocabulary', 'active']).execute();
}

export async function findTerm(db: DbOrTx, id: number): Promise<VocabularyTerm | undefined> {
  return withTermTextsOne(db, await db.selectFrom('vocabularyTerms').selectAll().where('id', '=', id).executeTakeFirst());
}

/** The term's label in the locale, with the shared fallback; its code when it has no label at all. */
export function termLabel(term: Pick<VocabularyTerm, 'labels' | 'code'>, locale: Locale, order?: readonly Locale[]): string {
  return pickText(term.labels, locale, order)?.value ?? term.code;
}

export function termDescription(term: Pick<VocabularyTerm, 'descriptions'>, locale: Locale, order?: readonly Locale[]): string | null {
  return pickText(term.descriptions, locale, order)?.value ?? null;
}

/** A term's label and description in one locale, as a form gives them. */
export interface TermText {
  locale: string;
  label: string;
  description: string | null;
}

export interface TermInput {
  code: string;
  parentId: number | null;
  position: number;
  /** One per locale the form edits; locales not listed keep their rows. */
  texts: TermText[];
}

export async function createTerm(tx: DbOrTx, vocabulary: Vocabulary, input: TermInput, now = new Date().toISOString()): Promise<VocabularyTerm> {
  const { texts, ...fields } = input;
  const row = await tx
    .insertInto('vocabularyTerms')
    .values({ vocabulary, ...fields, active: 1, createdAt: now, updatedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await saveTermTexts(tx, row.id, texts);
  return (await withTermTextsOne(tx, row))!;
}

/** Labels, descriptions, position and broader term; the code of an existing term never changes. */
export async function updateTerm(
  tx: DbOrTx,
  id: number,
  input: Omit<TermInput, 'code'>,
  now = new Date().toISOString(),
): Promise<VocabularyTerm | undefined> {
  const { texts, ...fields } = input;
  const row = await tx.updateTable('vocabularyTerms').set({ ...fields, updatedAt: now }).where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) return undefined;
  await saveTermTexts(tx, id, texts);
  return withTermTextsOne(tx, row);
}

/** Replaces the rows of the given locales; a locale with neither label nor description has none. */
async function saveTermTexts(tx: DbOrTx, termId: number, texts: readonly TermText[]): Promise<void> {
  if (texts.length === 0) return;
  await tx.deleteFrom('vocabularyTermTranslations').where('termId', '=', termId).where('locale', 'in', texts.map((t) => t.locale)).execute();
  const rows = texts.filter((t) => t.label || t.description).map((t) => ({ termId, locale: t.locale, label: t.label, description: t.description || null }));
  if (rows.length) await tx.insertInto('vocabularyTermTranslations').values(rows).execute();
}

export async function setTermActive(tx: DbOrTx, id: number, active: boolean, now = new Date().toISOString()): Promise<VocabularyTerm | undefined> {
  return withTermTextsOne(tx, await tx.updateTable('vocabularyTerms').set({ active: active ? 1 : 0, updatedAt: now }).where('id', '=', id).returningAll().executeTakeFirst());
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

/** Places with their names, fetched in one more query. */
async function withPlaceNames(db: DbOrTx, rows: Selectable<PlacesTable>[]): Promise<Place[]> {
  if (rows.length === 0) return [];
  const names = await placeNamesOf(db, rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, names: names.get(row.id) ?? [] }));
}

/** Each place's names by place id (ids of any number: queried in slices). */
export async function placeNamesOf(db: DbOrTx, ids: readonly number[]): Promise<Map<number, LocalizedText[]>> {
  const out = new Map<number, LocalizedText[]>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db
      .selectFrom('placeTranslations')
      .select(['placeId', 'locale', 'name'])
      .where('placeId', 'in', ids.slice(i, i + BATCH))
      .orderBy('locale')
      .execute();
    for (const row of rows) out.set(row.placeId, [...(out.get(row.placeId) ?? []), { locale: row.locale, text: row.name }]);
  }
  return out;
}

/** Each term's labels by term id, for records that keep only the ids. */
export async function termLabelsOf(db: DbOrTx, ids: readonly number[]): Promise<Map<number, LocalizedText[]>> {
  const out = new Map<number, LocalizedText[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('vocabularyTermTranslations').select(['termId', 'locale', 'label']).where('termId', 'in', [...ids]).orderBy('locale').execute();
  for (const row of rows) out.set(row.termId, [...(out.get(row.termId) ?? []), { locale: row.locale, text: row.label }]);
  return out;
}

export async function listProvinces(db: DbOrTx): Promise<Place[]> {
  return withPlaceNames(db, await db.selectFrom('places').selectAll().where('level', '=', 'province').orderBy('code').execute());
}

export async function listDistricts(db: DbOrTx, provinceId: number): Promise<Place[]> {
  return withPlaceNames(db, await db.selectFrom('places').selectAll().where('level', '=', 'district').where('parentId', '=', provinceId).orderBy('code').execute());
}

export async function listCommunes(db: DbOrTx, districtId: number): Promise<Place[]> {
  return withPlaceNames(db, await db.selectFrom('places').selectAll().where('level', '=', 'commune').where('parentId', '=', districtId).orderBy('code').execute());
}

export async function findPlace(db: DbOrTx, id: number): Promise<Place | undefined> {
  const row = await db.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await withPlaceNames(db, [row]))[0];
}

export async function findPlaces(db: DbOrTx, ids: readonly number[]): Promise<Place[]> {
  if (ids.length === 0) return [];
  return withPlaceNames(db, await db.selectFrom('places').selectAll().where('id', 'in', ids).execute());
}

/** The places directly below one place, whatever their level. */
export async function listChildPlaces(db: DbOrTx, parentId: number): Promise<Place[]> {
  return withPlaceNames(db, await db.selectFrom('places').selectAll().where('parentId', '=', parentId).orderBy('code').execute());
}

/** Every place's code and name in one locale (with fallback), for exports that name places without the full rows. */
export async function listPlaceCodes(db: DbOrTx, locale: Locale): Promise<Array<{ id: number; code: string; name: string }>> {
  const rows = await db.selectFrom('places').select(['id', 'code']).execute();
  const names = await placeNamesOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, name: placeName({ names: names.get(r.id) ?? [], code: r.code }, locale) }));
}

export async function countPlaces(db: DbOrTx): Promise<Record<PlaceLevel, number>> {
  const rows = await db.selectFrom('places').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
  const out: Record<PlaceLevel, number> = { province: 0, district: 0, commune: 0 };
  for (const row of rows) out[row.level] = Number(row.n);
  return out;
}

/** The place's name in the locale, with the shared fallback; its code when it has no name at all. */
export function placeName(place: Pick<Place, 'names' | 'code'>, locale: Locale, order?: readonly Locale[]): string {
  return pickText(place.names, locale, order)?.value ?? place.code;
}

/** Replaces the names of the given locales; an empty name removes that locale's row. */
export async function updatePlaceNames(tx: DbOrTx, id: number, names: readonly LocalizedText[]): Promise<Place | undefined> {
  const place = await findPlace(tx, id);
  if (!place || names.length === 0) return place;
  await tx.deleteFrom('placeTranslations').where('placeId', '=', id).where('locale', 'in', names.map((n) => n.locale)).execute();
  const rows = names.filter((n) => n.text).map((n) => ({ placeId: id, locale: n.locale, name: n.text }));
  if (rows.length) await tx.insertInto('placeTranslations').values(rows).execute();
  return findPlace(tx, id);
}

// ---------------------------------------------------------------------------------------------
// Reference data

/** The languages the gazetteer file names places in. */
const GAZETTEER_LANGUAGES = ['en', 'km'] as const;

type GazetteerCommune = { code: string } & Record<(typeof GAZETTEER_LANGUAGES)[number], string>;
type GazetteerDistrict = GazetteerCommune & { communes: GazetteerCommune[] };
type GazetteerProvince = GazetteerCommune & { iso: string; districts: GazetteerDistrict[] };

export function readGazetteer(file = GAZETTEER_FILE): GazetteerProvince[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GazetteerProvince[];
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 200;

/** The gazetteer file's names, one per language it gives. */
function gazetteerNames(entry: GazetteerCommune): LocalizedText[] {
  return GAZETTEER_LANGUAGES.map((locale) => ({ locale, text: entry[locale] })).filter((n) => n.text);
}

async function insertPlaces(
  tx: DbOrTx,
  rows: { level: PlaceLevel; code: string; iso: string | null; parentId: number | null; names: LocalizedText[] }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const inserted = await tx
      .insertInto('places')
      .values(slice.map(({ names: _names, ...place }) => place))
      .returning(['id', 'code'])
      .execute();
    for (const row of inserted) ids.set(row.code, row.id);
    const names = slice.flatMap((p) => p.names.map((n) => ({ placeId: ids.get(p.code)!, locale: n.locale, name: n.text })));
    // Two or three names per place: the rows go in smaller slices than the places.
    for (let j = 0; j < names.length; j += BATCH) await tx.insertInto('placeTranslations').values(names.slice(j, j + BATCH)).execute();
  }
  return ids;
}

async function loadGazetteer(tx: DbOrTx): Promise<void> {
  const provinces = readGazetteer();
  const provinceIds = await insertPlaces(
    tx,
    provinces.map((p) => ({ level: 'province', code: p.code, iso: p.iso, parentId: null, names: gazetteerNames(p) })),
  );
  const districts = provinces.flatMap((p) =>
    p.districts.map((d) => ({ level: 'district' as const, code: d.code, iso: null, parentId: provinceIds.get(p.code)!, names: gazetteerNames(d) })),
  );
  const districtIds = await insertPlaces(tx, districts);
  const communes = provinces.flatMap((p) =>
    p.districts.flatMap((d) =>
      d.communes.map((c) => ({ level: 'commune' as const, code: c.code, iso: null, parentId: districtIds.get(d.code)!, names: gazetteerNames(c) })),
    ),
  );
  await insertPlaces(tx, communes);
}

async function loadVocabulary(tx: DbOrTx, vocabulary: Vocabulary, terms: SeedTerm[], now: string): Promise<void> {
  let position = 0;
  const insert = async (term: SeedTerm, parentId: number | null) => {
    position += 10;
    const row = await tx
      .insertInto('vocabularyTerms')
      .values({ vocabulary, code: term.code, parentId, position, active: 1, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await saveTermTexts(tx, row.id, seedTermTexts(term));
    return row.id;
  };
  for (const term of terms) {
    const parentId = await insert(term, null);
    for (const child of term.children ?? []) await insert(child, parentId);
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

import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';
import { SOURCE_LOCALE } from '../../i18n/locales.js';
import { groupByItem, pickText, type LocalizedText } from '../../i18n/translation.js';
import type { CaseStatus, DateAccuracy } from '../hrd-cases/cases.tables.js';
import { placeNamesOf, termLabelsOf } from '../hrd-vocabularies/vocabularies.repository.js';
import type { AlertStatus, HrdAlertVictimsTable } from './alerts.tables.js';

/*
 * Reads and writes of public alerts. Every read here touches only the alert tables and the
 * vocabularies (terms and places): never a case table, never the vault.
 */

export interface AlertText {
  locale: string;
  title: string;
  summary: string;
}

export type PublicVictim = Omit<HrdAlertVictimsTable, 'id' | 'alertId' | 'position'>;

/** The public facts of an alert, as the monitor chose them. */
export interface AlertFacts {
  caseStatus: CaseStatus;
  provinceId: number | null;
  districtId: number | null;
  victims: PublicVictim[];
  dates: Array<{ occurredOn: string; dateAccuracy: DateAccuracy }>;
  actTypeIds: number[];
  perpetratorTypeIds: number[];
}

export interface UpdateText {
  locale: string;
  title: string;
  body: string;
}

export async function isAlertSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  return (await db.selectFrom('hrdAlerts').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** The alert a publish form with this one-time key already published, if any. */
export async function findAlertBySubmissionKey(db: DbOrTx, submissionKey: string): Promise<{ id: number; slug: string } | undefined> {
  return db.selectFrom('hrdAlerts').select(['id', 'slug']).where('submissionKey', '=', submissionKey).executeTakeFirst();
}

async function insertFacts(tx: DbOrTx, alertId: number, facts: AlertFacts): Promise<void> {
  if (facts.victims.length) {
    await tx
      .insertInto('hrdAlertVictims')
      .values(facts.victims.map((v, position) => ({ ...v, alertId, position })))
      .execute();
  }
  if (facts.dates.length) await tx.insertInto('hrdAlertDates').values(facts.dates.map((d) => ({ ...d, alertId }))).execute();
  const unique = (ids: number[]) => [...new Set(ids)];
  if (facts.actTypeIds.length) {
    await tx.insertInto('hrdAlertActTypes').values(unique(facts.actTypeIds).map((actTypeId) => ({ alertId, actTypeId }))).execute();
  }
  if (facts.perpetratorTypeIds.length) {
    await tx
      .insertInto('hrdAlertPerpetratorTypes')
      .values(unique(facts.perpetratorTypeIds).map((perpetratorTypeId) => ({ alertId, perpetratorTypeId })))
      .execute();
  }
}

/** A published alert with its texts and facts; returns its id. */
export async function insertAlert(
  tx: DbOrTx,
  input: { slug: string; caseId: number | null; createdBy: number | null; now: string; facts: AlertFacts; texts: AlertText[]; submissionKey?: string | null },
): Promise<number> {
  const { facts } = input;
  const row = await tx
    .insertInto('hrdAlerts')
    .values({
      slug: input.slug,
      status: 'published',
      publishedAt: input.now,
      caseId: input.caseId,
      caseStatus: facts.caseStatus,
      provinceId: facts.provinceId,
      districtId: facts.districtId,
      withdrawnAt: null,
      createdBy: input.createdBy,
      submissionKey: input.submissionKey ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('hrdAlertTranslations').values(input.texts.map((t) => ({ ...t, itemId: row.id }))).execute();
  await insertFacts(tx, row.id, facts);
  return row.id;
}

/** Replaces the texts and the public status (the facts chosen at publication stay). */
export async function updateAlertTexts(tx: DbOrTx, id: number, input: { caseStatus: CaseStatus; texts: AlertText[]; now: string }): Promise<void> {
  await tx
    .updateTable('hrdAlerts')
    .set((eb) => ({ caseStatus: input.caseStatus, updatedAt: input.now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  await tx.deleteFrom('hrdAlertTranslations').where('itemId', '=', id).execute();
  await tx.insertInto('hrdAlertTranslations').values(input.texts.map((t) => ({ ...t, itemId: id }))).execute();
}

/**
 * Appends a dated update; returns its id and its number in the alert's timeline. The alert row is
 * written first, so a concurrent update of the same alert waits for this one to commit (a row
 * lock on PostgreSQL; SQLite runs one writer at a time) and then reads the new highest number.
 */
export async function insertAlertUpdate(
  tx: DbOrTx,
  alertId: number,
  input: { occurredOn: string; texts: UpdateText[]; createdBy: number | null; now: string },
): Promise<{ id: number; number: number }> {
  await tx
    .updateTable('hrdAlerts')
    .set((eb) => ({ updatedAt: input.now, version: eb('version', '+', 1) }))
    .where('id', '=', alertId)
    .execute();
  const last = await tx
    .selectFrom('hrdAlertUpdates')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('alertId', '=', alertId)
    .executeTakeFirst();
  const number = Number(last?.last ?? 0) + 1;
  const row = await tx
    .insertInto('hrdAlertUpdates')
    .values({ alertId, number, occurredOn: input.occurredOn, createdBy: input.createdBy, createdAt: input.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('hrdAlertUpdateTranslations').values(input.texts.map((t) => ({ ...t, itemId: row.id }))).execute();
  return { id: row.id, number };
}

export async function withdrawAlertRow(tx: DbOrTx, id: number, now: string): Promise<void> {
  await tx
    .updateTable('hrdAlerts')
    .set((eb) => ({ status: 'withdrawn' as AlertStatus, withdrawnAt: now, updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- reads

/** A place or term with its name in each locale that has one. */
export interface LabelRow {
  id: number;
  names: LocalizedText[];
}

/** Names of places and terms in every language, by id. */
export async function labelsOf(db: DbOrTx, placeIds: number[], termIds: number[]): Promise<{ places: Map<number, LabelRow>; terms: Map<number, LabelRow> }> {
  const [places, terms] = await Promise.all([placeNamesOf(db, [...new Set(placeIds)]), termLabelsOf(db, [...new Set(termIds)])]);
  const rows = (names: Map<number, LocalizedText[]>) => new Map([...names].map(([id, list]) => [id, { id, names: list }]));
  return { places: rows(places), terms: rows(terms) };
}

/** Orders labels by their source-language text, so lists keep one order in every language. */
export const labelOrder = (a: LabelRow, b: LabelRow) => (pickText(a.names, SOURCE_LOCALE)?.value ?? '').localeCompare(pickText(b.names, SOURCE_LOCALE)?.value ?? '');

export interface AlertRecord {
  id: number;
  slug: string;
  status: AlertStatus;
  publishedAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  licence: string;
  caseId: number | null;
  caseStatus: CaseStatus;
  province: LabelRow | null;
  district: LabelRow | null;
  translations: AlertText[];
  victims: Array<PublicVictim & { hrdCategory: LabelRow | null }>;
  dates: Array<{ occurredOn: string; dateAccuracy: DateAccuracy }>;
  actTypes: LabelRow[];
  perpetratorTypes: LabelRow[];
  updates: Array<{ id: number; number: number; occurredOn: string; createdAt: string; translations: UpdateText[] }>;
}

const ALERT_COLUMNS = ['id', 'slug', 'status', 'publishedAt', 'updatedAt', 'withdrawnAt', 'licence', 'caseId', 'caseStatus', 'provinceId', 'districtId'] as const;

type AlertRow = {
  id: number;
  slug: string;
  status: AlertStatus;
  publishedAt: string | null;
  updatedAt: string;
  withdrawnAt: string | null;
  licence: string;
  caseId: number | null;
  caseStatus: CaseStatus;
  provinceId: number | null;
  districtId: number | null;
};

/** Alerts with every public detail, in a fixed number of queries however many there are. */
async function assembleAlerts(db: DbOrTx, rows: AlertRow[], withUpdates: boolean): Promise<AlertRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [translations, victims, dates, acts, perpetrators, updates] = await Promise.all([
    db.selectFrom('hrdAlertTranslations').select(['itemId', 'locale', 'title', 'summary']).where('itemId', 'in', ids).execute(),
    db.selectFrom('hrdAlertVictims').selectAll().where('alertId', 'in', ids).orderBy('position').execute(),
    db.selectFrom('hrdAlertDates').selectAll().where('alertId', 'in', ids).orderBy('occurredOn').orderBy('id').execute(),
    db.selectFrom('hrdAlertActTypes').selectAll().where('alertId', 'in', ids).execute(),
    db.selectFrom('hrdAlertPerpetratorTypes').selectAll().where('alertId', 'in', ids).execute(),
    withUpdates ? db.selectFrom('hrdAlertUpdates').selectAll().where('alertId', 'in', ids).orderBy('number').execute() : [],
  ]);
  const updateTexts = updates.length
    ? groupByItem(await db.selectFrom('hrdAlertUpdateTranslations').selectAll().where('itemId', 'in', updates.map((u) => u.id)).execute())
    : new Map<number, UpdateText[]>();
  const { places, terms } = await labelsOf(
    db,
    rows.flatMap((r) => [r.provinceId, r.districtId].filter((x): x is number => x !== null)),
    [...acts.map((a) => a.actTypeId), ...perpetrators.map((p) => p.perpetratorTypeId), ...victims.flatMap((v) => (v.hrdCategoryId ? [v.hrdCategoryId] : []))],
  );
  const texts = groupByItem(translations);
  return rows.map((r) => ({
    ...r,
    publishedAt: r.publishedAt ?? r.updatedAt,
    province: r.provinceId === null ? null : (places.get(r.provinceId) ?? null),
    district: r.districtId === null ? null : (places.get(r.districtId) ?? null),
    translations: (texts.get(r.id) ?? []).map(({ locale, title, summary }) => ({ locale, title, summary })),
    victims: victims
      .filter((v) => v.alertId === r.id)
      .map(({ id: _id, alertId: _a, position: _p, ...v }) => ({ ...v, hrdCategory: v.hrdCategoryId ? (terms.get(v.hrdCategoryId) ?? null) : null })),
    dates: dates.filter((d) => d.alertId === r.id).map(({ occurredOn, dateAccuracy }) => ({ occurredOn, dateAccuracy })),
    actTypes: acts.filter((a) => a.alertId === r.id).flatMap((a) => terms.get(a.actTypeId) ?? []).sort(labelOrder),
    perpetratorTypes: perpetrators.filter((p) => p.alertId === r.id).flatMap((p) => terms.get(p.perpetratorTypeId) ?? []).sort(labelOrder),
    updates: updates
      .filter((u) => u.alertId === r.id)
      .map((u) => ({ id: u.id, number: u.number, occurredOn: u.occurredOn, createdAt: u.createdAt, translations: updateTexts.get(u.id) ?? [] })),
  }));
}

const nowIso = () => new Date().toISOString();

export interface AlertListFilter {
  year?: number;
  provinceId?: number;
}

/** Published alerts, narrowed by the year they were published and their province. */
function selectPublicAlerts(db: DbOrTx, filter: AlertListFilter, now: string) {
  return db
    .selectFrom('hrdAlerts')
    .where('status', '=', 'published')
    .where('publishedAt', '<=', now)
    .$if(filter.year !== undefined, (q) =>
      q.where('publishedAt', '>=', `${filter.year}-01-01`).where('publishedAt', '<', `${filter.year! + 1}-01-01`),
    )
    .$if(filter.provinceId !== undefined, (q) => q.where('provinceId', '=', filter.provinceId!));
}

/** One page of public alerts, newest first, and how many match in all. */
export async function listPublicAlerts(
  db: DbOrTx,
  request: AlertListFilter & { page: number; pageSize: number },
  now = nowIso(),
): Promise<{ items: AlertRecord[]; total: number }> {
  const { page, pageSize, ...filter } = request;
  const counted = await selectPublicAlerts(db, filter, now)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  const offset = (page - 1) * pageSize;
  if (offset >= total) return { items: [], total };
  const rows = await selectPublicAlerts(db, filter, now)
    .select(ALERT_COLUMNS)
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset(offset)
    .execute();
  return { items: await assembleAlerts(db, rows, false), total };
}

/** What an alert's card shows: no victims, perpetrators or updates. */
export type AlertCardRecord = Pick<AlertRecord, 'slug' | 'publishedAt' | 'updatedAt' | 'caseStatus' | 'province' | 'district' | 'translations' | 'actTypes' | 'dates'>;

/**
 * The newest public alerts as card-sized rows, unexecuted, so that a page can load them with its
 * other lists in one statement: each with its texts, its place's names, its act types' labels
 * and its dates as JSON arrays (read the rows with `toAlertCardRecord`).
 */
export function latestAlertCardsQuery(db: DbOrTx, limit: number, now = nowIso()) {
  return selectPublicAlerts(db, {}, now)
    .select((eb) => [
      'hrdAlerts.id',
      'hrdAlerts.slug',
      'hrdAlerts.publishedAt',
      'hrdAlerts.updatedAt',
      'hrdAlerts.caseStatus',
      'hrdAlerts.provinceId',
      'hrdAlerts.districtId',
      jsonArrayFrom(
        db,
        eb.selectFrom('hrdAlertTranslations as at').select(['at.locale', 'at.title', 'at.summary']).whereRef('at.itemId', '=', 'hrdAlerts.id'),
      ).as('translations'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('placeTranslations as pl')
          .select(['pl.placeId', 'pl.locale', 'pl.name'])
          .where((w) => w.or([w('pl.placeId', '=', w.ref('hrdAlerts.provinceId')), w('pl.placeId', '=', w.ref('hrdAlerts.districtId'))]))
          .orderBy('pl.locale'),
      ).as('placeNames'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('hrdAlertActTypes as aa')
          .innerJoin('vocabularyTermTranslations as tl', 'tl.termId', 'aa.actTypeId')
          .select(['aa.actTypeId', 'tl.locale', 'tl.label'])
          .whereRef('aa.alertId', '=', 'hrdAlerts.id')
          .orderBy('tl.locale'),
      ).as('actTypeLabels'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('hrdAlertDates as ad')
          .select(['ad.occurredOn', 'ad.dateAccuracy'])
          .whereRef('ad.alertId', '=', 'hrdAlerts.id')
          .orderBy('ad.occurredOn')
          .orderBy('ad.id'),
      ).as('dates'),
    ])
    .orderBy('hrdAlerts.publishedAt', 'desc')
    .orderBy('hrdAlerts.id', 'desc')
    .limit(limit);
}

type AlertCardJsonRow = Pick<AlertRow, 'id' | 'slug' | 'publishedAt' | 'updatedAt' | 'caseStatus' | 'provinceId' | 'districtId'> & {
  translations: AlertText[] | string;
  placeNames: Array<{ placeId: number; locale: string; name: string }> | string;
  actTypeLabels: Array<{ actTypeId: number; locale: string; label: string }> | string;
  dates: Array<{ occurredOn: string; dateAccuracy: DateAccuracy }> | string;
};

/** Names by id, each id's names in the order the rows came (by locale). */
function labelRows<R>(rows: readonly R[], idOf: (row: R) => number, textOf: (row: R) => LocalizedText): Map<number, LabelRow> {
  const out = new Map<number, LabelRow>();
  for (const row of rows) {
    const id = idOf(row);
    const label = out.get(id) ?? { id, names: [] };
    label.names.push(textOf(row));
    out.set(id, label);
  }
  return out;
}

/** A row of `latestAlertCardsQuery` (or a JSON array of them), as a card's record. */
export function toAlertCardRecord(row: AlertCardJsonRow): AlertCardRecord {
  const places = labelRows(fromJson(row.placeNames), (p) => p.placeId, (p) => ({ locale: p.locale, text: p.name }));
  const acts = labelRows(fromJson(row.actTypeLabels), (a) => a.actTypeId, (a) => ({ locale: a.locale, text: a.label }));
  return {
    slug: row.slug,
    publishedAt: row.publishedAt ?? row.updatedAt,
    updatedAt: row.updatedAt,
    caseStatus: row.caseStatus,
    province: row.provinceId === null ? null : (places.get(row.provinceId) ?? null),
    district: row.districtId === null ? null : (places.get(row.districtId) ?? null),
    translations: fromJson(row.translations).map(({ locale, title, summary }) => ({ locale, title, summary })),
    actTypes: [...acts.values()].sort(labelOrder),
    dates: fromJson(row.dates).map(({ occurredOn, dateAccuracy }) => ({ occurredOn, dateAccuracy })),
  };
}

/** The years with public alerts and the provinces public alerts name, for the list's filters. */
export async function listAlertFilterOptions(db: DbOrTx, now = nowIso()): Promise<{ years: number[]; provinces: LabelRow[] }> {
  const [years, provinces] = await Promise.all([
    selectPublicAlerts(db, {}, now)
      .select(sql<string>`substr(published_at, 1, 4)`.as('year'))
      .distinct()
      .execute(),
    selectPublicAlerts(db, {}, now).innerJoin('places', 'places.id', 'hrdAlerts.provinceId').select('places.id').distinct().execute(),
  ]);
  const { places } = await labelsOf(db, provinces.map((p) => p.id), []);
  return {
    years: years.map((y) => Number(y.year)).filter(Number.isInteger).sort((a, b) => b - a),
    provinces: provinces.map((p) => places.get(p.id) ?? { id: p.id, names: [] }).sort(labelOrder),
  };
}

/**
 * The alert at this address: its full public record when published; only its status and
 * withdrawal date when withdrawn (a withdrawn alert's text is never read again for the public).
 */
export async function findAlertForPublicBySlug(
  db: DbOrTx,
  slug: string,
  now = nowIso(),
): Promise<{ status: 'published'; alert: AlertRecord } | { status: 'withdrawn' } | undefined> {
  const row = await db.selectFrom('hrdAlerts').select(ALERT_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  if (!row || row.publishedAt === null) return undefined;
  if (row.status === 'withdrawn') return { status: 'withdrawn' };
  if (row.publishedAt > now) return undefined;
  const [alert] = await assembleAlerts(db, [row], true);
  return { status: 'published', alert: alert! };
}

/** Any alert, whatever its status, for the admin. */
export async function findAlertById(db: DbOrTx, id: number): Promise<AlertRecord | undefined> {
  const row = await db.selectFrom('hrdAlerts').select(ALERT_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await assembleAlerts(db, [row], true))[0];
}

/** Every alert for the admin list, newest first. */
export async function listAlertsForAdmin(db: DbOrTx, limit = 500): Promise<AlertRecord[]> {
  const rows = await db.selectFrom('hrdAlerts').select(ALERT_COLUMNS).orderBy('publishedAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return assembleAlerts(db, rows, false);
}

/** Alerts published from one case (the case page lists them). */
export async function listAlertsOfCase(db: DbOrTx, caseId: number): Promise<Array<{ id: number; slug: string; status: AlertStatus }>> {
  return db.selectFrom('hrdAlerts').select(['id', 'slug', 'status']).where('caseId', '=', caseId).orderBy('id').execute();
}

/** A case's id from its reference, for the admin's "publish from case" box. */
export async function findCaseIdByReference(db: DbOrTx, reference: string): Promise<number | undefined> {
  return (await db.selectFrom('hrdCases').select('id').where('reference', '=', reference).executeTakeFirst())?.id;
}

/** The latest alerts in a few words each (title per language, status, date), for the staff dashboard. */
export async function listRecentAlertHeadlines(
  db: DbOrTx,
  limit: number,
): Promise<Array<{ id: number; status: AlertStatus; publishedAt: string | null; titles: Record<string, string> }>> {
  const rows = await db.selectFrom('hrdAlerts').select(['id', 'status', 'publishedAt']).orderBy('publishedAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
  if (rows.length === 0) return [];
  const texts = await db.selectFrom('hrdAlertTranslations').select(['itemId', 'locale', 'title']).where('itemId', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => ({
    ...r,
    titles: Object.fromEntries(texts.filter((x) => x.itemId === r.id).map((x) => [x.locale, x.title])),
  }));
}

import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { listAllTerms, listProvinces, type Place, type VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import { STATUS_CHOICES, type FilterKey, type PortalQuery } from './statistics.schema.js';

/*
 * Aggregate counts of acts for the public portal. Every query here reads only plain columns
 * (dates, provinces, vocabulary terms): no sealed column is selected, and the vault is never
 * involved. The unit counted is the act: one act (arrest, threat, assault…) against one victim in
 * one event, as in the HURIDOCS events model.
 */

export interface ResolvedFilters {
  fromDate?: string;
  toDate?: string;
  verificationIds: number[];
  actTypeIds?: number[];
  rightId?: number;
  perpetratorTypeId?: number;
  provinceId?: number;
}

export interface ReferenceData {
  terms: VocabularyTerm[];
  provinces: Place[];
}

export async function loadReferenceData(db: DbOrTx): Promise<ReferenceData> {
  const [terms, provinces] = await Promise.all([listAllTerms(db), listProvinces(db)]);
  return { terms, provinces };
}

/** Turns codes into ids; a code that names nothing is an error of its field. */
export function resolveFilters(query: PortalQuery, ref: ReferenceData): { ok: true; filters: ResolvedFilters } | { ok: false; errors: FilterKey[] } {
  const errors: FilterKey[] = [];
  const term = (vocabulary: string, code: string | undefined, key: FilterKey) => {
    if (code === undefined) return undefined;
    const found = ref.terms.find((t) => t.vocabulary === vocabulary && t.code === code);
    if (!found) errors.push(key);
    return found;
  };
  const act = term('act_type', query.act, 'act');
  const right = term('right', query.right, 'right');
  const perpetrator = term('perpetrator_type', query.perpetrator, 'perpetrator');
  const province = query.province === undefined ? undefined : ref.provinces.find((p) => p.code === query.province);
  if (query.province !== undefined && !province) errors.push('province');
  const verificationCodes: readonly string[] = STATUS_CHOICES[query.status ?? 'default'];
  const verificationIds = ref.terms.filter((t) => t.vocabulary === 'verification' && verificationCodes.includes(t.code)).map((t) => t.id);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    filters: {
      ...(query.from !== undefined ? { fromDate: `${query.from}-01-01` } : {}),
      ...(query.to !== undefined ? { toDate: `${query.to}-12-31` } : {}),
      verificationIds,
      // A broader act type stands for itself and its narrower terms.
      ...(act ? { actTypeIds: [act.id, ...ref.terms.filter((t) => t.parentId === act.id).map((t) => t.id)] } : {}),
      ...(right ? { rightId: right.id } : {}),
      ...(perpetrator ? { perpetratorTypeId: perpetrator.id } : {}),
      ...(province ? { provinceId: province.id } : {}),
    },
  };
}

type ActQuery = SelectQueryBuilder<Database, 'hrdActs' | 'hrdEvents' | 'hrdVictims', object>;

/** Acts joined to their event and victim, narrowed by the filters. */
function filteredActs(db: DbOrTx, f: ResolvedFilters): ActQuery {
  let q = db
    .selectFrom('hrdActs')
    .innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId')
    .innerJoin('hrdVictims', 'hrdVictims.id', 'hrdActs.victimId');
  // No verification level chosen matches nothing (never everything).
  q = q.where('hrdActs.verificationId', 'in', f.verificationIds.length ? f.verificationIds : [-1]);
  if (f.fromDate) q = q.where('hrdEvents.occurredOn', '>=', f.fromDate);
  if (f.toDate) q = q.where('hrdEvents.occurredOn', '<=', f.toDate);
  if (f.actTypeIds) q = q.where('hrdActs.actTypeId', 'in', f.actTypeIds);
  if (f.provinceId !== undefined) q = q.where('hrdEvents.provinceId', '=', f.provinceId);
  if (f.rightId !== undefined) {
    const rightId = f.rightId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('hrdActRights').select('hrdActRights.actId').whereRef('hrdActRights.actId', '=', 'hrdActs.id').where('hrdActRights.rightId', '=', rightId)),
    );
  }
  if (f.perpetratorTypeId !== undefined) {
    const typeId = f.perpetratorTypeId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('hrdActPerpetrators')
          .select('hrdActPerpetrators.actId')
          .whereRef('hrdActPerpetrators.actId', '=', 'hrdActs.id')
          .where('hrdActPerpetrators.perpetratorTypeId', '=', typeId),
      ),
    );
  }
  return q;
}

/** A count keyed by a term id, a province id or a year; null: not recorded. */
export interface CountRow<K> {
  key: K;
  count: number;
}

export interface RawStatistics {
  acts: number;
  cases: number;
  byYear: CountRow<number>[];
  byActType: CountRow<number>[];
  byPerpetratorType: CountRow<number>[];
  byHrdCategory: CountRow<number | null>[];
  byProvince: CountRow<number | null>[];
}

const n = (value: unknown) => Number(value ?? 0);

export async function countActs(db: DbOrTx, f: ResolvedFilters): Promise<RawStatistics> {
  const year = sql<string>`substr(${sql.ref('hrdEvents.occurredOn')}, 1, 4)`;
  const [totals, byYear, byActType, byPerpetratorType, byHrdCategory, byProvince] = await Promise.all([
    filteredActs(db, f)
      .select((eb) => [eb.fn.countAll<number>().as('acts'), eb.fn.count<number>('hrdEvents.caseId').distinct().as('cases')])
      .executeTakeFirst(),
    filteredActs(db, f).select([year.as('year'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy(year).execute(),
    filteredActs(db, f).select(['hrdActs.actTypeId as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('hrdActs.actTypeId').execute(),
    // An act may have several kinds of perpetrator: each kind counts the act once.
    filteredActs(db, f)
      .innerJoin('hrdActPerpetrators', 'hrdActPerpetrators.actId', 'hrdActs.id')
      .select(['hrdActPerpetrators.perpetratorTypeId as key', (eb) => eb.fn.count<number>('hrdActs.id').distinct().as('n')])
      .groupBy('hrdActPerpetrators.perpetratorTypeId')
      .execute(),
    filteredActs(db, f).select(['hrdVictims.hrdCategoryId as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('hrdVictims.hrdCategoryId').execute(),
    filteredActs(db, f).select(['hrdEvents.provinceId as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('hrdEvents.provinceId').execute(),
  ]);
  return {
    acts: n(totals?.acts),
    cases: n(totals?.cases),
    byYear: byYear.map((r) => ({ key: Number(r.year), count: n(r.n) })),
    byActType: byActType.map((r) => ({ key: r.key, count: n(r.n) })),
    byPerpetratorType: byPerpetratorType.map((r) => ({ key: r.key, count: n(r.n) })),
    byHrdCategory: byHrdCategory.map((r) => ({ key: r.key, count: n(r.n) })),
    byProvince: byProvince.map((r) => ({ key: r.key, count: n(r.n) })),
  };
}

/** The first and last year with a published act, for the year choices of the form. */
export async function publishedYearRange(db: DbOrTx, verificationIds: number[]): Promise<{ first: number; last: number } | undefined> {
  const row = await db
    .selectFrom('hrdActs')
    .innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId')
    .where('hrdActs.verificationId', 'in', verificationIds.length ? verificationIds : [-1])
    .select((eb) => [eb.fn.min('hrdEvents.occurredOn').as('first'), eb.fn.max('hrdEvents.occurredOn').as('last')])
    .executeTakeFirst();
  if (!row?.first || !row.last) return undefined;
  return { first: Number(String(row.first).slice(0, 4)), last: Number(String(row.last).slice(0, 4)) };
}

/** A dimension a filter narrows: its count rows in a view are what that filter's total is drawn from. */
export type FilterDimension = 'province' | 'actType' | 'perpetratorType' | 'right' | 'year';

/** The filters of the "parent" view: these filters with the one of this dimension removed. */
export function withoutDimension(f: ResolvedFilters, dimension: FilterDimension): ResolvedFilters {
  const { fromDate, toDate, actTypeIds, rightId, perpetratorTypeId, provinceId, ...rest } = f;
  return {
    ...rest,
    ...(dimension !== 'year' && fromDate !== undefined ? { fromDate } : {}),
    ...(dimension !== 'year' && toDate !== undefined ? { toDate } : {}),
    ...(dimension !== 'actType' && actTypeIds !== undefined ? { actTypeIds } : {}),
    ...(dimension !== 'right' && rightId !== undefined ? { rightId } : {}),
    ...(dimension !== 'perpetratorType' && perpetratorTypeId !== undefined ? { perpetratorTypeId } : {}),
    ...(dimension !== 'province' && provinceId !== undefined ? { provinceId } : {}),
  };
}

/** The filters of these that are active, as the dimensions they narrow. */
export function activeDimensions(f: ResolvedFilters): FilterDimension[] {
  const dims: FilterDimension[] = [];
  if (f.provinceId !== undefined) dims.push('province');
  if (f.actTypeIds !== undefined) dims.push('actType');
  if (f.perpetratorTypeId !== undefined) dims.push('perpetratorType');
  if (f.rightId !== undefined) dims.push('right');
  if (f.fromDate !== undefined || f.toDate !== undefined) dims.push('year');
  return dims;
}

/** The total and the non-zero counts along one dimension of a view (two grouped queries). */
export async function countAlong(db: DbOrTx, f: ResolvedFilters, dimension: FilterDimension): Promise<{ acts: number; rows: CountRow<number | null>[] }> {
  const year = sql<string>`substr(${sql.ref('hrdEvents.occurredOn')}, 1, 4)`;
  const grouped = async (): Promise<Array<{ key: unknown; n: unknown }>> => {
    switch (dimension) {
      case 'province':
        return filteredActs(db, f).select(['hrdEvents.provinceId as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('hrdEvents.provinceId').execute();
      case 'actType':
        return filteredActs(db, f).select(['hrdActs.actTypeId as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('hrdActs.actTypeId').execute();
      case 'year':
        return filteredActs(db, f).select([year.as('key'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy(year).execute();
      case 'perpetratorType':
        return filteredActs(db, f)
          .innerJoin('hrdActPerpetrators', 'hrdActPerpetrators.actId', 'hrdActs.id')
          .select(['hrdActPerpetrators.perpetratorTypeId as key', (eb) => eb.fn.count<number>('hrdActs.id').distinct().as('n')])
          .groupBy('hrdActPerpetrators.perpetratorTypeId')
          .execute();
      case 'right':
        return filteredActs(db, f)
          .innerJoin('hrdActRights', 'hrdActRights.actId', 'hrdActs.id')
          .select(['hrdActRights.rightId as key', (eb) => eb.fn.count<number>('hrdActs.id').distinct().as('n')])
          .groupBy('hrdActRights.rightId')
          .execute();
    }
  };
  const [total, rows] = await Promise.all([filteredActs(db, f).select((eb) => eb.fn.countAll<number>().as('acts')).executeTakeFirst(), grouped()]);
  return {
    acts: n(total?.acts),
    rows: rows.map((r) => ({ key: r.key === null ? null : Number(r.key), count: n(r.n) })).filter((r) => r.count > 0),
  };
}

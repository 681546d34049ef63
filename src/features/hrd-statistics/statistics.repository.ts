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
      ...(query.years ? { fromDate: `${query.years.from}-01-01`, toDate: `${query.years.to}-12-31` } : {}),
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

/** One act as the portal tabulates it: plain columns only. */
export interface ActRow {
  id: number;
  caseId: number;
  year: number;
  actTypeId: number;
  hrdCategoryId: number | null;
  provinceId: number | null;
}

/** The kinds of perpetrator of the acts (an act may have several, or none recorded). */
export interface PerpetratorRow {
  actId: number;
  perpetratorTypeId: number;
}

/**
 * The acts these filters select, and their kinds of perpetrator. Rows rather than counts: the
 * cell key of a count is a sum over the acts in it, which only the application can compute.
 */
export async function listFilteredActs(db: DbOrTx, f: ResolvedFilters): Promise<{ acts: ActRow[]; perpetrators: PerpetratorRow[] }> {
  const year = sql<string>`substr(${sql.ref('hrdEvents.occurredOn')}, 1, 4)`;
  const [acts, perpetrators] = await Promise.all([
    filteredActs(db, f)
      .select(['hrdActs.id as id', 'hrdEvents.caseId as caseId', year.as('year'), 'hrdActs.actTypeId as actTypeId', 'hrdVictims.hrdCategoryId as hrdCategoryId', 'hrdEvents.provinceId as provinceId'])
      .execute(),
    filteredActs(db, f)
      .innerJoin('hrdActPerpetrators', 'hrdActPerpetrators.actId', 'hrdActs.id')
      .select(['hrdActs.id as actId', 'hrdActPerpetrators.perpetratorTypeId as perpetratorTypeId'])
      .distinct()
      .execute(),
  ]);
  return {
    acts: acts.map((r) => ({
      id: Number(r.id),
      caseId: Number(r.caseId),
      year: Number(r.year),
      actTypeId: Number(r.actTypeId),
      hrdCategoryId: r.hrdCategoryId === null ? null : Number(r.hrdCategoryId),
      provinceId: r.provinceId === null ? null : Number(r.provinceId),
    })),
    perpetrators: perpetrators.map((r) => ({ actId: Number(r.actId), perpetratorTypeId: Number(r.perpetratorTypeId) })),
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

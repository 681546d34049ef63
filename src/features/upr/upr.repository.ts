import type { Selectable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { ImportedRecommendation } from './upr.csv.js';
import type { AssessmentStatus, CurrentStatus, UprCyclesTable, UprResponse } from './upr.tables.js';

export type Cycle = Selectable<UprCyclesTable>;

/** What a public list can be narrowed by; every field is a stored value. */
export interface RecommendationFilters {
  cycle?: number;
  state?: string;
  region?: string;
  theme?: string;
  response?: UprResponse;
  status?: CurrentStatus;
}

export interface RecommendationRow {
  id: number;
  cycle: number;
  reference: string | null;
  recommendingState: string;
  regionalGroup: string;
  response: UprResponse;
  sdgTargets: string;
  currentStatus: CurrentStatus;
  sample: number;
  createdAt: string;
  updatedAt: string;
  themes: string[];
  texts: Array<{ locale: string; text: string }>;
}

/** Ids per statement: well under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;

async function inChunks<T>(ids: readonly number[], load: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(...(await load(ids.slice(i, i + IDS_PER_QUERY))));
  return out;
}

export async function listCycles(db: DbOrTx): Promise<Array<Cycle & { entered: number }>> {
  const [cycles, counts] = await Promise.all([
    db.selectFrom('uprCycles').selectAll().orderBy('number', 'desc').execute(),
    db.selectFrom('uprRecommendations').select(['cycleId', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('cycleId').execute(),
  ]);
  const entered = new Map(counts.map((c) => [c.cycleId, Number(c.n)]));
  return cycles.map((c) => ({ ...c, entered: entered.get(c.id) ?? 0 }));
}

export async function findCycleByNumber(db: DbOrTx, number: number): Promise<Cycle | undefined> {
  return db.selectFrom('uprCycles').selectAll().where('number', '=', number).executeTakeFirst();
}

export interface CycleInput {
  number: number;
  session: string | null;
  sessionDate: string | null;
  received: number | null;
  accepted: number | null;
  noted: number | null;
  recommendingStates: number | null;
}

/** Creates or updates a cycle and its official totals; returns its id. */
export async function saveCycle(tx: DbOrTx, input: CycleInput, now: string): Promise<number> {
  const existing = await findCycleByNumber(tx, input.number);
  if (existing) {
    await tx.updateTable('uprCycles').set({ ...input, updatedAt: now }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await tx.insertInto('uprCycles').values({ ...input, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The cycle's id, creating it without totals when a file names it first. */
async function ensureCycle(tx: DbOrTx, number: number, session: string | null, now: string): Promise<number> {
  const existing = await findCycleByNumber(tx, number);
  if (existing) {
    if (session && !existing.session) await tx.updateTable('uprCycles').set({ session, updatedAt: now }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  return saveCycle(tx, { number, session, sessionDate: null, received: null, accepted: null, noted: null, recommendingStates: null }, now);
}

export interface ImportCounts {
  created: number;
  updated: number;
}

/**
 * Stores the rows of one file (the caller's transaction): a row whose key is already stored
 * updates that recommendation, its themes and its texts (a Khmer text the file leaves blank is
 * kept); its assessments stay.
 */
export async function importRecommendations(tx: DbOrTx, rows: readonly ImportedRecommendation[], now: string): Promise<ImportCounts & { ids: number[] }> {
  const counts: ImportCounts & { ids: number[] } = { created: 0, updated: 0, ids: [] };
  const cycleIds = new Map<number, number>();
  for (const row of rows) {
    let cycleId = cycleIds.get(row.cycle);
    if (cycleId === undefined) cycleIds.set(row.cycle, (cycleId = await ensureCycle(tx, row.cycle, row.session, now)));
    const values = {
      cycleId,
      reference: row.reference,
      recommendingState: row.state,
      regionalGroup: row.region,
      response: row.response,
      sdgTargets: row.sdgTargets.join(' '),
      sample: 0,
      updatedAt: now,
    };
    const existing = await tx.selectFrom('uprRecommendations').select('id').where('matchKey', '=', row.matchKey).executeTakeFirst();
    let id: number;
    if (existing) {
      id = existing.id;
      await tx.updateTable('uprRecommendations').set(values).where('id', '=', id).execute();
      await tx.deleteFrom('uprRecommendationThemes').where('recommendationId', '=', id).execute();
      counts.updated += 1;
    } else {
      id = (await tx.insertInto('uprRecommendations').values({ ...values, matchKey: row.matchKey, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
      counts.created += 1;
    }
    counts.ids.push(id);
    await saveText(tx, id, 'en', row.text);
    if (row.textKm) await saveText(tx, id, 'km', row.textKm);
    if (row.themes.length) await tx.insertInto('uprRecommendationThemes').values(row.themes.map((theme) => ({ recommendationId: id, theme }))).execute();
  }
  return counts;
}

async function saveText(tx: DbOrTx, itemId: number, locale: string, text: string): Promise<void> {
  await tx.deleteFrom('uprRecommendationTranslations').where('itemId', '=', itemId).where('locale', '=', locale).execute();
  await tx.insertInto('uprRecommendationTranslations').values({ itemId, locale, text }).execute();
}

/** The recommendations a filter selects, oldest cycle's first in the order they were entered. */
export async function listRecommendations(db: DbOrTx, filters: RecommendationFilters): Promise<RecommendationRow[]> {
  let query = db
    .selectFrom('uprRecommendations as r')
    .innerJoin('uprCycles as c', 'c.id', 'r.cycleId')
    .select(['r.id', 'c.number as cycle', 'r.reference', 'r.recommendingState', 'r.regionalGroup', 'r.response', 'r.sdgTargets', 'r.currentStatus', 'r.sample', 'r.createdAt', 'r.updatedAt']);
  if (filters.cycle !== undefined) query = query.where('c.number', '=', filters.cycle);
  if (filters.state !== undefined) query = query.where('r.recommendingState', '=', filters.state);
  if (filters.region !== undefined) query = query.where('r.regionalGroup', '=', filters.region);
  if (filters.response !== undefined) query = query.where('r.response', '=', filters.response);
  if (filters.status !== undefined) query = query.where('r.currentStatus', '=', filters.status);
  if (filters.theme !== undefined) {
    const theme = filters.theme;
    query = query.where('r.id', 'in', (eb) => eb.selectFrom('uprRecommendationThemes').select('recommendationId').where('theme', '=', theme));
  }
  const rows = await query.orderBy('c.number', 'desc').orderBy('r.id').execute();
  return withThemesAndTexts(db, rows);
}

async function withThemesAndTexts<T extends { id: number }>(db: DbOrTx, rows: T[]): Promise<Array<T & { themes: string[]; texts: Array<{ locale: string; text: string }> }>> {
  const ids = rows.map((r) => r.id);
  const [themes, texts] = await Promise.all([
    inChunks(ids, (chunk) => db.selectFrom('uprRecommendationThemes').select(['recommendationId', 'theme']).where('recommendationId', 'in', chunk).execute()),
    inChunks(ids, (chunk) => db.selectFrom('uprRecommendationTranslations').select(['itemId', 'locale', 'text']).where('itemId', 'in', chunk).execute()),
  ]);
  const themesOf = new Map<number, string[]>();
  for (const t of themes) themesOf.set(t.recommendationId, [...(themesOf.get(t.recommendationId) ?? []), t.theme]);
  const textsOf = new Map<number, Array<{ locale: string; text: string }>>();
  for (const t of texts) textsOf.set(t.itemId, [...(textsOf.get(t.itemId) ?? []), { locale: t.locale, text: t.text }]);
  return rows.map((r) => ({ ...r, themes: (themesOf.get(r.id) ?? []).sort(), texts: textsOf.get(r.id) ?? [] }));
}

/** The recommending States named so far, for the filter. */
export async function listRecommendingStates(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('uprRecommendations').select('recommendingState').distinct().orderBy('recommendingState').execute();
  return rows.map((r) => r.recommendingState);
}

export interface Assessment {
  id: number;
  recommendationId: number;
  status: AssessmentStatus;
  assessedOn: string;
  links: string;
  createdAt: string;
  notes: Array<{ locale: string; note: string }>;
}

export async function findRecommendation(db: DbOrTx, id: number): Promise<(RecommendationRow & { assessments: Assessment[] }) | undefined> {
  const row = await db
    .selectFrom('uprRecommendations as r')
    .innerJoin('uprCycles as c', 'c.id', 'r.cycleId')
    .select(['r.id', 'c.number as cycle', 'r.reference', 'r.recommendingState', 'r.regionalGroup', 'r.response', 'r.sdgTargets', 'r.currentStatus', 'r.sample', 'r.createdAt', 'r.updatedAt'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [full] = await withThemesAndTexts(db, [row]);
  return { ...full!, assessments: await listAssessments(db, [id]) };
}

/** Assessments of these recommendations, newest first (by the day assessed, then as entered). */
export async function listAssessments(db: DbOrTx, recommendationIds: readonly number[]): Promise<Assessment[]> {
  const rows = await inChunks(recommendationIds, (chunk) =>
    db.selectFrom('uprAssessments').select(['id', 'recommendationId', 'status', 'assessedOn', 'links', 'createdAt']).where('recommendationId', 'in', chunk).execute(),
  );
  const notes = await inChunks(
    rows.map((r) => r.id),
    (chunk) => db.selectFrom('uprAssessmentTranslations').select(['itemId', 'locale', 'note']).where('itemId', 'in', chunk).execute(),
  );
  return rows
    .map((r) => ({ ...r, notes: notes.filter((n) => n.itemId === r.id).map(({ locale, note }) => ({ locale, note })) }))
    .sort((a, b) => (a.assessedOn === b.assessedOn ? b.id - a.id : a.assessedOn < b.assessedOn ? 1 : -1));
}

export interface AssessmentInput {
  recommendationId: number;
  status: AssessmentStatus;
  assessedOn: string;
  notes: Array<{ locale: string; note: string }>;
  links: string[];
  createdBy: number | null;
}

/** Adds an assessment and sets the recommendation's current status to its newest one's. */
export async function addAssessment(tx: DbOrTx, input: AssessmentInput, now: string): Promise<number> {
  const { id } = await tx
    .insertInto('uprAssessments')
    .values({ recommendationId: input.recommendationId, status: input.status, assessedOn: input.assessedOn, links: input.links.join('\n'), createdBy: input.createdBy, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.notes.length) await tx.insertInto('uprAssessmentTranslations').values(input.notes.map((n) => ({ itemId: id, ...n }))).execute();
  const newest = await tx
    .selectFrom('uprAssessments')
    .select('status')
    .where('recommendationId', '=', input.recommendationId)
    .orderBy('assessedOn', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await tx.updateTable('uprRecommendations').set({ currentStatus: newest.status, updatedAt: now }).where('id', '=', input.recommendationId).execute();
  return id;
}

/** The newest assessments, for the feed. */
export async function listRecentAssessments(db: DbOrTx, limit: number) {
  const rows = await db
    .selectFrom('uprAssessments as a')
    .innerJoin('uprRecommendations as r', 'r.id', 'a.recommendationId')
    .select(['a.id', 'a.recommendationId', 'a.status', 'a.assessedOn', 'a.createdAt', 'r.recommendingState'])
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  const notes = await inChunks(
    rows.map((r) => r.id),
    (chunk) => db.selectFrom('uprAssessmentTranslations').select(['itemId', 'locale', 'note']).where('itemId', 'in', chunk).execute(),
  );
  return rows.map((r) => ({ ...r, notes: notes.filter((n) => n.itemId === r.id) }));
}

/** Every recommendation's id (search indexes them all: they are public once entered). */
export async function listRecommendationIds(db: DbOrTx): Promise<number[]> {
  return (await db.selectFrom('uprRecommendations').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** What search documents are made of: the recommendations with their texts and themes. */
export async function findRecommendationSearchRows(db: DbOrTx, ids: readonly number[]) {
  const rows = await inChunks(ids, (chunk) =>
    db
      .selectFrom('uprRecommendations as r')
      .innerJoin('uprCycles as c', 'c.id', 'r.cycleId')
      .select(['r.id', 'c.number as cycle', 'r.recommendingState', 'r.createdAt', 'r.updatedAt'])
      .where('r.id', 'in', chunk)
      .execute(),
  );
  return withThemesAndTexts(db, rows);
}

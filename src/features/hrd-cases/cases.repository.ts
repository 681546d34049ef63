import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import { engineOfDb } from '../../db/connection.js';
import { nowIso, sql } from '../../db/schema-helpers.js';
import type { CaseStatus, DateAccuracy } from './cases.tables.js';
import { loadActs, loadEvents, loadTimeline, loadVictims, type CaseForAlert } from './case-record.js';
import { sealContext } from './protected-fields.js';

export type { CaseForAlert } from './case-record.js';

/**
 * The decrypted case with its victims, events (with province ids and exact places), acts (act
 * type, classification, verification, date and province of their event, rights, perpetrator
 * types) and timeline entries; null when there is no such case. Contacts, notes, sources and
 * evidence are not opened: an alert never needs them. The caller audits the read.
 */
export async function readCaseForAlert(db: DbOrTx, vault: Vault, caseId: number): Promise<CaseForAlert | null> {
  const row = await db
    .selectFrom('hrdCases')
    .select(['id', 'reference', 'titleEnc', 'summaryEnc', 'status', 'openedOn', 'closedOn', 'version'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  const [victims, events, acts, timeline] = await Promise.all([
    loadVictims(db, vault, caseId),
    loadEvents(db, vault, caseId),
    loadActs(db, caseId),
    loadTimeline(db, vault, caseId),
  ]);
  return {
    id: row.id,
    reference: row.reference,
    title: vault.open(row.titleEnc, sealContext('hrd_cases', 'title_enc')),
    summary: vault.openOptional(row.summaryEnc, sealContext('hrd_cases', 'summary_enc')),
    status: row.status,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    version: row.version,
    victims,
    events,
    acts,
    timeline,
  };
}

// ---------------------------------------------------------------------------------------------
// Cases: create, edit with optimistic locking, delete, list.

export interface CaseInput {
  title: string;
  summary: string | null;
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
}

/**
 * The next free reference of the year, HRD-<year>-<4 or more digits>; references carry no
 * personal data. On PostgreSQL a transaction-scoped lock makes two cases created at the same
 * moment take numbers in turn (SQLite runs one writer at a time already). Numbers are compared
 * as numbers, so HRD-2024-10000 follows HRD-2024-9999.
 */
async function nextReference(tx: DbOrTx, year: string): Promise<string> {
  if (engineOfDb(tx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('hrd_cases.reference'))`.execute(tx);
  const prefix = `HRD-${year}-`;
  const last = await tx
    .selectFrom('hrdCases')
    .select('reference')
    .where('reference', 'like', `${prefix}%`)
    .orderBy(sql`length(reference)`, 'desc')
    .orderBy('reference', 'desc')
    .limit(1)
    .executeTakeFirst();
  const n = last ? Number(last.reference.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(Number.isFinite(n) ? n : 1).padStart(4, '0')}`;
}

export async function createCase(tx: DbOrTx, vault: Vault, input: CaseInput, userId: number | null, now = nowIso()): Promise<{ id: number; reference: string }> {
  const reference = await nextReference(tx, input.openedOn.slice(0, 4));
  const row = await tx
    .insertInto('hrdCases')
    .values({
      reference,
      titleEnc: vault.seal(input.title, sealContext('hrd_cases', 'title_enc')),
      summaryEnc: vault.sealOptional(input.summary, sealContext('hrd_cases', 'summary_enc')),
      status: input.status,
      openedOn: input.openedOn,
      closedOn: input.closedOn,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, reference };
}

/**
 * Saves the case's own fields when it is still at `version`, and moves it to the next version.
 * False when someone saved it in between (nothing is written then).
 */
export async function updateCase(tx: DbOrTx, vault: Vault, id: number, version: number, input: CaseInput, now = nowIso()): Promise<boolean> {
  const result = await tx
    .updateTable('hrdCases')
    .set({
      titleEnc: vault.seal(input.title, sealContext('hrd_cases', 'title_enc')),
      summaryEnc: vault.sealOptional(input.summary, sealContext('hrd_cases', 'summary_enc')),
      status: input.status,
      openedOn: input.openedOn,
      closedOn: input.closedOn,
      updatedAt: now,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Every change to a part of a case (a victim, an event, an act...) moves the case to its next
 * version, so two monitors working on one case never overwrite each other unseen.
 */
export async function bumpCaseVersion(tx: DbOrTx, id: number, version: number, now = nowIso()): Promise<boolean> {
  const result = await tx
    .updateTable('hrdCases')
    .set({ version: version + 1, updatedAt: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the case and its parts; returns the storage keys of its evidence files, to remove after commit. */
export async function deleteCase(tx: DbOrTx, id: number): Promise<string[] | null> {
  const keys = await tx.selectFrom('hrdEvidence').select('storageKey').where('caseId', '=', id).execute();
  // Fund requests and interventions refer to victims with ON DELETE SET NULL; remove them first
  // so the cascade from the case has nothing left to update.
  await tx.deleteFrom('hrdInterventions').where('caseId', '=', id).execute();
  await tx.deleteFrom('hrdFundRequests').where('caseId', '=', id).execute();
  const result = await tx.deleteFrom('hrdCases').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? keys.map((k) => k.storageKey) : null;
}

/** The plain (unsealed) columns of a case, for checks that need no decryption. */
export async function findCaseHead(db: DbOrTx, id: number) {
  const row = await db.selectFrom('hrdCases').select(['id', 'reference', 'status', 'openedOn', 'closedOn', 'version', 'createdBy']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const fund = await db.selectFrom('hrdFundRequests').select('id').where('caseId', '=', id).limit(1).executeTakeFirst();
  return { ...row, hasFundRequest: Boolean(fund) };
}

export interface CaseFilter {
  status?: CaseStatus;
  provinceId?: number;
  year?: number;
  /** The act type and its narrower terms. */
  actTypeIds?: number[];
  /** Part of a reference, e.g. "2024-00". */
  reference?: string;
}

function filteredCases(db: DbOrTx, f: CaseFilter) {
  let q = db.selectFrom('hrdCases');
  if (f.status) q = q.where('hrdCases.status', '=', f.status);
  if (f.reference) q = q.where('hrdCases.reference', 'like', `%${f.reference.toUpperCase().replace(/[%_\\]/g, '')}%`);
  if (f.provinceId !== undefined || f.year !== undefined) {
    const { provinceId, year } = f;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('hrdEvents')
          .select('hrdEvents.id')
          .whereRef('hrdEvents.caseId', '=', 'hrdCases.id')
          .$if(provinceId !== undefined, (s) => s.where('hrdEvents.provinceId', '=', provinceId!))
          .$if(year !== undefined, (s) => s.where('hrdEvents.occurredOn', '>=', `${year}-01-01`).where('hrdEvents.occurredOn', '<', `${year! + 1}-01-01`)),
      ),
    );
  }
  if (f.actTypeIds?.length) {
    const ids = f.actTypeIds;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('hrdActs')
          .innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId')
          .select('hrdActs.id')
          .whereRef('hrdEvents.caseId', '=', 'hrdCases.id')
          .where('hrdActs.actTypeId', 'in', ids),
      ),
    );
  }
  return q;
}

export interface CaseListRow {
  id: number;
  reference: string;
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
  updatedAt: string;
  /** Opened only when the reader may see names; otherwise null and never decrypted. */
  title: string | null;
  provinceIds: number[];
  actTypeIds: number[];
  victimCount: number;
  firstEventOn: string | null;
  firstEventAccuracy: DateAccuracy | null;
}

/**
 * One page of cases. Only the titles of this page are decrypted, and only with `openTitles`:
 * the filters run on plain columns, so a list never opens more than it shows.
 */
export async function listCases(
  db: DbOrTx,
  vault: Vault,
  f: CaseFilter,
  options: { page: number; perPage: number; openTitles: boolean },
): Promise<{ rows: CaseListRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filteredCases(db, f)
      .select(['hrdCases.id', 'hrdCases.reference', 'hrdCases.status', 'hrdCases.openedOn', 'hrdCases.closedOn', 'hrdCases.updatedAt', 'hrdCases.titleEnc'])
      .orderBy('hrdCases.openedOn', 'desc')
      .orderBy('hrdCases.id', 'desc')
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage)
      .execute(),
    filteredCases(db, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const facts = await caseFacts(db, rows.map((r) => r.id));
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      openedOn: r.openedOn,
      closedOn: r.closedOn,
      updatedAt: r.updatedAt,
      title: options.openTitles ? vault.open(r.titleEnc, sealContext('hrd_cases', 'title_enc')) : null,
      ...(facts.get(r.id) ?? { provinceIds: [], actTypeIds: [], victimCount: 0, firstEventOn: null, firstEventAccuracy: null }),
    })),
  };
}

/** Every case matching the filter, without any sealed column: for the CSV export. */
export async function listCasesForExport(db: DbOrTx, f: CaseFilter, limit: number): Promise<Array<Omit<CaseListRow, 'title'>>> {
  const rows = await filteredCases(db, f)
    .select(['hrdCases.id', 'hrdCases.reference', 'hrdCases.status', 'hrdCases.openedOn', 'hrdCases.closedOn', 'hrdCases.updatedAt'])
    .orderBy('hrdCases.reference')
    .limit(limit)
    .execute();
  const facts = new Map<number, Awaited<ReturnType<typeof caseFacts>> extends Map<number, infer V> ? V : never>();
  // In slices: an IN list of thousands of ids is slow on SQLite and capped on PostgreSQL.
  for (let i = 0; i < rows.length; i += 500) {
    for (const [id, v] of await caseFacts(db, rows.slice(i, i + 500).map((r) => r.id))) facts.set(id, v);
  }
  return rows.map((r) => ({ ...r, ...(facts.get(r.id) ?? { provinceIds: [], actTypeIds: [], victimCount: 0, firstEventOn: null, firstEventAccuracy: null }) }));
}

async function caseFacts(db: DbOrTx, ids: number[]) {
  const out = new Map<number, { provinceIds: number[]; actTypeIds: number[]; victimCount: number; firstEventOn: string | null; firstEventAccuracy: DateAccuracy | null }>();
  if (ids.length === 0) return out;
  const [events, acts, victims] = await Promise.all([
    db.selectFrom('hrdEvents').select(['caseId', 'provinceId', 'occurredOn', 'dateAccuracy']).where('caseId', 'in', ids).orderBy('occurredOn').execute(),
    db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select(['hrdEvents.caseId', 'hrdActs.actTypeId']).where('hrdEvents.caseId', 'in', ids).execute(),
    db.selectFrom('hrdVictims').select(['caseId']).where('caseId', 'in', ids).execute(),
  ]);
  for (const id of ids) out.set(id, { provinceIds: [], actTypeIds: [], victimCount: 0, firstEventOn: null, firstEventAccuracy: null });
  for (const e of events) {
    const f = out.get(e.caseId)!;
    if (f.firstEventOn === null) {
      f.firstEventOn = e.occurredOn;
      f.firstEventAccuracy = e.dateAccuracy;
    }
    if (e.provinceId !== null && !f.provinceIds.includes(e.provinceId)) f.provinceIds.push(e.provinceId);
  }
  for (const a of acts) {
    const f = out.get(a.caseId)!;
    if (!f.actTypeIds.includes(a.actTypeId)) f.actTypeIds.push(a.actTypeId);
  }
  for (const v of victims) out.get(v.caseId)!.victimCount += 1;
  return out;
}

/** The years that have events, newest first, for the list's year filter. */
export async function listEventYears(db: DbOrTx): Promise<number[]> {
  const rows = await db.selectFrom('hrdEvents').select('occurredOn').distinct().execute();
  return [...new Set(rows.map((r) => Number(r.occurredOn.slice(0, 4))))].sort((a, b) => b - a);
}

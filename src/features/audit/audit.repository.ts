import type { DbOrTx } from '../../db/database.js';
import { userActor } from './actors.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one audit row; call it with the same transaction as the change it records. */
export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditFilter {
  actor?: string;
  /** Matches the subject type or the action. */
  type?: string;
  /** ISO dates (YYYY-MM-DD), both ends included. */
  from?: string;
  to?: string;
}

function filtered(db: DbOrTx, f: AuditFilter) {
  let q = db.selectFrom('auditLog');
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.type) q = q.where((eb) => eb.or([eb('subjectType', '=', f.type!), eb('action', '=', f.type!)]));
  if (f.from) q = q.where('at', '>=', f.from);
  // The whole last day: every timestamp of that day sorts before the next day's date.
  if (f.to) q = q.where('at', '<', nextDay(f.to));
  return q;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export async function listAudit(db: DbOrTx, f: AuditFilter, page: number, perPage: number) {
  const [rows, total] = await Promise.all([
    filtered(db, f)
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>['rows'][number];

export function listRecentAudit(db: DbOrTx, limit: number) {
  return db.selectFrom('auditLog').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The subject types and actions recorded so far, for the filter's choices. */
export async function listAuditTypes(db: DbOrTx): Promise<string[]> {
  const [types, actions] = await Promise.all([
    db.selectFrom('auditLog').select('subjectType as v').distinct().execute(),
    db.selectFrom('auditLog').select('action as v').distinct().execute(),
  ]);
  return [...new Set([...types, ...actions].map((r) => r.v))].sort();
}

/** Who is behind each staff actor (`user:12`), for display and the filter: the name and address of every account, by name. */
export async function listActorNames(db: DbOrTx): Promise<Map<string, string>> {
  const users = await db.selectFrom('users').select(['id', 'name', 'email']).orderBy('name').orderBy('id').execute();
  return new Map(users.map((u) => [userActor(u.id), `${u.name} <${u.email}>`]));
}

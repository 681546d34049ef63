import type { DbOrTx } from '../../db/database.js';
import type { ContactStatus } from './contact.tables.js';

const nowIso = () => new Date().toISOString();

export interface NewContactMessage {
  locale: string;
  name: string;
  email: string;
  subject: string;
  message: string;
}

export async function insertContactMessage(tx: DbOrTx, m: NewContactMessage, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('contactMessages')
    .values({ ...m, status: 'new', createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listContactMessages(db: DbOrTx, status: ContactStatus, page: number, pageSize: number) {
  const counted = await db
    .selectFrom('contactMessages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('contactMessages')
    .select(['id', 'locale', 'name', 'email', 'subject', 'status', 'createdAt'])
    .where('status', '=', status)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(counted.n) };
}

export type ContactListRow = Awaited<ReturnType<typeof listContactMessages>>['rows'][number];

export async function countContactByStatus(db: DbOrTx): Promise<Record<ContactStatus, number>> {
  const rows = await db
    .selectFrom('contactMessages')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<ContactStatus, number> = { new: 0, answered: 0, archived: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function findContactMessage(db: DbOrTx, id: number) {
  return db.selectFrom('contactMessages').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ContactMessageRow = NonNullable<Awaited<ReturnType<typeof findContactMessage>>>;

export async function setContactStatus(tx: DbOrTx, id: number, status: ContactStatus, now = nowIso()): Promise<void> {
  await tx.updateTable('contactMessages').set({ status, updatedAt: now }).where('id', '=', id).execute();
}

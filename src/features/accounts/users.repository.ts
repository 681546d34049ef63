import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import type { Role } from './roles.js';
import { isSealedTotpSecret, sealTotpSecret } from './totp-secret.js';
import { hashRecoveryCode } from './two-factor.js';

/** The columns an account page or the users admin needs (never the hashes or the TOTP secret). */
const PUBLIC_COLUMNS = ['id', 'email', 'name', 'role', 'locale', 'totpEnabledAt', 'lockedUntil', 'disabledAt', 'createdAt'] as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUserByEmail(db: DbOrTx, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export function findUserById(db: DbOrTx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: DbOrTx) {
  return db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('name').orderBy('id').execute();
}

export type UserSummary = Awaited<ReturnType<typeof listUsers>>[number];

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  locale: string;
  passwordHash: string;
}

export async function insertUser(db: DbOrTx, user: NewUser, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const row = await db
    .insertInto('users')
    .values({ ...user, email: normaliseEmail(user.email), passwordChangedAt: at, createdAt: at, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type UserChanges = Partial<{
  name: string;
  role: Role;
  locale: string;
  passwordHash: string;
  passwordChangedAt: string;
  totpSecret: string | null;
  totpEnabledAt: string | null;
  totpLastStep: number | null;
  failedSignIns: number;
  lockedUntil: string | null;
  disabledAt: string | null;
}>;

export async function updateUser(db: DbOrTx, id: number, changes: UserChanges, now = new Date()): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updatedAt: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Replaces every recovery code of a user with the given ones (stored hashed). */
export async function replaceRecoveryCodes(db: DbOrTx, userId: number, codes: string[]): Promise<void> {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  if (codes.length === 0) return;
  await db
    .insertInto('recoveryCodes')
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), usedAt: null })))
    .execute();
}

/** Marks an unused recovery code as used; true when it was valid (each works once). */
export async function useRecoveryCode(db: DbOrTx, userId: number, code: string, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: now.toISOString() })
    .where('userId', '=', userId)
    .where('codeHash', '=', hashRecoveryCode(code))
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listSessionsOfUser(db: DbOrTx, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastSeenAt', 'ip', 'userAgent'])
    .where('userId', '=', userId)
    .orderBy('lastSeenAt', 'desc')
    .execute();
}

export type SessionSummary = Awaited<ReturnType<typeof listSessionsOfUser>>[number];

export async function deleteSessionOfUser(db: DbOrTx, userId: number, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('userId', '=', userId).where('id', '=', sessionId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function markSessionVerified(db: DbOrTx, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ twoFactorVerified: 1 }).where('id', '=', sessionId).execute();
}

/**
 * Records a TOTP step as used; false when that step (or a later one) was already used, so the
 * same code cannot sign in twice — also when two requests race with it.
 */
export async function claimTotpStep(db: DbOrTx, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Seals the TOTP secrets a database from before sealing still holds in clear; idempotent, so
 * it runs at every start (and before a key rotation). The vault is asked for only when there is
 * something to seal, so a database without clear secrets never makes a key be created.
 */
export async function sealClearTotpSecrets(db: DbOrTx, vault: () => Vault): Promise<number> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totpSecret'])
    .where('totpSecret', 'is not', null)
    .where('totpSecret', 'not like', 'dv1.%')
    .execute();
  for (const row of rows) {
    if (!row.totpSecret || isSealedTotpSecret(row.totpSecret)) continue;
    await db.updateTable('users').set({ totpSecret: sealTotpSecret(vault(), row.totpSecret) }).where('id', '=', row.id).execute();
  }
  return rows.length;
}

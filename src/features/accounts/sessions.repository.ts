import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import { isLocale } from '../../i18n/locales.js';
import type { SessionUser } from './session-user.js';

const TOKEN_BYTES = 32;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionTimes {
  idleMinutes: number;
  maxHours: number;
}

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(
  db: DbOrTx,
  userId: number,
  meta: { ip: string | null; userAgent: string | null; twoFactorVerified: boolean },
  times: SessionTimes,
  now = new Date(),
): Promise<{ token: string; id: string }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const id = hashToken(token);
  await db
    .insertInto('sessions')
    .values({
      id,
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + times.maxHours * 3_600_000).toISOString(),
      twoFactorVerified: meta.twoFactorVerified ? 1 : 0,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, id };
}

export interface ActiveSession {
  user: SessionUser;
  twoFactorVerified: boolean;
}

/**
 * The user behind a session token, if the session is still alive: not past its absolute end,
 * not idle for longer than allowed, and the account not disabled. Touches last_seen_at.
 */
export async function findActiveSession(
  db: DbOrTx,
  token: string,
  times: SessionTimes,
  allowedLocales: readonly string[],
  now = new Date(),
): Promise<ActiveSession | undefined> {
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId',
      'sessions.lastSeenAt',
      'sessions.expiresAt',
      'sessions.twoFactorVerified',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'users.disabledAt',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const idleLimit = new Date(now.getTime() - times.idleMinutes * 60_000).toISOString();
  if (row.expiresAt <= now.toISOString() || row.lastSeenAt < idleLimit || row.disabledAt) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return undefined;
  }
  await db.updateTable('sessions').set({ lastSeenAt: now.toISOString() }).where('id', '=', id).execute();
  const locale = isLocale(row.locale, allowedLocales as never) ? row.locale : 'en';
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role, locale, sessionId: row.sessionId },
    twoFactorVerified: row.twoFactorVerified === 1,
  };
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user but one (after a password change, or "sign out elsewhere"). */
export async function deleteOtherSessions(db: DbOrTx, userId: number, keepSessionId: string | null): Promise<void> {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}

import type { Db, DbOrTx } from '../../db/database.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { verifyPassword } from './passwords.js';
import { countFailedAttempts, findLastCompletedSignIn, insertSignInAttempt } from './sign-in-attempts.repository.js';
import { findUserByEmail, normaliseEmail, updateUser } from './users.repository.js';

/** Failed sign-ins for one email address within the window before the account is locked. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failed sign-ins from one network address within the window before it is refused. */
export const MAX_FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;

export type SignInRefusal = 'invalid' | 'locked' | 'tooManyFromAddress';
export type SignInResult =
  | { ok: true; user: { id: number; role: string; totpEnabled: boolean } }
  | { ok: false; reason: SignInRefusal };

/**
 * Failures (wrong passwords and wrong second-factor codes alike) for the address since the window
 * began, ignoring those before its last completed sign-in. A correct password alone is no
 * completed sign-in when a code must follow, so re-entering a stolen password never resets the
 * count of guessed codes.
 */
async function recentAccountFailures(db: DbOrTx, email: string, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000).toISOString();
  const lastSuccess = await findLastCompletedSignIn(db, email);
  const since = lastSuccess && lastSuccess > windowStart ? lastSuccess : windowStart;
  return countFailedAttempts(db, 'email', email, since);
}

/** Records a failed attempt for the address; `recordAccountFailure` counts it against the account. */
export async function recordFailedSignIn(tx: DbOrTx, email: string, ip: string, now = new Date()): Promise<void> {
  await insertSignInAttempt(tx, { at: now.toISOString(), email, ip, succeeded: false });
}

/** Records a completed sign-in (password, and the second factor when the account has one). */
export async function recordCompletedSignIn(tx: DbOrTx, user: { id: number; email: string }, ip: string, now = new Date()): Promise<void> {
  await insertSignInAttempt(tx, { at: now.toISOString(), email: user.email, ip, succeeded: true });
  await updateUser(tx, user.id, { failedSignIns: 0, lockedUntil: null }, now);
}

/**
 * Checks an email and password. The answer is the same for an unknown address and a wrong
 * password; an address (known or not) with too many recent failures is refused as locked, so
 * the lockout does not tell which addresses have accounts either. Every attempt is recorded.
 */
export async function attemptSignIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email).slice(0, 320);
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000).toISOString();

  if ((await countFailedAttempts(db, 'ip', input.ip, windowStart)) >= MAX_FAILURES_PER_ADDRESS) {
    await writeAudit(db, { actor: `ip:${input.ip}`, action: 'sign-in.rate-limited', subjectType: 'user', subjectId: null, after: { email } });
    return { ok: false, reason: 'tooManyFromAddress' };
  }

  const user = await findUserByEmail(db, email);
  const lockedByTime = Boolean(user?.lockedUntil && user.lockedUntil > at);
  const lockedByCount = (await recentAccountFailures(db, email, now)) >= MAX_FAILURES_PER_ACCOUNT;
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (lockedByTime || lockedByCount) return { ok: false, reason: 'locked' };

  if (!user || !passwordOk || user.disabledAt) {
    return db.transaction().execute(async (tx) => {
      await recordFailedSignIn(tx, email, input.ip, now);
      const actor = user ? userActor(user.id) : `ip:${input.ip}`;
      await writeAudit(tx, { actor, action: 'sign-in.failed', subjectType: 'user', subjectId: user ? String(user.id) : null, after: { email, ip: input.ip } });
      if (user) await recordAccountFailure(tx, user.id, email, now);
      return { ok: false, reason: 'invalid' } as const;
    });
  }

  const totpEnabled = Boolean(user.totpEnabledAt && user.totpSecret);
  await db.transaction().execute(async (tx) => {
    // With a second factor to come, the sign-in completes (and failures reset) only after the code.
    if (!totpEnabled) await recordCompletedSignIn(tx, user, input.ip, now);
    await writeAudit(tx, { actor: userActor(user.id), action: 'sign-in', subjectType: 'user', subjectId: String(user.id), after: { ip: input.ip, secondFactorPending: totpEnabled } });
  });
  return { ok: true, user: { id: user.id, role: user.role, totpEnabled } };
}

/**
 * Counts a failure against an account (a wrong password or a wrong second-factor code) and
 * locks it when the window holds too many. Call after inserting the failed attempt.
 */
export async function recordAccountFailure(tx: DbOrTx, userId: number, email: string, now = new Date()): Promise<boolean> {
  const failures = await recentAccountFailures(tx, email, now);
  if (failures < MAX_FAILURES_PER_ACCOUNT) {
    await updateUser(tx, userId, { failedSignIns: failures }, now);
    return false;
  }
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await updateUser(tx, userId, { failedSignIns: failures, lockedUntil }, now);
  await writeAudit(tx, { actor: userActor(userId), action: 'user.locked', subjectType: 'user', subjectId: String(userId), after: { lockedUntil, failures } });
  return true;
}

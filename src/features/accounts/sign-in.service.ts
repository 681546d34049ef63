import type { Db, DbOrTx } from '../../db/database.js';
import type { Limit, RateLimits } from '../../db/rate-limits.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { verifyPassword } from './passwords.js';
import { insertSignInAttempt } from './sign-in-attempts.repository.js';
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
 * The failures counted against an email address (wrong passwords and wrong second-factor codes
 * alike) and against a network address, in the shared rate limits. Every attempt takes its point
 * before the password or code is checked, so that attempts racing each other, on any number of
 * servers, are never checked more often than the limit allows; an attempt that succeeds gives
 * its point back. A completed sign-in forgets the account's failures; a correct password alone
 * does not when a code must follow, so re-entering a stolen password never resets the count of
 * guessed codes.
 */
export interface SignInLimits {
  account: Limit;
  address: Limit;
}

export function signInLimits(limits: RateLimits): SignInLimits {
  const windowSeconds = FAILURE_WINDOW_MINUTES * 60;
  return {
    account: limits.limit('sign-in-account', { points: MAX_FAILURES_PER_ACCOUNT, windowSeconds }),
    address: limits.limit('sign-in-address', { points: MAX_FAILURES_PER_ADDRESS, windowSeconds }),
  };
}

/** Records a failed attempt (for the record: the limits count it already). */
export async function recordFailedSignIn(tx: DbOrTx, email: string, ip: string, now = new Date()): Promise<void> {
  await insertSignInAttempt(tx, { at: now.toISOString(), email, ip, succeeded: false });
}

/** Records a completed sign-in (password, and the second factor when the account has one). */
export async function recordCompletedSignIn(tx: DbOrTx, user: { id: number; email: string }, ip: string, now = new Date()): Promise<void> {
  await insertSignInAttempt(tx, { at: now.toISOString(), email: user.email, ip, succeeded: true });
  await updateUser(tx, user.id, { failedSignIns: 0, lockedUntil: null }, now);
}

/** After a completed sign-in: the account's failures are forgotten, the address's point given back. */
async function forgetFailures(limits: SignInLimits, email: string, ip: string): Promise<void> {
  await Promise.all([limits.account.reset(email), limits.address.giveBack(ip)]);
}

/**
 * Checks an email and password. The answer is the same for an unknown address and a wrong
 * password; an address (known or not) with too many recent failures is refused as locked, so
 * the lockout does not tell which addresses have accounts either. Every checked attempt is recorded.
 */
export async function attemptSignIn(
  db: Db,
  limits: SignInLimits,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email).slice(0, 320);
  if (!(await limits.address.take(input.ip)).ok) {
    await writeAudit(db, { actor: `ip:${input.ip}`, action: 'sign-in.rate-limited', subjectType: 'user', subjectId: null, after: { email } });
    return { ok: false, reason: 'tooManyFromAddress' };
  }
  const user = await findUserByEmail(db, email);
  const lockedByTime = Boolean(user?.lockedUntil && user.lockedUntil > now.toISOString());
  const forAccount = lockedByTime ? { ok: false, remaining: 0 } : await limits.account.take(email);
  if (!forAccount.ok) {
    // Refused unchecked: no failure of the address's.
    await limits.address.giveBack(input.ip);
    return { ok: false, reason: 'locked' };
  }

  // Checked for an unknown address too (against a stand-in hash), so the time taken tells nothing.
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    return db.transaction().execute(async (tx) => {
      await recordFailedSignIn(tx, email, input.ip, now);
      const actor = user ? userActor(user.id) : `ip:${input.ip}`;
      await writeAudit(tx, { actor, action: 'sign-in.failed', subjectType: 'user', subjectId: user ? String(user.id) : null, after: { email, ip: input.ip } });
      if (user) await recordAccountFailure(tx, user.id, forAccount.remaining, now);
      return { ok: false, reason: 'invalid' } as const;
    });
  }

  const totpEnabled = Boolean(user.totpEnabledAt && user.totpSecret);
  await db.transaction().execute(async (tx) => {
    // With a second factor to come, the sign-in completes (and failures reset) only after the code.
    if (!totpEnabled) await recordCompletedSignIn(tx, user, input.ip, now);
    await writeAudit(tx, { actor: userActor(user.id), action: 'sign-in', subjectType: 'user', subjectId: String(user.id), after: { ip: input.ip, secondFactorPending: totpEnabled } });
  });
  if (totpEnabled) await Promise.all([limits.account.giveBack(email), limits.address.giveBack(input.ip)]);
  else await forgetFailures(limits, email, input.ip);
  return { ok: true, user: { id: user.id, role: user.role, totpEnabled } };
}

/**
 * Notes a failure against an account (a wrong password or a wrong second-factor code, whose
 * point was taken from `limits.account`) and locks the account when that was the last one the
 * window allows. `failuresLeft` is what the take left.
 */
export async function recordAccountFailure(tx: DbOrTx, userId: number, failuresLeft: number, now = new Date()): Promise<boolean> {
  const failures = MAX_FAILURES_PER_ACCOUNT - failuresLeft;
  if (failuresLeft > 0) {
    await updateUser(tx, userId, { failedSignIns: failures }, now);
    return false;
  }
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await updateUser(tx, userId, { failedSignIns: failures, lockedUntil }, now);
  await writeAudit(tx, { actor: userActor(userId), action: 'user.locked', subjectType: 'user', subjectId: String(userId), after: { lockedUntil, failures } });
  return true;
}

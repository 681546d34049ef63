import type { DbOrTx } from '../../db/database.js';

/** Every sign-in attempt that was checked, failed or completed: the record (the limits count in rate_limits). */

export async function insertSignInAttempt(tx: DbOrTx, attempt: { at: string; email: string; ip: string; succeeded: boolean }): Promise<void> {
  await tx.insertInto('signInAttempts').values({ ...attempt, succeeded: attempt.succeeded ? 1 : 0 }).execute();
}

import type { DbOrTx } from '../../db/database.js';

/** Every sign-in attempt, failed or completed: what the lockout and the address limit count. */

export async function countFailedAttempts(db: DbOrTx, column: 'email' | 'ip', value: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('signInAttempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the address last completed a sign-in, if ever. */
export async function findLastCompletedSignIn(db: DbOrTx, email: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('signInAttempts')
    .select('at')
    .where('email', '=', email)
    .where('succeeded', '=', 1)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

export async function insertSignInAttempt(tx: DbOrTx, attempt: { at: string; email: string; ip: string; succeeded: boolean }): Promise<void> {
  await tx.insertInto('signInAttempts').values({ ...attempt, succeeded: attempt.succeeded ? 1 : 0 }).execute();
}

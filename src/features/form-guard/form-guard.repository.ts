import type { DbOrTx } from '../../db/database.js';
import type { Fingerprint } from './form-guard.js';

/** Accepted submissions of this form since `since`, from this address and from this email. */
export async function countRecentSubmissions(db: DbOrTx, f: Fingerprint, since: string): Promise<{ byIp: number; byEmail: number }> {
  const count = (column: 'ipHash' | 'emailHash', value: string) =>
    db
      .selectFrom('formSubmissions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('form', '=', f.form)
      .where(column, '=', value)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
  const [ip, email] = await Promise.all([count('ipHash', f.ipHash), count('emailHash', f.emailHash)]);
  return { byIp: Number(ip.n), byEmail: Number(email.n) };
}

/** The same text about the same thing, from the same email or the same address, still remembered. */
export async function hasDuplicateSubmission(db: DbOrTx, f: Fingerprint): Promise<boolean> {
  const row = await db
    .selectFrom('formSubmissions')
    .select('id')
    .where('contentHash', '=', f.contentHash)
    .where('form', '=', f.form)
    .where('target', '=', f.target)
    .where((eb) => eb.or([eb('emailHash', '=', f.emailHash), eb('ipHash', '=', f.ipHash)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSubmission(tx: DbOrTx, f: Fingerprint, at: string): Promise<void> {
  await tx.insertInto('formSubmissions').values({ ...f, at }).execute();
}

export async function pruneSubmissions(tx: DbOrTx, before: string): Promise<void> {
  await tx.deleteFrom('formSubmissions').where('at', '<', before).execute();
}

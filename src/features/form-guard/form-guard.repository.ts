import type { DbOrTx } from '../../db/database.js';
import type { FormSubmissionTable } from './form-guard.tables.js';

/** A submission as the guard counts it: which form, about what, and keyed hashes of who and what. */
type SubmissionKey = Omit<FormSubmissionTable, 'id' | 'at'>;

/** The same text about the same thing, from the same email or the same address, still remembered. */
export async function hasDuplicateSubmission(db: DbOrTx, f: SubmissionKey): Promise<boolean> {
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

export async function insertSubmission(tx: DbOrTx, f: SubmissionKey, at: string): Promise<void> {
  await tx.insertInto('formSubmissions').values({ ...f, at }).execute();
}

export async function pruneSubmissions(tx: DbOrTx, before: string): Promise<void> {
  await tx.deleteFrom('formSubmissions').where('at', '<', before).execute();
}

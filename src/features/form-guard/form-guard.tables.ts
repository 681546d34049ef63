import type { Generated } from 'kysely';

/** One accepted submission of a public form, as keyed hashes: what rate limits and duplicates count. */
export interface FormSubmissionTable {
  id: Generated<number>;
  /** Which form: 'comment' or 'contact'. */
  form: string;
  /** What the submission was about (`news:12`, `contact`): duplicates are looked for per target. */
  target: string;
  ipHash: string;
  emailHash: string;
  contentHash: string;
  at: string;
}

export interface FormGuardTables {
  formSubmissions: FormSubmissionTable;
}

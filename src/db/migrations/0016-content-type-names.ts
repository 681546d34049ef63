import { sql, type Kysely } from 'kysely';

/*
 * Each content type has one name wherever it is stored: the audit log called news posts
 * `news_post`, while revisions and subscriber notifications used the editor's plural path
 * segments (`publications`, `people`). The audit log is append-only by convention (no trigger
 * guards it), so renaming the subject type is a plain update; nothing else in its rows changes.
 * The search index and comments already use these names.
 */
const RENAMED_CONTENT_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['pages', 'page'],
  ['publications', 'publication'],
  ['projects', 'project'],
  ['events', 'event'],
  ['albums', 'album'],
  ['vacancies', 'vacancy'],
  ['people', 'person'],
  ['organisations', 'organisation'],
  ['topics', 'topic'],
];

/** Idempotency keys of subscriber notifications and their messages start `content:<type>:`. */
async function renameKeyPrefix(db: Kysely<unknown>, table: string, from: string, to: string): Promise<void> {
  const old = `content:${from}:`;
  await sql`update ${sql.table(table)}
    set idempotency_key = ${`content:${to}:`} || substr(idempotency_key, ${old.length + 1})
    where substr(idempotency_key, 1, ${old.length}) = ${old}`.execute(db);
}

type Renames = ReadonlyArray<readonly [string, string]>;

/** Renames stored content type names, each `[from, to]`: audit subjects, revisions, notifications and mail keys. */
async function renameTypes(db: Kysely<unknown>, auditSubjects: Renames, contentTypes: Renames): Promise<void> {
  for (const [from, to] of auditSubjects) {
    await sql`update audit_log set subject_type = ${to} where subject_type = ${from}`.execute(db);
  }
  for (const [from, to] of contentTypes) {
    await sql`update revisions set content_type = ${to} where content_type = ${from}`.execute(db);
    await sql`update subscriber_notification_requests set content_type = ${to} where content_type = ${from}`.execute(db);
    for (const table of ['subscriber_notifications', 'outbox_messages']) await renameKeyPrefix(db, table, from, to);
  }
}

const reversed = (renames: Renames): Renames => renames.map(([from, to]) => [to, from] as const);
const AUDIT_SUBJECTS: Renames = [['news_post', 'news']];

export async function up(db: Kysely<unknown>): Promise<void> {
  await renameTypes(db, AUDIT_SUBJECTS, RENAMED_CONTENT_TYPES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await renameTypes(db, reversed(AUDIT_SUBJECTS), reversed(RENAMED_CONTENT_TYPES));
}

import { sql, type Kysely } from 'kysely';

/*
 * HRD alerts have one name in stored data, `hrd-alert`, as the search index, the sitemap and
 * subscriber notification keys already call them: the audit log still said `hrd_alert` for its
 * subject type and in its actions (`hrd_alert.publish`). The demo's summary row named cases
 * `hrdCase` where every other row says `hrd_case`. Only these rows change.
 */
const OLD_ALERT = 'hrd_alert';
const NEW_ALERT = 'hrd-alert';
const DEMO_CASES_ACTION = 'hrd.demo.create';

/** Renames the alerts' subject type and the prefix of their actions (`<type>.`). */
async function renameAlertType(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  const prefix = `${from}.`;
  await sql`update audit_log set subject_type = ${to} where subject_type = ${from}`.execute(db);
  await sql`update audit_log
    set action = ${`${to}.`} || substr(action, ${prefix.length + 1})
    where substr(action, 1, ${prefix.length}) = ${prefix}`.execute(db);
}

async function renameDemoCasesSubject(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  await sql`update audit_log set subject_type = ${to} where subject_type = ${from} and action = ${DEMO_CASES_ACTION}`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await renameAlertType(db, OLD_ALERT, NEW_ALERT);
  await renameDemoCasesSubject(db, 'hrdCase', 'hrd_case');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await renameAlertType(db, NEW_ALERT, OLD_ALERT);
  await renameDemoCasesSubject(db, 'hrd_case', 'hrdCase');
}

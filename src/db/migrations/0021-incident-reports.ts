import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/*
 * Incident reports sent by the public (src/features/incident-reports). Everything the reporter
 * wrote is sealed (`*_enc`); the plain columns hold only what triage needs to sort and link:
 * the state, the page's language, the day it arrived (a day, not a time, so the row cannot be
 * matched with a request log), and what it became. The receipt is a keyed hash; the passphrase
 * an argon2 hash. No address or browser is ever recorded.
 */
export async function up(db: Db): Promise<void> {
  const table = (name: string) => withId(db, db.schema.createTable(name)) as Table;

  await table('incident_reports')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
    .addColumn('passphrase_hash', 'text', (c) => c.notNull())
    .addColumn('what_enc', 'text', (c) => c.notNull())
    .addColumn('when_enc', 'text', (c) => c.notNull())
    .addColumn('where_enc', 'text', (c) => c.notNull())
    .addColumn('who_enc', 'text')
    .addColumn('reject_reason_enc', 'text')
    .addColumn('duplicate_of_report_id', 'integer', (c) => c.references('incident_reports.id').onDelete('set null'))
    .addColumn('duplicate_of_case_id', 'integer', (c) => c.references('hrd_cases.id').onDelete('set null'))
    .addColumn('case_id', 'integer', (c) => c.references('hrd_cases.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_reports_status').on('incident_reports').columns(['status', 'id']).execute();

  await table('incident_report_messages')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('incident_reports.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_report_messages_report').on('incident_report_messages').columns(['report_id', 'id']).execute();

  await table('incident_report_attachments')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('incident_reports.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('file_name_enc', 'text', (c) => c.notNull())
    .addColumn('media_type_enc', 'text', (c) => c.notNull())
    .addColumn('size_enc', 'text', (c) => c.notNull())
    .addColumn('sha256_enc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_report_attachments_report').on('incident_report_attachments').column('report_id').execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['incident_report_attachments', 'incident_report_messages', 'incident_reports']) await db.schema.dropTable(t).ifExists().execute();
}

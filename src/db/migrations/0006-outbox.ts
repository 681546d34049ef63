import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

// The outbox: one message per recipient, sent by the mail worker. The idempotency key is unique,
// so queueing the same message twice is a no-op; the sender claims due deliveries with a lease
// (locked_until), so a message whose sender died is claimed again once the lease has run out.
export async function up(db: Db): Promise<void> {
  await (withId(db, db.schema.createTable('outbox_messages')) as Table)
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('headers', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_messages_to').on('outbox_messages').column('to_address').execute();

  // The delivery state of each message apart from its body: every attempt rewrites this small
  // row, never the message's kilobytes of HTML.
  await db.schema
    .createTable('outbox_deliveries')
    .addColumn('message_id', 'integer', (c) => c.primaryKey().references('outbox_messages.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_deliveries_due').on('outbox_deliveries').columns(['state', 'next_attempt_at', 'message_id']).execute();
  await db.schema.createIndex('outbox_deliveries_lease').on('outbox_deliveries').columns(['state', 'locked_until']).execute();

  await (withId(db, db.schema.createTable('mail_suppressions')) as Table)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mail_suppressions_email_reason', ['email', 'reason'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['mail_suppressions', 'outbox_deliveries', 'outbox_messages']) await db.schema.dropTable(t).ifExists().execute();
}

import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/**
 * Subscribers with their topics and the record of their consent; newsletters (mailings) with
 * one translation per language; and the notifications already sent about published items or
 * alerts, so each goes out once.
 */
export async function up(db: Db): Promise<void> {
  // The email is stored lower-cased: one row per address, whatever case it was typed in.
  await (withId(db, db.schema.createTable('subscribers')) as Table)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('consent_source', 'text', (c) => c.notNull())
    .addColumn('source_note', 'text')
    .addColumn('consented_at', 'text')
    .addColumn('confirmation_sent_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_status_locale').on('subscribers').columns(['status', 'locale']).execute();

  await db.schema
    .createTable('subscriber_topics')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_topics_pk', ['subscriber_id', 'topic'])
    .execute();
  await db.schema.createIndex('subscriber_topics_topic').on('subscriber_topics').columns(['topic', 'subscriber_id']).execute();

  await (withId(db, db.schema.createTable('mailings')) as Table)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('segment_locale', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('sent_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recipient_count', 'integer')
    .execute();

  await db.schema
    .createTable('mailing_translations')
    .addColumn('mailing_id', 'integer', (c) => c.notNull().references('mailings.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mailing_translations_pk', ['mailing_id', 'locale'])
    .execute();

  await (withId(db, db.schema.createTable('subscriber_notifications')) as Table)
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('queued', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // "Email subscribers" ticked on an item scheduled for later: sent when the item goes public.
  await (withId(db, db.schema.createTable('subscriber_notification_requests')) as Table)
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscriber_notification_requests_item', ['content_type', 'item_id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['subscriber_notification_requests', 'subscriber_notifications', 'mailing_translations', 'mailings', 'subscriber_topics', 'subscribers']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

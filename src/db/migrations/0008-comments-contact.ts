import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/**
 * Readers' comments on news posts and publications, messages sent through Contact Us, and the
 * spam defence's record of accepted submissions (hashes only) shared by both forms.
 */
export async function up(db: Db): Promise<void> {
  // Comments are on by default for news and off for publications: reports are documents people
  // cite, while news posts invite a response. Editors change it per item.
  await db.schema.alterTable('news_posts').addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('publications').addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // One nullable reference per commentable type (rather than a type + id pair) so the database
  // removes a deleted item's comments itself.
  await (withId(db, db.schema.createTable('comments')) as Table)
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('news_post_id', 'integer', (c) => c.references('news_posts.id').onDelete('cascade'))
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('moderated_at', 'text')
    .addColumn('moderated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('comments_news_post').on('comments').columns(['news_post_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_publication').on('comments').columns(['publication_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();

  await (withId(db, db.schema.createTable('contact_messages')) as Table)
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_messages_status_created').on('contact_messages').columns(['status', 'created_at']).execute();

  // Keyed hashes (HMAC) of the sender's address, email and text: enough to count and compare,
  // useless to anyone who copies the table.
  await (withId(db, db.schema.createTable('form_submissions')) as Table)
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_submissions_ip').on('form_submissions').columns(['form', 'ip_hash', 'at']).execute();
  await db.schema.createIndex('form_submissions_email').on('form_submissions').columns(['form', 'email_hash', 'at']).execute();
  await db.schema.createIndex('form_submissions_content').on('form_submissions').columns(['content_hash', 'at']).execute();
  await db.schema.createIndex('form_submissions_at').on('form_submissions').column('at').execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['form_submissions', 'contact_messages', 'comments']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('publications').dropColumn('comments_enabled').execute();
  await db.schema.alterTable('news_posts').dropColumn('comments_enabled').execute();
}

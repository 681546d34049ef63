import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

export async function up(db: Db): Promise<void> {
  await (withId(db, db.schema.createTable('users')) as Table)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled_at', 'text')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await (withId(db, db.schema.createTable('recovery_codes')) as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // The id is the SHA-256 of the cookie's token: a copy of the table cannot be replayed.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('two_factor_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await (withId(db, db.schema.createTable('sign_in_attempts')) as Table)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_email_at').on('sign_in_attempts').columns(['email', 'at']).execute();
  await db.schema.createIndex('sign_in_attempts_ip_at').on('sign_in_attempts').columns(['ip', 'at']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['sign_in_attempts', 'sessions', 'recovery_codes', 'users']) await db.schema.dropTable(t).ifExists().execute();
}

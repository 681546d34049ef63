import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Table = CreateTableBuilder<string, never>;

/**
 * Permanent redirects from old addresses (a WordPress site's permalinks, `?p=` links, archives)
 * to Dove's, editable in the admin; and what `dove import wordpress` has made of each object of
 * an export, so a second run updates the same items instead of adding new ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await (withId(db, db.schema.createTable('redirects')) as Table)
    // Path (and for WordPress query links, one `?name=value`), percent-decoded, without a trailing slash.
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('to_path', 'text', (c) => c.notNull())
    // `import` when `dove import wordpress` made it, `editor` when someone wrote it in the admin.
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await (withId(db, db.schema.createTable('wordpress_import_items')) as Table)
    // The exported site's base address: two sites' post 12 are two objects.
    .addColumn('source', 'text', (c) => c.notNull())
    // `post` (posts and pages), `attachment`, `term` or `comment`, and its WordPress id.
    .addColumn('wp_kind', 'text', (c) => c.notNull())
    .addColumn('wp_id', 'text', (c) => c.notNull())
    // What it became: a content type key, `file` or `comment`, and that row's id.
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text')
    // SHA-256 of what was imported from it, to tell a changed object from an unchanged one.
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('wordpress_import_items_object', ['source', 'wp_kind', 'wp_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wordpress_import_items').ifExists().execute();
  await db.schema.dropTable('redirects').ifExists().execute();
}

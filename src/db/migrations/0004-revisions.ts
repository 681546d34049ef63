import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/**
 * Every saved state of a content item. The unique (type, item, version) key is what refuses
 * a save made over a newer version: two saves from the same version cannot both land.
 * No foreign key to the content tables, so the history outlives a deleted item.
 */
export async function up(db: Db): Promise<void> {
  await (withId(db, db.schema.createTable('revisions')) as Table)
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('revisions_item_version', ['content_type', 'item_id', 'version'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('revisions').ifExists().execute();
}

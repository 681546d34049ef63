import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Facts about this database as a whole, one value per key: when it was first initialised and
 * whether with the demo organisation, and which rows the demo import created. Kept apart from
 * `settings` (the organisation's own, editable in the admin) so emptying the content never
 * makes the database look new again.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('instance_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('instance_state').ifExists().execute();
}

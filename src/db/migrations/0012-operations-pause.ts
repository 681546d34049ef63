import type { Kysely } from 'kysely';

// Whether the site's outgoing actions (mail sending, scheduled publishing) are held. A restore
// sets it, so a restored copy never mails real people or publishes on its own until an admin
// resumes it. At most one row (id 1): present means paused. It lives in the database, not in a
// file, so every server and worker sharing the database sees the same answer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operations_pause')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'text', (c) => c.notNull())
    /** For a restore: when the restored backup was made. */
    .addColumn('backup_created_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('operations_pause').ifExists().execute();
}

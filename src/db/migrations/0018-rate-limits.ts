import type { Kysely } from 'kysely';

// The counts of every rate limit (sign-in, lockout, public forms), shared by all servers on the
// database: one row per limit and key (an address, an account, a keyed hash), with how many
// points it took and when its window ends (milliseconds since the epoch). The columns are those
// rate-limiter-flexible's SQL stores read and write; the table is made here, with the rest of the
// schema, rather than by the store at run time. Counts are not content: backups leave them out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limits').ifExists().execute();
}

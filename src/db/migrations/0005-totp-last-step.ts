import type { Kysely } from 'kysely';

// The last TOTP time step a user signed in with: a code is refused when its step is not newer,
// so a code seen over someone's shoulder cannot be used again while it is still valid.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}

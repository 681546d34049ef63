import { sql, type Kysely } from 'kysely';

/*
 * PDF text used to be extracted by the first indexing call, inside the transaction that
 * published the item. From here on a file's text is extracted once, after upload, by a
 * background job, and `search_file_texts` keeps each file's state: `pending` (queued, or being
 * read by the server whose claim has not expired), `done` (text stored), or `unreadable` (with
 * the reason, shown to editors). The table is rebuilt because SQLite cannot make `text` and
 * `extracted_at` nullable in place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_file_texts_next')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'done', 'unreadable')`))
    .addColumn('text', 'text')
    .addColumn('reason', 'text')
    .addColumn('queued_at', 'text', (c) => c.notNull())
    // A server reading the file holds it until then; after a crash another server takes it over.
    .addColumn('claimed_until', 'text')
    .addColumn('extracted_at', 'text')
    .execute();
  // An empty text came from a file that was either unreadable or has no text layer; reading it
  // again tells which, and gives the editor the reason.
  await sql`insert into search_file_texts_next (sha256, state, text, queued_at, extracted_at)
    select sha256, case when text = '' then 'pending' else 'done' end, case when text = '' then null else text end,
           extracted_at, case when text = '' then null else extracted_at end
    from search_file_texts`.execute(db);
  await db.schema.dropTable('search_file_texts').execute();
  await db.schema.alterTable('search_file_texts_next').renameTo('search_file_texts').execute();
  // PDFs no index call has read yet are queued now, so their text arrives without an edit.
  await sql`insert into search_file_texts (sha256, state, queued_at)
    select distinct f.sha256, 'pending', f.created_at from files f
    where f.mime = 'application/pdf' and not exists (select 1 from search_file_texts s where s.sha256 = f.sha256)`.execute(db);
  await db.schema.createIndex('search_file_texts_state').on('search_file_texts').columns(['state', 'queued_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to the earlier shape: only extracted texts stay; the rest is read again on indexing.
  await db.schema
    .createTable('search_file_texts_prev')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into search_file_texts_prev (sha256, text, extracted_at)
    select sha256, text, extracted_at from search_file_texts where state = 'done'`.execute(db);
  await db.schema.dropTable('search_file_texts').execute();
  await db.schema.alterTable('search_file_texts_prev').renameTo('search_file_texts').execute();
}

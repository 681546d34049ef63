import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../schema-helpers.js';

type Db = Kysely<unknown>;

/**
 * The Khmer syllables of the search index move out of the word columns into columns of their
 * own, as pairs of neighbouring syllables (docs/search.md, "Speed"): `title_syllables` and
 * `body_syllables` in `search_document_texts`; on PostgreSQL a `syllable_vector` (title pairs
 * weight A, body pairs weight B) with its own GIN index, so that the word vector ranking reads
 * stays small; on SQLite two more columns of the FTS5 table, so that a word query and a
 * syllable query are each asked of their own columns. The rows are rewritten by the index
 * rebuild that the new index format starts at the next server start.
 *
 * SQLite also gets a covering index of the vocabulary: typo tolerance reads a range of up to
 * thousands of surface words with their document counts, which through the primary key's index
 * alone meant one table lookup per word (measured: 2 to 4 times the CPU time of the range read).
 */
export async function up(db: Db): Promise<void> {
  for (const column of ['title_syllables', 'body_syllables']) {
    await db.schema
      .alterTable('search_document_texts')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  if (isPostgres(db)) {
    await sql`alter table search_documents add column syllable_vector tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_documents_syllable_vector on search_documents using gin (syllable_vector)`.execute(db);
    return;
  }
  await recreateFts(db, ['title_tokens', 'body_tokens', 'tags', 'title_syllables', 'body_syllables']);
  await db.schema.createIndex('search_terms_covering').on('search_terms').columns(['term', 'doc_count']).execute();
}

export async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists search_documents_syllable_vector`.execute(db);
    await sql`alter table search_documents drop column if exists syllable_vector`.execute(db);
  } else {
    await db.schema.dropIndex('search_terms_covering').ifExists().execute();
    await recreateFts(db, ['title_tokens', 'body_tokens', 'tags']);
  }
  for (const column of ['title_syllables', 'body_syllables']) {
    await db.schema.alterTable('search_document_texts').dropColumn(column).execute();
  }
}

/** SQLite: the FTS5 table over these columns of its content table, its triggers, and its index rebuilt. */
async function recreateFts(db: Db, columns: string[]): Promise<void> {
  for (const trigger of ['search_document_texts_ai', 'search_document_texts_ad', 'search_document_texts_au']) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table if exists search_fts`.execute(db);
  const list = sql.join(columns.map((c) => sql.id(c)));
  const values = (row: 'new' | 'old') => sql.join(columns.map((c) => sql.raw(`${row}.${c}`)));
  // The same tokenizer as before (0002-search): the words are already split and normalised.
  await sql`create virtual table search_fts using fts5(
    ${list},
    content = 'search_document_texts', content_rowid = 'id',
    tokenize = 'ascii'
  )`.execute(db);
  await sql`create trigger search_document_texts_ai after insert on search_document_texts begin
    insert into search_fts (rowid, ${list}) values (new.id, ${values('new')});
  end`.execute(db);
  await sql`create trigger search_document_texts_ad after delete on search_document_texts begin
    insert into search_fts (search_fts, rowid, ${list}) values ('delete', old.id, ${values('old')});
  end`.execute(db);
  await sql`create trigger search_document_texts_au after update on search_document_texts begin
    insert into search_fts (search_fts, rowid, ${list}) values ('delete', old.id, ${values('old')});
    insert into search_fts (rowid, ${list}) values (new.id, ${values('new')});
  end`.execute(db);
  // The rows already stored are indexed again (their syllable columns empty until the rebuild).
  await sql`insert into search_fts (search_fts) values ('rebuild')`.execute(db);
}

import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;

/**
 * The search index: one row per public item and language in `search_documents` (small: what
 * ranking, filters and result lists read), and its text in `search_document_texts`: the words
 * already split and normalised (`title_tokens`, `body_tokens`, space-separated) and the plain
 * body for snippets. Both engines index those same words, so SQLite and PostgreSQL find the
 * same documents; each engine gets its own full-text structure over them, which is why this
 * migration branches.
 */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('search_documents'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('item_date', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addUniqueConstraint('search_documents_item', ['type', 'item_id', 'locale'])
    .execute();
  // The year filter's options come from the newest and oldest public year; search excludes
  // documents whose publication date is still to come, found through published_at.
  await db.schema.createIndex('search_documents_year').on('search_documents').columns(['year', 'published_at']).execute();
  await db.schema.createIndex('search_documents_published_at').on('search_documents').column('published_at').execute();
  await db.schema
    .createTable('search_document_texts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    // The filter values as words (type, language, year), so SQLite filters inside the index.
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .execute();

  // Words of the index with the number of documents holding them: typo tolerance looks up
  // English words near a misspelt one, Khmer search the indexed words that contain a query word.
  // On PostgreSQL the words sort by code point ("C" collation), as on SQLite, so that a prefix
  // or a script (the Khmer block) is one range of the primary key whatever the database's locale.
  await db.schema
    .createTable('search_terms')
    .addColumn('term', isPostgres(db) ? sql`text collate "C"` : 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .execute();

  // Text extracted from attached PDFs, by the SHA-256 of the file: a rebuild parses no PDF twice.
  await db.schema
    .createTable('search_file_texts')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    // Title words carry weight A and body words weight B; the indexer writes the vectors
    // itself from the pre-split words, so PostgreSQL's own parser never re-splits Khmer.
    await sql`alter table search_documents add column vector tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_documents_vector on search_documents using gin (vector)`.execute(db);
    // The title's words again, on their own: the title tier of results is found through this
    // index alone, without reading the documents that have the words only in their body.
    await sql`alter table search_documents add column title_vector tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_documents_title_vector on search_documents using gin (title_vector)`.execute(db);
    return;
  }
  // The words are already split and normalised: the ascii tokenizer splits on the spaces
  // between them and keeps every non-ASCII character (Khmer vowels, subscripts and signs
  // included) inside its word, where unicode61 would cut at each Khmer combining mark.
  await sql`create virtual table search_fts using fts5(
    title_tokens, body_tokens, tags,
    content = 'search_document_texts', content_rowid = 'id',
    tokenize = 'ascii'
  )`.execute(db);
  // Triggers keep the full-text table in step with its content table, in the same transaction.
  await sql`create trigger search_document_texts_ai after insert on search_document_texts begin
    insert into search_fts (rowid, title_tokens, body_tokens, tags) values (new.id, new.title_tokens, new.body_tokens, new.tags);
  end`.execute(db);
  await sql`create trigger search_document_texts_ad after delete on search_document_texts begin
    insert into search_fts (search_fts, rowid, title_tokens, body_tokens, tags)
      values ('delete', old.id, old.title_tokens, old.body_tokens, old.tags);
  end`.execute(db);
  await sql`create trigger search_document_texts_au after update on search_document_texts begin
    insert into search_fts (search_fts, rowid, title_tokens, body_tokens, tags)
      values ('delete', old.id, old.title_tokens, old.body_tokens, old.tags);
    insert into search_fts (rowid, title_tokens, body_tokens, tags) values (new.id, new.title_tokens, new.body_tokens, new.tags);
  end`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (!isPostgres(db)) await sql`drop table if exists search_fts`.execute(db);
  for (const table of ['search_file_texts', 'search_terms', 'search_document_texts', 'search_documents']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../schema-helpers.js';

/**
 * PostgreSQL: the titles of the search documents get a narrow table of their own
 * (`search_titles`), with what ranking and filtering the title tiers of a search need: the
 * title's words, its Khmer syllable pairs, the language, type, year and dates (docs/search.md,
 * "Speed"). A common word is in thousands of titles, and the first results are the best-ranked
 * of all of them: ranking them in `search_documents` visited a wide row on a heap page of its
 * own for each (about one page per title), and filtering them by language intersected the
 * index with the half of the documents in that language. In rows of about 200 bytes the same
 * titles take a few hundred pages, and the language, type and year are plain columns of the
 * rows read anyway (measured over 100,000 documents: a title tier of 7,529 titles in 12 ms
 * against 46–62 ms, on a loaded machine).
 *
 * The index on `search_documents.title_vector` goes: the column stays, read per row by the
 * body tiers to leave out documents with the words in their title.
 *
 * The rows are copied from the index as it stands, so no rebuild is needed. SQLite ranks titles
 * inside its full-text index and needs nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table search_titles (
    id integer primary key references search_documents (id) on delete cascade,
    locale text not null,
    type text not null,
    year integer not null,
    published_at text not null,
    item_date text not null,
    vector tsvector not null default ''::tsvector,
    syllables tsvector not null default ''::tsvector
  )`.execute(db);
  await sql`insert into search_titles (id, locale, type, year, published_at, item_date, vector, syllables)
    select id, locale, type, year, published_at, item_date, title_vector, ts_filter(syllable_vector, '{a}')
    from search_documents`.execute(db);
  await sql`create index search_titles_vector on search_titles using gin (vector)`.execute(db);
  await sql`create index search_titles_syllables on search_titles using gin (syllables)`.execute(db);
  await sql`drop index if exists search_documents_title_vector`.execute(db);
  await sql`analyze search_titles`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index if not exists search_documents_title_vector on search_documents using gin (title_vector)`.execute(db);
  await sql`drop table if exists search_titles`.execute(db);
}

import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../schema-helpers.js';

/**
 * PostgreSQL: the word vectors of `search_documents` (`vector`, and the small `title_vector`)
 * are kept inside the row (storage MAIN) and compressed with lz4 where the server has it
 * (docs/search.md, "Vectors in the row"). A body tier ranks every document holding the query's
 * words, and a Khmer document's word vector (about 2.5 kB) was stored pglz-compressed out of line
 * with its syllable vector: each ranked document cost a TOAST index lookup, a chunk and a pglz
 * decompression, most of the time of a common query. The syllable vector keeps its storage: it
 * is read only to check a syllable phrase, and inline it would leave one Khmer row a page.
 *
 * Storage applies to values written from now on, so the rows already there are written again
 * (their vectors unchanged) and the GIN indexes' pending lists merged. SQLite needs nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  // Migrations run at a server's start, under the pool's statement_timeout (30 s by default),
  // and writing a large index again takes longer: the limit is lifted for this migration's
  // transaction only (Kysely runs PostgreSQL's migrations in one).
  await sql`set local statement_timeout = 0`.execute(db);
  await sql`alter table search_documents alter column vector set storage main, alter column title_vector set storage main`.execute(db);
  // Column compression exists from PostgreSQL 14, and lz4 only in servers built with it:
  // elsewhere the vectors stay pglz-compressed.
  await sql`do $$ begin
      if current_setting('server_version_num')::int >= 140000 then
        alter table search_documents alter column vector set compression lz4, alter column title_vector set compression lz4;
      end if;
    exception when feature_not_supported then null;
    end $$`.execute(db);
  await sql`update search_documents set vector = cast(cast(vector as text) as tsvector), title_vector = cast(cast(title_vector as text) as tsvector)`.execute(db);
  await sql`select gin_clean_pending_list(c.oid) from pg_class c
    where c.relname in ('search_documents_vector', 'search_documents_syllable_vector') and c.relkind = 'i'
      and pg_table_is_visible(c.oid) and pg_has_role(c.relowner, 'USAGE')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table search_documents alter column vector set storage extended, alter column title_vector set storage extended`.execute(db);
  await sql`do $$ begin
      if current_setting('server_version_num')::int >= 140000 then
        alter table search_documents alter column vector set compression default, alter column title_vector set compression default;
      end if;
    end $$`.execute(db);
}

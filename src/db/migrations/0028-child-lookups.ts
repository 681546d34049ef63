import type { Kysely } from 'kysely';

/*
 * Indexes for looking up an item's children by their parent, which neither engine makes for a
 * foreign key by itself: every publication page and list looked for the publication's documents
 * (its downloads, its first-page cover) by reading the whole publication_files table, a cost
 * that grows with the archive (one or two documents per publication). The same holds for an
 * album's photos, a topic's news, a project's publications, a menu's items, a case's evidence
 * and fund requests, and a user's recovery codes; and deleting a parent (a cascade) must find its children the same way.
 */
const INDEXES = [
  { name: 'publication_files_publication', table: 'publication_files', columns: ['publication_id', 'sort_order'] },
  { name: 'album_photos_album', table: 'album_photos', columns: ['album_id', 'sort_order'] },
  { name: 'news_post_topics_topic', table: 'news_post_topics', columns: ['topic_id'] },
  { name: 'publications_project', table: 'publications', columns: ['project_id'] },
  { name: 'menu_items_menu', table: 'menu_items', columns: ['menu_id', 'sort_order'] },
  { name: 'menu_items_parent', table: 'menu_items', columns: ['parent_id'] },
  { name: 'hrd_evidence_case', table: 'hrd_evidence', columns: ['case_id'] },
  { name: 'hrd_fund_requests_case', table: 'hrd_fund_requests', columns: ['case_id'] },
  { name: 'recovery_codes_user', table: 'recovery_codes', columns: ['user_id'] },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { name, table, columns } of INDEXES) await db.schema.createIndex(name).on(table).columns([...columns]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { name } of INDEXES) await db.schema.dropIndex(name).execute();
}

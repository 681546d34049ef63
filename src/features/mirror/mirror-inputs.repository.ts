import { createHash, type Hash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * What the public pages are rendered from, reduced to fingerprints, so that a second run of the
 * copy can tell which pages cannot have changed without rendering them:
 *
 * - one fingerprint per content item (its row, its translations, its topics, files and comments),
 *   found by the item's slug, since every address of an item carries its slug;
 * - one site-wide fingerprint of everything else a page can show: menus, settings, topics, files,
 *   people, the statistics' tables, and of every item the part that decides which lists it is in
 *   and where (status, dates, type, topics, languages, and whether each date is still to come).
 *
 * A page is the same as last time when the site-wide fingerprint is, and so is the fingerprint
 * of every item whose address is the page's own or one it links to: a list or a related-items
 * block shows an item only with a link to it. Tables that no public page shows (accounts,
 * sessions, mail, the audit log, search indexes derived from the content) are left out.
 */

/** Content items: a table with a slug, its translations, and the tables that hang from it. */
interface ItemTable {
  translations: string;
  /** Rows of these tables belong to one item through the column named. */
  parts: ReadonlyArray<{ table: string; column: string; listing: boolean }>;
}

const ITEM_TABLES: Record<string, ItemTable> = {
  publications: {
    translations: 'publication_translations',
    parts: [
      { table: 'publication_topics', column: 'publication_id', listing: true },
      { table: 'publication_files', column: 'publication_id', listing: true },
      { table: 'comments', column: 'publication_id', listing: false },
    ],
  },
  news_posts: {
    translations: 'news_post_translations',
    parts: [
      { table: 'news_post_topics', column: 'news_post_id', listing: true },
      { table: 'comments', column: 'news_post_id', listing: false },
    ],
  },
  events: { translations: 'event_translations', parts: [] },
  albums: { translations: 'album_translations', parts: [{ table: 'album_photos', column: 'album_id', listing: true }] },
  vacancies: { translations: 'vacancy_translations', parts: [] },
  pages: { translations: 'page_translations', parts: [] },
  projects: { translations: 'project_translations', parts: [] },
};

/** Never on a public page: staff, mail, security, bookkeeping, and indexes rebuilt from the content. */
const NOT_PUBLIC = new Set([
  'audit_log', 'contact_messages', 'form_submissions', 'instance_state', 'kysely_migration', 'kysely_migration_lock',
  'mail_suppressions', 'outbox_deliveries', 'outbox_messages', 'operations_pause', 'rate_limits', 'recovery_codes',
  'revisions', 'sessions', 'sign_in_attempts', 'sqlite_sequence', 'subscriber_notification_requests',
  'subscriber_notifications', 'subscriber_topics', 'subscribers', 'users', 'wordpress_import_items',
  'incident_reports', 'incident_report_messages', 'incident_report_attachments', 'hrd_evidence', 'hrd_evidence_legacy_digests',
]);

/** Columns of an item that change on every save without changing what a page shows. */
const BOOKKEEPING = new Set(['updated_at', 'created_at']);

export interface MirrorInputs {
  /** The site-wide fingerprint (see above), including what the caller adds (the code, the options). */
  site: string;
  /** Each content item's fingerprint by its slug (items of several types that share a slug: one combined). */
  items: Map<string, string>;
}

/**
 * Rows per statement. Publications' translations are some 7 KB a row (their bodies): 2,000 at a
 * time made the crawl's heap grow to 160 MB while the fingerprints of 10,000 publications were
 * read, and V8 kept that room through the whole run; at 100 a time the rows die young and the
 * heap stays at 52 MB, for the same processor time (1.9-2.0 s against 2.0-2.5 s).
 */
export const INPUT_ROWS_PER_QUERY = 100;

type Row = Record<string, unknown>;

/** Rows of one table in a fixed order, a batch at a time, so a large table never sits in memory whole. */
async function* rowsOf(db: Db, table: string, orderBy: string[]): AsyncGenerator<Row> {
  const raw = db.withoutPlugins();
  const order = sql.join(orderBy.map((c) => sql.ref(c)));
  for (let offset = 0; ; offset += INPUT_ROWS_PER_QUERY) {
    const { rows } = await sql<Row>`select * from ${sql.table(table)} order by ${order} limit ${INPUT_ROWS_PER_QUERY} offset ${offset}`.execute(raw);
    yield* rows;
    if (rows.length < INPUT_ROWS_PER_QUERY) return;
  }
}

/** A row as text: its values in column order (numbers and strings kept apart). */
function rowText(row: Row, skip?: ReadonlySet<string>): string {
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (skip?.has(column)) continue;
    values.push(value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? String(value) : value);
  }
  return JSON.stringify(values);
}

/** Whether a date-like value is still to come, at the moment and on the day (dates without a time). */
function futureFlags(row: Row, nowIso: string): string {
  let flags = '';
  for (const [column, value] of Object.entries(row)) {
    if (!/_(?:at|on)$|^deadline$/.test(column) || BOOKKEEPING.has(column) || value === null || value === undefined) continue;
    const text = value instanceof Date ? value.toISOString() : String(value);
    flags += `${column}:${text > nowIso ? 1 : 0}${text > nowIso.slice(0, 10) ? 1 : 0};`;
  }
  return flags;
}

/** Reads the public content and returns its fingerprints; `extra` (the code, the options) goes into the site-wide one. */
export async function loadMirrorInputs(db: Db, now: Date, extra: string): Promise<MirrorInputs> {
  const nowIso = now.toISOString();
  const site = createHash('sha256').update(extra).update(`\0year:${now.getUTCFullYear()}`);
  const itemHashes = new Map<string, Hash>();
  const slugs = new Map<string, string>();
  let tables = await db.withoutPlugins().introspection.getTables();
  // PostgreSQL lists the tables of every schema: only those the queries reach (the search path's first) count.
  if (tables.some((t) => t.schema !== undefined)) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.withoutPlugins());
    tables = tables.filter((t) => t.schema === rows[0]?.schema);
  }
  const names = new Set(tables.map((t) => t.name));
  const handled = new Set<string>();

  for (const [table, spec] of Object.entries(ITEM_TABLES)) {
    if (!names.has(table)) continue;
    handled.add(table);
    site.update(`\0table:${table}`);
    for await (const row of rowsOf(db, table, ['id'])) {
      const key = `${table}:${String(row.id)}`;
      slugs.set(key, String(row.slug));
      itemHashes.set(key, createHash('sha256').update(rowText(row)));
      site.update(`${key}${rowText(row, BOOKKEEPING)}${futureFlags(row, nowIso)}\n`);
    }
    if (names.has(spec.translations)) {
      handled.add(spec.translations);
      for await (const row of rowsOf(db, spec.translations, ['item_id', 'locale'])) {
        const key = `${table}:${String(row.item_id)}`;
        itemHashes.get(key)?.update(`\0t${rowText(row)}`);
        // Which languages an item is in decides the lists it is in; its words do not.
        site.update(`${key}:${String(row.locale)}\n`);
      }
    }
    for (const part of spec.parts) {
      if (!names.has(part.table)) continue;
      handled.add(part.table);
      const columns = tables.find((t) => t.name === part.table)!.columns.map((c) => c.name);
      for await (const row of rowsOf(db, part.table, columns)) {
        if (row[part.column] === null || row[part.column] === undefined) continue;
        const key = `${table}:${String(row[part.column])}`;
        const text = rowText(row);
        itemHashes.get(key)?.update(`\0${part.table}${text}`);
        if (part.listing) site.update(`${part.table}${text}\n`);
      }
    }
  }

  for (const table of tables.filter((t) => !handled.has(t.name) && !NOT_PUBLIC.has(t.name) && !t.name.startsWith('search_')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    site.update(`\0table:${table.name}`);
    for await (const row of rowsOf(db, table.name, table.columns.map((c) => c.name))) site.update(`${rowText(row)}\n`);
  }

  const items = new Map<string, string>();
  for (const [key, hash] of itemHashes) {
    const slug = slugs.get(key)!;
    const digest = hash.digest('base64url').slice(0, 22);
    const before = items.get(slug);
    items.set(slug, before === undefined ? digest : createHash('sha256').update(before + digest).digest('base64url').slice(0, 22));
  }
  return { site: site.digest('base64url').slice(0, 22), items };
}

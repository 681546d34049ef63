import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Readers see an item once it is published and its publication date has come: an item
 * scheduled for later is published with a future date and appears on its own.
 * `table` names the item table (or its alias) when the query joins others.
 */
export function publishedAndDue(now: string, table?: string): Expression<SqlBool> {
  const column = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<SqlBool>`(${column('status')} = 'published' and ${column('published_at')} <= ${now})`;
}

/**
 * The earliest publication date still to come among the published items of `table` (null when
 * there is none): when its public items next change by the clock alone, without an edit.
 */
export function nextDueAt(table: string, now: string): RawBuilder<string | null> {
  return sql<string | null>`(select min(published_at) from ${sql.table(table)} where status = 'published' and published_at > ${now})`;
}

/** Published, for types without a publication date (people, organisations). */
export function published(table?: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(table ? `${table}.status` : 'status')} = 'published'`;
}

/**
 * A list's reader-language option, shared by the types whose /km lists put Khmer items first:
 * `locale` is the reader's language; with `only`, items without a text in it are left out.
 */
export interface ReaderLanguage {
  locale: string;
  only: boolean;
}

/** Whether the item `itemId` (a qualified id column) has a text in `locale` in `translationsTable`. */
export function hasTextIn(translationsTable: string, itemId: string, locale: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from ${sql.table(translationsTable)} as own where own.item_id = ${sql.ref(itemId)} and own.locale = ${locale})`;
}

/** 0 for an item with a text in the reader's language, else 1: ordered by first, it puts those first. */
export function readerLanguageRank(translationsTable: string, itemId: string, locale: string): Expression<number> {
  return sql<number>`case when ${hasTextIn(translationsTable, itemId, locale)} then 0 else 1 end`;
}

/**
 * Which stored item an item page shows: readers get the public one at a slug; a preview gets the
 * item with that id whatever its status and date, so an editor sees what readers will.
 */
export type ItemChoice = { slug: string } | { id: number };

/** The condition that picks `which` from the item table `table` (or its alias). */
export function chosenItem(which: ItemChoice, now: string, table: string): Expression<SqlBool> {
  if ('id' in which) return sql<SqlBool>`${sql.ref(`${table}.id`)} = ${which.id}`;
  return sql<SqlBool>`${sql.ref(`${table}.slug`)} = ${which.slug} and ${publishedAndDue(now, table)}`;
}

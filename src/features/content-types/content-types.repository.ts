import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Readers see an item once it is published and its publication date has come: an item
 * scheduled for later is published with a future date and appears on its own.
 * `table` names the item table (or its alias) when the query joins others.
 */
export function publishedAndDue(now: string, table?: string): Expression<SqlBool> {
  const column = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<SqlBool>`(${column('status')} = 'published' and ${column('published_at')} <= ${now})`;
}

/** Published, for types without a publication date (people, organisations). */
export function published(table?: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(table ? `${table}.status` : 'status')} = 'published'`;
}

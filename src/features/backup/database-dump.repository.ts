import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOfDb, type Engine } from '../../db/connection.js';
import type { Db, DbOrTx } from '../../db/database.js';

/*
 * The queries of a logical dump: which tables hold data, their columns, keys and foreign keys
 * (read from the migrated schema itself, so a new table is backed up without touching this
 * file), reading them in key order, and loading them back. Names stay snake_case: these queries
 * run without the camelCase plugin.
 */

/**
 * Tables left out of a dump: Kysely's migration bookkeeping (a restore runs the migrations
 * itself), the rate limits' counts (they belong to the running site, not to its content) and the search index, which is rebuilt from the content after a restore (on SQLite
 * the full-text table and its shadow tables, on PostgreSQL tsvector columns neither engine
 * could load into the other).
 */
const EXCLUDED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'rate_limits', 'search_documents', 'search_document_texts', 'search_titles', 'search_terms']);
const EXCLUDED_PREFIXES = ['sqlite_', 'search_fts'];

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Other tables this one points to with a foreign key. */
  references: string[];
}

type RawDb = Kysely<Record<string, Record<string, unknown>>>;

function raw(db: DbOrTx): RawDb {
  return db.withoutPlugins() as unknown as RawDb;
}

async function rowsOf<T>(db: DbOrTx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(raw(db))).rows;
}

function isDataTable(name: string): boolean {
  return !EXCLUDED_TABLES.has(name) && !EXCLUDED_PREFIXES.some((p) => name.startsWith(p));
}

async function sqliteTables(db: DbOrTx): Promise<TableInfo[]> {
  const names = await rowsOf(db, sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`);
  const tables: TableInfo[] = [];
  for (const { name } of names.filter((n) => isDataTable(n.name))) {
    const columns = await rowsOf(db, sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name}) order by cid`);
    const fks = await rowsOf(db, sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`);
    tables.push({
      name,
      columns: columns.map((c) => c.name),
      primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: [...new Set(fks.map((f) => f.table))],
    });
  }
  return tables;
}

async function postgresTables(db: DbOrTx): Promise<TableInfo[]> {
  const columns = await rowsOf(db, sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`);
  const keys = await rowsOf(db, sql<{ table_name: string; column_name: string }>`
    select t.relname as table_name, a.attname as column_name from pg_index i
    join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = any(i.indkey)
    where i.indisprimary and n.nspname = current_schema() order by t.relname, a.attnum`);
  const fks = await rowsOf(db, sql<{ table_name: string; referenced: string }>`
    select t.relname as table_name, r.relname as referenced from pg_constraint c
    join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = current_schema()`);
  const byName = new Map<string, TableInfo>();
  for (const c of columns) {
    if (!isDataTable(c.table_name)) continue;
    const table = byName.get(c.table_name) ?? { name: c.table_name, columns: [], primaryKey: [], references: [] };
    table.columns.push(c.column_name);
    byName.set(c.table_name, table);
  }
  for (const k of keys) byName.get(k.table_name)?.primaryKey.push(k.column_name);
  for (const f of fks) {
    const table = byName.get(f.table_name);
    if (table && !table.references.includes(f.referenced)) table.references.push(f.referenced);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every data table, ordered so that a table comes after the tables it references: loading in
 * this order satisfies the foreign keys. A table that references itself loads in key order,
 * where a parent row comes before its children.
 */
export async function listDataTables(db: DbOrTx): Promise<TableInfo[]> {
  const tables = engineOfDb(db as Db) === 'postgres' ? await postgresTables(db) : await sqliteTables(db);
  return inDependencyOrder(tables);
}

export function inDependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') throw new Error(`The tables ${path.join(' → ')} reference each other in a cycle.`);
    state.set(table.name, 'visiting');
    for (const ref of table.references) {
      const target = byName.get(ref);
      if (target && ref !== table.name) visit(target, [...path, ref]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, [table.name]);
  return ordered;
}

/**
 * Runs `read` inside one snapshot of the database: everything it reads belongs to the same
 * moment, while the site goes on writing. SQLite (WAL): one read transaction. PostgreSQL:
 * REPEATABLE READ, READ ONLY.
 */
export async function readInSnapshot<T>(db: Db, read: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (engineOfDb(db) === 'postgres') {
    return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
  }
  return db.transaction().execute(read);
}

/** The rows of `table` in primary-key order, `batchSize` at a time (keyset paging; offset without a key). */
export async function* readTableRows(db: DbOrTx, table: TableInfo, batchSize: number): AsyncGenerator<Array<Record<string, unknown>>> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const order = table.primaryKey.length ? table.primaryKey : table.columns;
  const orderBy = sql.join(order.map((c) => sql.ref(c)));
  let last: Record<string, unknown> | undefined;
  for (let offset = 0; ; offset += batchSize) {
    const after =
      table.primaryKey.length && last
        ? sql`where (${orderBy}) > (${sql.join(table.primaryKey.map((c) => last![c]))})`
        : sql``;
    const skip = table.primaryKey.length ? sql`` : sql`offset ${offset}`;
    const rows = await rowsOf(db, sql<Record<string, unknown>>`select ${columns} from ${sql.table(table.name)} ${after} order by ${orderBy} limit ${batchSize} ${skip}`);
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    last = rows[rows.length - 1];
  }
}

/** SQLite checks foreign keys at commit instead of per row, so a table that references itself can load in key order. */
export async function deferForeignKeyChecks(tx: DbOrTx): Promise<void> {
  if (engineOfDb(tx as Db) === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(tx);
}

/** Inserts rows given as values in the order of `columns`. */
export async function insertRows(db: DbOrTx, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(rows.map((row) => sql`(${sql.join(row)})`));
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${values}`.execute(raw(db));
}

export async function countRows(db: DbOrTx, table: string): Promise<number> {
  const [row] = await rowsOf(db, sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`);
  return Number(row?.n ?? 0);
}

/**
 * PostgreSQL only: identity columns keep their own counter, which rows loaded with their ids do
 * not move; each is set past the largest id so the next insert does not collide. (SQLite's
 * AUTOINCREMENT follows the largest id by itself.)
 */
export async function resetSequences(db: DbOrTx): Promise<void> {
  if (engineOfDb(db as Db) !== 'postgres') return;
  const identities = await rowsOf(db, sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`);
  for (const { table_name: table, column_name: column } of identities) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(raw(db));
  }
}

/** The newest migration the database has applied, or undefined for a database never migrated. */
export async function lastAppliedMigration(db: DbOrTx): Promise<string | undefined> {
  try {
    const [row] = await rowsOf(db, sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`);
    return row?.name;
  } catch {
    return undefined;
  }
}

/** The engine of a database handle, for the manifest and the value codec. */
export function engineOfHandle(db: DbOrTx): Engine {
  return engineOfDb(db as Db);
}

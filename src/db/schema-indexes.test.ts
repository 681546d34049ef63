import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import type { Db } from './database.js';

/** Foreign keys that delete their rows with the parent, as `table.column`, with no index led by the column. */
async function unindexedCascades(db: Db, engine: string): Promise<string[]> {
  if (engine === 'postgres') {
    const { rows } = await sql<{ name: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confdeltype = 'c' and cardinality(c.conkey) = 1
        and c.connamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`.execute(db);
    return rows.map((r) => r.name).sort();
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const missing: string[] = [];
  for (const { name: table } of tables.rows) {
    // Column names come back in camelCase, through the connection's plugin.
    const keys = await sql<{ from: string; onDelete: string }>`select * from pragma_foreign_key_list(${table})`.execute(db);
    const indexes = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(db);
    const leading = new Set<string>();
    for (const { name } of indexes.rows) {
      const columns = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db);
      if (columns.rows[0]) leading.add(columns.rows[0].name);
    }
    const primary = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
    for (const { name, pk } of primary.rows) if (pk === 1) leading.add(name);
    for (const key of keys.rows) if (key.onDelete === 'CASCADE' && !leading.has(key.from)) missing.push(`${table}.${key.from}`);
  }
  return missing.sort();
}

for (const engine of testEngines()) {
  describe(`schema indexes (${engine})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestApp(engine, { contentDir: false });
    });
    after(() => ctx.close());

    // A child found by its parent without an index is a read of its whole table: on every page
    // that shows the children (a publication's documents), and on every delete of a parent.
    it('indexes every foreign key that deletes its rows with the parent', async () => {
      assert.deepEqual(await unindexedCascades(ctx.db, engine), []);
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type KyselyPlugin } from 'kysely';
import { openDatabase } from '../../db/connection.js';
import type { Db } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { INPUT_ROWS_PER_QUERY, loadMirrorInputs } from './mirror-inputs.repository.js';

describe('the fingerprints of what the copy is made from (sqlite)', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-inputs-'));
  let db: Db;
  before(async () => {
    db = openDatabase(path.join(folder, 'dove.sqlite'));
    await migrateToLatest(db);
    // A public table of its own, larger than one statement's rows.
    await sql`create table mirror_inputs_rows (id integer primary key, words text not null)`.execute(db);
    for (let i = 1; i <= INPUT_ROWS_PER_QUERY * 2 + 50; i += 1) await sql`insert into mirror_inputs_rows (id, words) values (${i}, ${`row ${i}`})`.execute(db);
  });
  after(async () => {
    await db.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reads a few rows at a time, and every row counts', async () => {
    let largest = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        largest = Math.max(largest, args.result.rows.length);
        return args.result;
      },
    };
    const watched = { withoutPlugins: () => db.withoutPlugins().withPlugin(counter) } as unknown as Db;
    const now = new Date('2026-12-08T00:00:00Z');
    const first = await loadMirrorInputs(watched, now, '');
    assert.equal(largest, INPUT_ROWS_PER_QUERY);
    assert.ok(INPUT_ROWS_PER_QUERY <= 100, 'rows of 7 KB, a hundred at a time at most');
    // The last row, in the last statement's few, changes the fingerprint.
    await sql`update mirror_inputs_rows set words = 'changed' where id = ${INPUT_ROWS_PER_QUERY * 2 + 50}`.execute(db);
    assert.notEqual((await loadMirrorInputs(db, now, '')).site, first.site);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFreshDatabase, testEngines, type FreshDatabase } from '../../test/helpers/test-app.js';
import { openDatabase } from './connection.js';
import type { Db } from './database.js';
import { MIGRATION_NAMES, migrateToLatest, underStartLock } from './migrate.js';

// PostgreSQL only: a SQLite database serves one server, whose start runs without a lock.
for (const engine of testEngines().filter((e) => e === 'postgres')) {
  describe(`the start lock (${engine})`, () => {
    let fresh: FreshDatabase;
    let others: Db[];
    before(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-start-lock-'));
      fresh = await createFreshDatabase(engine, { dataDir: dir, removeDir: dir });
      others = [openDatabase(fresh.config.databaseUrl), openDatabase(fresh.config.databaseUrl)];
    });
    after(async () => {
      for (const db of others) await db.destroy();
      await fresh.drop();
    });

    it('lets three simultaneous starts on an empty database migrate it once, one after the other', async () => {
      const inside: number[] = [];
      let holders = 0;
      const start = (db: Db) =>
        underStartLock(db, async () => {
          holders += 1;
          inside.push(holders);
          try {
            return await migrateToLatest(db);
          } finally {
            holders -= 1;
          }
        });
      const applied = await Promise.all([fresh.db, ...others].map(start));
      assert.deepEqual(inside, [1, 1, 1], 'never two at once');
      assert.deepEqual(applied.flat().sort(), [...MIGRATION_NAMES].sort(), 'each migration applied once');
      assert.equal(applied.filter((names) => names.length > 0).length, 1);
    });
  });
}

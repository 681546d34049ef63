import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createFreshDatabase, testEngines, type FreshDatabase } from '../../../test/helpers/test-app.js';
import { migrateTo, migrateToLatest } from '../../db/migrate.js';
import { findPlace, findTermByCode, placeName, termLabel } from './vocabularies.repository.js';

const NOW = '2024-01-01T00:00:00.000Z';

for (const engine of testEngines()) {
  describe(`migration 0015: vocabulary labels and place names in rows (${engine})`, () => {
    let fresh: FreshDatabase;

    before(async () => {
      fresh = await createFreshDatabase(engine, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dove-migration-')) });
      await migrateTo(fresh.db, '0014-pdf-text-state');
      // Rows as the per-language columns held them, written in plain SQL: the columns are gone from the types.
      await sql`insert into vocabulary_terms (vocabulary, code, position, label_en, label_km, description_en, description_km, active, created_at, updated_at)
        values ('right', 'water', 10, 'Right to water', 'សិទ្ធិទទួលបានទឹក', 'Access to safe water.', null, 1, ${NOW}, ${NOW}),
               ('right', 'untranslated', 20, 'Untranslated', '', null, null, 1, ${NOW}, ${NOW})`.execute(fresh.db);
      await sql`insert into places (level, code, iso, name_en, name_km) values ('province', '23', 'KH-23', 'Kep', 'កែប')`.execute(fresh.db);
      await migrateToLatest(fresh.db);
    });

    after(() => fresh.drop());

    it('copies each language of a term into its own row, description included', async () => {
      const water = (await findTermByCode(fresh.db, 'right', 'water'))!;
      assert.deepEqual(water.labels, [
        { locale: 'en', text: 'Right to water' },
        { locale: 'km', text: 'សិទ្ធិទទួលបានទឹក' },
      ]);
      assert.deepEqual(water.descriptions, [{ locale: 'en', text: 'Access to safe water.' }]);
    });

    it('makes no row for an empty label, so the other language stands in', async () => {
      const term = (await findTermByCode(fresh.db, 'right', 'untranslated'))!;
      assert.deepEqual(term.labels.map((l) => l.locale), ['en']);
      assert.equal(termLabel(term, 'km'), 'Untranslated');
    });

    it('copies place names, and drops the per-language columns', async () => {
      const id = Number((await sql<{ id: number }>`select id from places where code = '23'`.execute(fresh.db)).rows[0]!.id);
      const kep = (await findPlace(fresh.db, id))!;
      assert.equal(placeName(kep, 'km'), 'កែប');
      assert.equal(placeName(kep, 'en'), 'Kep');
      await assert.rejects(sql`select name_km from places`.execute(fresh.db));
      await assert.rejects(sql`select label_km from vocabulary_terms`.execute(fresh.db));
    });
  });
}

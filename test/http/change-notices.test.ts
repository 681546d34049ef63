import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import type { Db } from '../../src/db/database.js';
import { findSiteSettings, saveSiteSettings } from '../../src/features/site-settings/site-settings.repository.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/** Generous bound for a notice to arrive on a loaded machine; the test polls, it does not time. */
const ARRIVAL_BOUND_MS = 10_000;

// Two apps on one PostgreSQL database stand for two servers (test/process/cluster.test.ts runs
// real separate processes); on SQLite there is one server, whose own caches test/http/page-cache.test.ts covers.
if (testEngines().includes('postgres')) {
  describe('a change on one app empties the caches of another on the same database (postgres)', () => {
    let a: TestContext;
    let db: Db;
    let b: FastifyInstance;
    before(async () => {
      a = await createTestApp('postgres');
      db = openDatabase(a.config.databaseUrl);
      b = await buildApp({ config: a.config, db, logger: false });
      await b.ready();
    });
    after(async () => {
      await b.close();
      await db.destroy();
      await a.close();
    });

    it("shows the new organisation name on the other app's cached page", async () => {
      const page = () => b.inject({ url: '/en/follow-us' });
      await page();
      assert.equal((await page()).headers['x-page-cache'], 'hit');
      const settings = (await findSiteSettings(a.db))!;
      await saveSiteSettings(a.db, { ...settings, name: { ...settings.name, en: 'Renamed Centre' } });
      assert.doesNotMatch((await page()).body, /Renamed Centre/, 'cached until told');
      a.app.contentChanged();
      const deadline = Date.now() + ARRIVAL_BOUND_MS;
      while (!/Renamed Centre/.test((await page()).body)) {
        assert.ok(Date.now() < deadline, `not shown within ${ARRIVAL_BOUND_MS} ms`);
        await sleep(20);
      }
    });
  });
}

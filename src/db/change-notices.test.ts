import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createTestApp, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import { announceChange, CHANGE_CHANNEL, startChangeNotices, type ChangeNotices } from './change-notices.js';
import { openDatabase } from './connection.js';
import type { Db } from './database.js';

/** Generous bound for a notice to arrive on a loaded machine; the tests poll, they do not time. */
const ARRIVAL_BOUND_MS = 10_000;

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ARRIVAL_BOUND_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ARRIVAL_BOUND_MS} ms`);
    await sleep(20);
  }
}

for (const engine of testEngines()) {
  describe(`change notices (${engine})`, () => {
    let t: TestContext;
    let other: Db;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      other = openDatabase(t.config.databaseUrl);
    });
    after(async () => {
      await other.destroy();
      await t.close();
    });

    it('hears a change announced by a command on its own connection, once per announcement', async () => {
      let heard = 0;
      const errors: Error[] = [];
      const notices = startChangeNotices(t.db, { onChange: () => (heard += 1), onError: (e) => errors.push(e) }, { pollMs: 20 });
      try {
        // A PostgreSQL listener hears only what is sent once it listens; SQLite's counter has no such window.
        if (engine === 'postgres') await until('it listens', async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${CHANGE_CHANNEL}`}`.execute(t.db)).rows[0]!.n >= 2);
        else await sleep(100);
        assert.equal(heard, 0, 'nothing changed yet');
        await announceChange(other);
        await until('the change is heard', () => heard === 1);
        await announceChange(other);
        await until('the second change is heard', () => heard === 2);
        await sleep(100);
        assert.equal(heard, 2, 'each change is heard once');
        assert.deepEqual(errors, []);
      } finally {
        await notices.close();
      }
    });

    if (engine === 'sqlite') {
      it("needs no notices between servers on SQLite: one server, which empties its own caches", async () => {
        let heard = 0;
        const notices = startChangeNotices(t.db, { onChange: () => (heard += 1), onError: () => {} }, { pollMs: 20 });
        await notices.publish();
        await sleep(100);
        await notices.close();
        assert.equal(heard, 0);
      });
      return;
    }

    it("tells every other process of a change, not the one that made it, and hears again after losing its connection", async () => {
      const heard = { a: 0, b: 0 };
      const errors: Error[] = [];
      const listeners = async () =>
        (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${CHANGE_CHANNEL}`}`.execute(t.db)).rows;
      // The test app listens too, on a connection of its own: counted once it is up.
      await until('the app listens', async () => (await listeners()).length >= 1);
      const others = (await listeners()).length;
      const a: ChangeNotices = startChangeNotices(t.db, { onChange: () => (heard.a += 1), onError: (e) => errors.push(e) });
      const b: ChangeNotices = startChangeNotices(other, { onChange: () => (heard.b += 1), onError: (e) => errors.push(e) });
      try {
        await until('both listen', async () => (await listeners()).length === others + 2);
        await a.publish();
        await until('b hears a', () => heard.b === 1);
        assert.equal(heard.a, 0);

        // The server drops the listening connections (a restart, a failover): notices sent
        // meanwhile are lost, so each listener empties its caches once it listens again.
        for (const { pid } of await listeners()) await sql`select pg_terminate_backend(${pid})`.execute(t.db);
        await until('both listen again and empty their caches', () => heard.a === 1 && heard.b === 2);
        assert.ok(errors.length > 0, 'the lost connection is reported');
        await until('both listen again', async () => (await listeners()).length === others + 2);
        await b.publish();
        await until('a hears b on its new connection', () => heard.a === 2);
        assert.equal(heard.b, 2);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}

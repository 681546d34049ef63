import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import { openDatabase } from './connection.js';
import type { Db } from './database.js';
import { createRateLimits, type RateLimits } from './rate-limits.js';

/**
 * What every store must do: count atomically under concurrency, share counts between processes
 * (here two connections), give back, forget, and end a window.
 */
function behavesAsALimit(label: string, open: () => Promise<{ first: RateLimits; second: RateLimits; close(): Promise<void> }>) {
  describe(`rate limits (${label})`, () => {
    let stores: Awaited<ReturnType<typeof open>>;
    before(async () => {
      stores = await open();
    });
    after(() => stores.close());
    // Fresh names per run: the Redis store outlives the test.
    const name = (what: string) => `${what}-${randomUUID()}`;

    it('passes exactly the limit when many take at once, through two connections', async () => {
      const limitName = name('race');
      const rule = { points: 10, windowSeconds: 60 };
      const [a, b] = [stores.first.limit(limitName, rule), stores.second.limit(limitName, rule)];
      const takes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('192.0.2.1')));
      assert.equal(takes.filter((t) => t.ok).length, 10);
      assert.deepEqual(takes.filter((t) => t.ok).map((t) => t.remaining).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(await b.isSpent('192.0.2.1'), true);
      assert.equal(await a.isSpent('192.0.2.2'), false);
    });

    it('gives points back, forgets a key, and keeps limits and keys apart', async () => {
      const rule = { points: 2, windowSeconds: 60 };
      const limit = stores.first.limit(name('give'), rule);
      const other = stores.first.limit(name('other'), rule);
      assert.equal((await limit.take('k', 2)).ok, true);
      assert.equal((await limit.take('k')).ok, false);
      assert.equal((await other.take('k')).ok, true);
      assert.equal((await limit.take('j')).ok, true);
      await limit.reset('k');
      assert.equal((await limit.take('k')).remaining, 1);
      await limit.giveBack('k');
      assert.equal((await limit.take('k')).remaining, 1);
    });

    it('starts counting again when the window has ended', async () => {
      const limit = stores.first.limit(name('window'), { points: 1, windowSeconds: 1 });
      assert.equal((await limit.take('k')).ok, true);
      assert.equal((await limit.take('k')).ok, false);
      await sleep(1_200);
      assert.equal((await limit.take('k')).ok, true);
    });
  });
}

for (const engine of testEngines()) {
  behavesAsALimit(`${engine}, in the rate_limits table`, async () => {
    const t: TestContext = await createTestApp(engine, { contentDir: false });
    const other: Db = openDatabase(t.config.databaseUrl);
    const first = createRateLimits(t.db);
    const second = createRateLimits(other);
    assert.equal(first.store, engine);
    return {
      first,
      second,
      async close() {
        await Promise.all([first.close(), second.close()]);
        await other.destroy();
        await t.close();
      },
    };
  });
}

// Redis is the store for sites that set REDIS_URL; CI runs one at TEST_REDIS_URL, like PostgreSQL.
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error('CI must set TEST_REDIS_URL: the Redis store may not go untested in CI.');
if (!redisUrl) console.warn('\n!! SKIPPED: the Redis rate-limit store. Set TEST_REDIS_URL=redis://127.0.0.1:6379 to test it. !!\n');
else {
  behavesAsALimit('Redis', async () => {
    const t: TestContext = await createTestApp('sqlite', { contentDir: false });
    const first = createRateLimits(t.db, { redisUrl });
    const second = createRateLimits(t.db, { redisUrl });
    assert.equal(first.store, 'redis');
    return {
      first,
      second,
      async close() {
        await Promise.all([first.close(), second.close()]);
        await t.close();
      },
    };
  });
}

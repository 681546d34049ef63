import type { Redis } from 'ioredis';
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, RateLimiterSQLite, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { driverOf } from './connection.js';
import type { Db } from './database.js';

/**
 * Every limited route (sign-in, its lockout, the public forms) counts through this one
 * mechanism: `rate-limiter-flexible`, whose stores count with one atomic statement, so that
 * requests racing each other, on one server or several, never pass more than the limit. The
 * counts live in the database (the `rate_limits` table of migration 0018) or, when REDIS_URL
 * is set, in Redis. Windows are fixed: a key's count starts with its first point and is
 * forgotten when its window ends.
 */

export interface LimitRule {
  /** Points a key may take in one window. */
  points: number;
  windowSeconds: number;
}

export interface Limit {
  readonly rule: LimitRule;
  /**
   * Takes `points` from the key's allowance. Refused when the allowance is spent; a refused take
   * still counts (a client hammering a spent key keeps it spent), so nothing is to be given back.
   */
  take(key: string, points?: number): Promise<{ ok: boolean; remaining: number }>;
  /** Gives back points taken for something that turned out not to count (a duplicate, a success). */
  giveBack(key: string, points?: number): Promise<void>;
  /** Forgets the key's count (a completed sign-in clears the failures before it). */
  reset(key: string): Promise<void>;
  /** Whether the key's allowance is spent, without taking anything. */
  isSpent(key: string): Promise<boolean>;
}

export interface RateLimits {
  /** Where the counts are kept. */
  readonly store: 'postgres' | 'sqlite' | 'redis';
  /** The limit named `name` (its keys are kept apart from other limits' keys). */
  limit(name: string, rule: LimitRule): Limit;
  close(): Promise<void>;
}

/** The table created by migration 0018; the stores never create tables themselves. */
export const RATE_LIMITS_TABLE = 'rate_limits';
/** How often rows of ended windows are deleted from the table (any server may; deleting twice is harmless). */
const PRUNE_INTERVAL_MS = 5 * 60_000;

/** A limit's store, or (Redis's) a way to make it when the limit is first used: its client is loaded and made then. */
type StoreFor = (name: string, rule: LimitRule) => RateLimiterStoreAbstract | (() => Promise<RateLimiterStoreAbstract>);

export function createRateLimits(db: Db, options: { redisUrl?: string | undefined } = {}): RateLimits {
  if (options.redisUrl) return redisLimits(options.redisUrl);
  const driver = driverOf(db);
  const shared = { tableName: RATE_LIMITS_TABLE, tableCreated: true, clearExpiredByTimeout: false };
  const storeFor: StoreFor =
    driver.engine === 'postgres'
      ? (name, rule) => new RateLimiterPostgres({ ...shared, storeClient: driver.pool, storeType: 'pool', keyPrefix: name, points: rule.points, duration: rule.windowSeconds })
      : (name, rule) => new RateLimiterSQLite({ ...shared, storeClient: driver.sqlite, storeType: 'better-sqlite3', keyPrefix: name, points: rule.points, duration: rule.windowSeconds });
  const limits = limitsOver(driver.engine, storeFor);
  const prune = setInterval(() => {
    // Ended windows of any limit: each store deletes by expiry, whatever the key.
    const [any] = limits.stores();
    if (any) void (any as unknown as { clearExpired(before: number): Promise<void> }).clearExpired(Date.now()).catch(() => {});
  }, PRUNE_INTERVAL_MS);
  prune.unref();
  return {
    ...limits,
    async close() {
      clearInterval(prune);
    },
  };
}

/**
 * ioredis is loaded, and the client made, when a limit is first used rather than with the app:
 * an app that never limits anything (the mirror's rendering threads) neither loads it nor connects.
 */
function redisLimits(url: string): RateLimits {
  let client: Promise<Redis> | undefined;
  const connect = () =>
    (client ??= import('ioredis').then(({ Redis }) => {
      // A command waits for the connection at start; while Redis is unreachable later it fails after
      // one retry instead of holding the request until Redis comes back.
      const made = new Redis(url, { maxRetriesPerRequest: 1 });
      made.on('error', () => {
        // Reconnection is ioredis's own; a request meanwhile fails with the store's error.
      });
      return made;
    }));
  const limits = limitsOver('redis', (name, rule) => async () => new RateLimiterRedis({ storeClient: await connect(), keyPrefix: `dove:${name}`, points: rule.points, duration: rule.windowSeconds }));
  return {
    ...limits,
    async close() {
      if (client) (await client).disconnect();
    },
  };
}

function limitsOver(store: RateLimits['store'], storeFor: StoreFor): Omit<RateLimits, 'close'> & { stores(): ReturnType<StoreFor>[] } {
  const made = new Map<string, { limit: Limit; limiter: ReturnType<StoreFor> }>();
  return {
    store,
    stores: () => [...made.values()].map((m) => m.limiter),
    limit(name, rule) {
      const found = made.get(name);
      if (found) {
        if (found.limit.rule.points !== rule.points || found.limit.rule.windowSeconds !== rule.windowSeconds) throw new Error(`the limit ${name} was made with another rule`);
        return found.limit;
      }
      const limiter = storeFor(name, rule);
      const limit = limitOf(limiter, rule);
      made.set(name, { limit, limiter });
      return limit;
    },
  };
}

function limitOf(made: ReturnType<StoreFor>, rule: LimitRule): Limit {
  let deferred: Promise<RateLimiterStoreAbstract> | undefined;
  const store = async () => (typeof made === 'function' ? (deferred ??= made()) : made);
  return {
    rule,
    async take(key, points = 1) {
      try {
        const res = await (await store()).consume(key, points);
        return { ok: true, remaining: res.remainingPoints };
      } catch (refusal) {
        // The store rejects with its answer when the allowance is spent, with an Error when it failed.
        if (refusal instanceof RateLimiterRes) return { ok: false, remaining: 0 };
        throw refusal;
      }
    },
    async giveBack(key, points = 1) {
      await (await store()).reward(key, points);
    },
    async reset(key) {
      await (await store()).delete(key);
    },
    async isSpent(key) {
      const res = await (await store()).get(key);
      return res !== null && res.consumedPoints >= rule.points;
    },
  };
}

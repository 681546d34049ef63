import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { announceChange } from '../../src/db/change-notices.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureReferenceData } from '../../src/features/hrd-vocabularies/vocabularies.repository.js';
import { seedDatabase } from '../../src/seed/seed.js';
import type { BenchCase, CaseReport } from '../lib/case.js';
import { runLoad, type Measurement } from '../lib/load.js';
import { markdownTable } from '../lib/report.js';
import { startDoveServer, type RunningServer } from '../lib/server.js';

/**
 * One, two and three servers on one PostgreSQL database, page cache on and off, under the site
 * mix (home, a list, an item, in both languages). Each server gets its share of the connections
 * from its own autocannon, all at once; req/s is their sum and p99 the worst of theirs. On a
 * machine of 2 cores, more servers share the same cores: the figures show the cost of the
 * shared caches and limits, not the gain of more machines.
 */

const REQUEST_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html' };
const MIX = ['/en/', '/km/', '/en/publications', '/km/news', '/en/about/people'];
/** The bench's own database on the PostgreSQL server of TEST_DATABASE_URL (or BENCH_DATABASE_URL), kept between runs. */
const DATABASE_NAME = 'dove_bench_cluster';
const SESSION_SECRET = 'bench-cluster-secret-of-at-least-32-characters';

interface Row {
  servers: number;
  pageCache: boolean;
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  loadAverage: number;
}

/** The database with the demo's content, made once (the import takes a while) and reused. */
async function prepareDatabase(log: (line: string) => void): Promise<{ url: string; dataDir: string }> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('The cluster bench needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server where it may create a database.');
  const url = new URL(server);
  url.pathname = `/${DATABASE_NAME}`;
  const dataDir = path.join(os.tmpdir(), 'dove-bench-cluster');
  const admin = openDatabase(server);
  try {
    const exists = await sql<{ n: number }>`select count(*) as n from pg_database where datname = ${DATABASE_NAME}`.execute(admin);
    if (Number(exists.rows[0]!.n) > 0 && fs.existsSync(path.join(dataDir, 'ready'))) return { url: url.href, dataDir };
    log('Preparing the cluster bench database (the demo content, once) …');
    await sql`drop database if exists ${sql.id(DATABASE_NAME)} with (force)`.execute(admin);
    await sql`create database ${sql.id(DATABASE_NAME)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(url.href);
  try {
    await migrateToLatest(db);
    await ensureReferenceData(db);
    await seedDatabase(db, loadConfig({ DATABASE_URL: url.href, DATA_DIR: dataDir, SESSION_SECRET, LOG_LEVEL: 'silent' }));
  } finally {
    await db.destroy();
  }
  fs.writeFileSync(path.join(dataDir, 'ready'), '');
  return { url: url.href, dataDir };
}

/** A change must be on every server within this many milliseconds (issue: "within one second"). */
export const PROPAGATION_TARGET_MS = 1_000;
const PROPAGATION_ROUNDS = 10;

/**
 * How long a change takes to show on the other servers: a news title is changed in the database
 * and announced as a server announces its own changes (one NOTIFY), while servers 2 and 3 hold the
 * page in their caches; each is then read every few milliseconds until it shows the new title.
 * One figure per round: the later of the two servers.
 */
async function measurePropagation(servers: RunningServer[], databaseUrl: string): Promise<number[]> {
  const db = openDatabase(databaseUrl);
  try {
    const news = await db.selectFrom('newsPosts').select(['id', 'slug']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    const pagePath = `/en/news/${news.slug}`;
    const readers = servers.slice(1);
    const rounds: number[] = [];
    for (let round = 1; round <= PROPAGATION_ROUNDS; round += 1) {
      for (const s of readers) for (let i = 0; i < 2; i += 1) await fetch(`${s.url}${pagePath}`).then((r) => r.arrayBuffer());
      const title = `Propagation round ${round} ${Date.now()}`;
      await db.updateTable('newsPostTranslations').set({ title }).where('itemId', '=', news.id).where('locale', '=', 'en').execute();
      const started = performance.now();
      await announceChange(db);
      const seen = await Promise.all(readers.map((s) => firstShowing(`${s.url}${pagePath}`, title, started)));
      rounds.push(Math.max(...seen));
    }
    return rounds;
  } finally {
    await db.destroy();
  }
}

/** Milliseconds from `started` until `url` shows `text` (given up after ten seconds). */
async function firstShowing(url: string, text: string, started: number): Promise<number> {
  for (;;) {
    const elapsed = performance.now() - started;
    if ((await (await fetch(url)).text()).includes(text)) return Math.round(performance.now() - started);
    if (elapsed > 10_000) throw new Error(`${url} did not show the change within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function measure(servers: RunningServer[], connections: number, seconds: number): Promise<Measurement[]> {
  const per = Math.max(1, Math.floor(connections / servers.length));
  // Each server takes its share of the mix's paths, in turn, for the whole run.
  return Promise.all(servers.map((s, i) => runLoad(`${s.url}${MIX[i % MIX.length]}`, { connections: per, durationSeconds: seconds, headers: REQUEST_HEADERS })));
}

export const clusterCase: BenchCase = {
  name: 'cluster',
  description: 'one, two and three servers on one PostgreSQL database, page cache on and off, site mix',
  async run(ctx): Promise<CaseReport> {
    const { url, dataDir } = await prepareDatabase(ctx.log);
    const { connections, durationSeconds, warmupSeconds } = ctx.settings;
    const rows: Row[] = [];
    const failures: string[] = [];
    let propagationMs: number[] = [];
    for (const pageCache of [true, false]) {
      for (const count of [1, 2, 3]) {
        ctx.log(`${count} server(s), page cache ${pageCache ? 'on' : 'off'} …`);
        const servers: RunningServer[] = [];
        try {
          for (let i = 0; i < count; i += 1) {
            servers.push(await startDoveServer({ dataDir, env: { DATABASE_URL: url, PAGE_CACHE: pageCache ? 'on' : 'off', SESSION_SECRET, MAIL_WORKER: 'off', PDF_TEXT_WORKER: 'off' } }));
          }
          if (warmupSeconds > 0) await measure(servers, connections, warmupSeconds);
          const ms = await measure(servers, connections, durationSeconds);
          const row: Row = {
            servers: count,
            pageCache,
            requestsPerSecond: Math.round(ms.reduce((n, m) => n + m.requestsPerSecond, 0)),
            p99Ms: Math.max(...ms.map((m) => m.latencyMs.p99)),
            non2xx: ms.reduce((n, m) => n + m.non2xx, 0),
            errors: ms.reduce((n, m) => n + m.errors + m.timeouts, 0),
            loadAverage: Number(os.loadavg()[0]!.toFixed(1)),
          };
          rows.push(row);
          if (pageCache && count === 3) propagationMs = await measurePropagation(servers, url);
          if (row.non2xx || row.errors) failures.push(`${count} server(s), cache ${pageCache ? 'on' : 'off'}: ${row.non2xx} non-2xx, ${row.errors} errors`);
        } catch (error) {
          failures.push(`${count} server(s), cache ${pageCache ? 'on' : 'off'}: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
    }
    const table = markdownTable(
      ['servers', 'page cache', 'req/s (sum)', 'p99 ms (worst)', 'load avg'],
      rows.map((r) => [String(r.servers), r.pageCache ? 'on' : 'off', String(r.requestsPerSecond), String(r.p99Ms), String(r.loadAverage)]),
      ['right', 'left', 'right', 'right', 'right'],
    );
    const sorted = [...propagationMs].sort((a, b) => a - b);
    const slowest = sorted.at(-1);
    const overTarget = slowest !== undefined && slowest > PROPAGATION_TARGET_MS ? [`a change took ${slowest} ms to show on every server > ${PROPAGATION_TARGET_MS} ms`] : [];
    if (propagationMs.length === 0) failures.push('the propagation of a change was not measured');
    const propagation = markdownTable(
      ['change shown on servers 2 and 3', 'median ms', 'slowest ms', 'target'],
      [[`${sorted.length} rounds, page cache on`, String(sorted[Math.floor(sorted.length / 2)] ?? '–'), String(slowest ?? '–'), `≤ ${PROPAGATION_TARGET_MS} ms`]],
      ['left', 'right', 'right', 'right'],
    );
    const notes = [
      `Mix: ${MIX.join(', ')} (server i loads path i), ${connections} connections shared among the servers, ${durationSeconds} s after ${warmupSeconds} s warm-up.`,
      'Change shown: a news title changed in the database and announced with one NOTIFY (as a server announces its own edits), timed until servers 2 and 3 both serve it in place of their cached page.',
      `All servers and the load generator share this machine's ${os.cpus().length} cores with PostgreSQL: more servers add no cores here.`,
    ];
    return {
      markdown: `${table}\n\n${propagation}\n\n${notes.map((n) => `- ${n}`).join('\n')}`,
      failures,
      overTarget,
      data: { settings: ctx.settings, mix: MIX, headers: REQUEST_HEADERS, results: rows, propagationMs },
    };
  },
};

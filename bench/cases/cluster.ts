import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
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
    const notes = [
      `Mix: ${MIX.join(', ')} (server i loads path i), ${connections} connections shared among the servers, ${durationSeconds} s after ${warmupSeconds} s warm-up.`,
      `All servers and the load generator share this machine's ${os.cpus().length} cores with PostgreSQL: more servers add no cores here.`,
    ];
    return {
      markdown: `${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}`,
      failures,
      overTarget: [],
      data: { settings: ctx.settings, mix: MIX, headers: REQUEST_HEADERS, results: rows },
    };
  },
};

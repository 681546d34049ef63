/**
 * The search bench's queries against an index built once and kept, for working on query speed
 * without rebuilding: `tsx bench/search-kept.ts <sqlite|postgres> [--rebuild] [--passes N] [--out results.json]`.
 * BENCH_SEARCH_DOCUMENTS sets the index size (100,000 by default) as in the bench; the index is kept
 * in BENCH_SEARCH_KEPT_DIR (SQLite, os.tmpdir() by default) or in a schema of BENCH_POSTGRES_URL.
 * Each query runs once per pass; its time is the least of the passes (other load on the machine
 * only ever adds), and p50/p95 are taken per query kind over those. `--out` writes every query's
 * result (ids in order, count, fallback, suggestion), so that two versions of the code can be
 * checked to answer alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import type { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { finishBulkLoad, replaceVocabulary, startBulkLoad } from '../src/features/search/search-index.repository.js';
import { writeInBulk } from '../src/features/search/search.indexer.js';
import { preparationThreads } from '../src/features/search/search.prepare-pool.js';
import { searchDocuments } from '../src/features/search/search.repository.js';
import { searchTables } from '../src/features/search/search.tables.js';
import { benchCorpus, generateBatches, generateQueries } from './cases/search.js';
import { Random } from './dataset/text.js';

const RANDOM_SEED = 20_261_122;
const DOCUMENTS = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? 100_000);
const args = process.argv.slice(2);
const engine = args[0];
const rebuild = args.includes('--rebuild');
const passes = Number(args[args.indexOf('--passes') + 1] || 3);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
const only = args.includes('--kind') ? args[args.indexOf('--kind') + 1] : undefined;
const matching = args.includes('--match') ? args[args.indexOf('--match') + 1] : undefined;
/** PostgreSQL: every statement's plan (EXPLAIN ANALYZE, BUFFERS) goes to the server's log, through auto_explain. */
const explain = args.includes('--explain')
  ? ' -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on'
  : '';

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function open(): Promise<{ db: Db; built: boolean; close: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const file = path.join(process.env.BENCH_SEARCH_KEPT_DIR ?? os.tmpdir(), `dove-search-kept-${DOCUMENTS}.sqlite`);
    if (rebuild) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const built = fs.existsSync(file);
    const db = openDatabase(file);
    return { db, built, close: () => db.destroy() };
  }
  const url = process.env.BENCH_POSTGRES_URL;
  if (!url) throw new Error('BENCH_POSTGRES_URL is not set');
  // A schema of one's own (BENCH_SEARCH_KEPT_SCHEMA) keeps an index built by other code apart.
  const schema = process.env.BENCH_SEARCH_KEPT_SCHEMA ?? `bench_search_kept_${DOCUMENTS}`;
  const admin = openDatabase(url);
  if (rebuild) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin);
  const exists = (await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${schema}`.execute(admin)).rows[0]!.n > 0;
  if (!exists) await sql`create schema ${sql.id(schema)}`.execute(admin);
  // The application name tells this process's backends apart, for their CPU time.
  const db = openDatabase(url, { searchPath: `${schema} -c application_name=dove_search_kept_${process.pid}${explain}` });
  return {
    db,
    built: exists,
    close: async () => {
      await db.destroy();
      await admin.destroy();
    },
  };
}

/** CPU ticks (1/100 s) of this process's PostgreSQL backends by process id, read from /proc (the server runs on this machine). */
async function serverTicks(db: Db): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (engine !== 'postgres') return out;
  const pids = (await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${`dove_search_kept_${process.pid}`}`.execute(db)).rows;
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // A backend that ended meanwhile.
    }
  }
  return out;
}

/** Ticks spent between two readings: backends that started meanwhile count whole, those that ended are lost. */
const ticksBetween = (before: Map<number, number>, after: Map<number, number>) => {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
};

async function main() {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('usage: search-kept.ts <sqlite|postgres> [--rebuild] [--passes N] [--out file]');
  const corpus = benchCorpus();
  const { db, built, close } = await open();
  try {
    await migrateToLatest(db);
    if (!built) {
      const t0 = performance.now();
      await db.transaction().execute(async (tx) => {
        const tdb = searchTables(tx);
        const load = await startBulkLoad(tdb);
        const written = await writeInBulk(tdb, generateBatches(new Random(RANDOM_SEED), corpus), { threads: engine === 'postgres' ? preparationThreads() : 0 });
        await replaceVocabulary(tdb, written.counts);
        await finishBulkLoad(tdb, load);
      });
      // Only the search's own tables: the whole database may hold other schemas, and vacuuming them all took minutes.
      if (engine === 'postgres') await sql`vacuum analyze search_documents, search_document_texts, search_titles, search_terms`.execute(db);
      console.log(`built ${DOCUMENTS} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const sdb = searchTables(db);
    const queries = generateQueries(new Random(RANDOM_SEED + 1), corpus).filter((q) => (!only || q.kind === only) && (!matching || q.request.q.includes(matching)));
    if (!explain) for (const q of queries.slice(0, 200)) await searchDocuments(sdb, { ...q.request, page: 1, pageSize: 10 });
    // Queries of one kind run together, so that the backends' CPU time can be told per kind.
    queries.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    const best = queries.map(() => Infinity);
    const backendTicks = new Map<string, number>();
    const clientMs = queries.map(() => Infinity);
    const results: unknown[] = [];
    const loads: string[] = [loadAverage()];
    let cpuMs = 0;
    for (let pass = 0; pass < passes; pass++) {
      const cpu0 = process.cpuUsage();
      let kindTicks = await serverTicks(db);
      for (const [i, q] of queries.entries()) {
        if (i > 0 && queries[i - 1]!.kind !== q.kind) {
          const now = await serverTicks(db);
          backendTicks.set(queries[i - 1]!.kind, (backendTicks.get(queries[i - 1]!.kind) ?? 0) + ticksBetween(kindTicks, now));
          kindTicks = now;
        }
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const r = await searchDocuments(sdb, { ...q.request, page: 1, pageSize: 10 });
        best[i] = Math.min(best[i]!, performance.now() - t0);
        const c = process.cpuUsage(c0);
        clientMs[i] = Math.min(clientMs[i]!, (c.user + c.system) / 1000);
        if (pass === 0)
          results.push({
            q: q.request,
            ids: r.hits.map((h) => `${h.locale}:${h.itemId}`),
            total: r.total,
            more: r.more,
            matchedAll: r.matchedAll,
            suggestion: r.suggestion ?? null,
            hits: r.hits,
          });
      }
      const last = queries[queries.length - 1]!.kind;
      backendTicks.set(last, (backendTicks.get(last) ?? 0) + ticksBetween(kindTicks, await serverTicks(db)));
      const cpu = process.cpuUsage(cpu0);
      cpuMs += (cpu.user + cpu.system) / 1000;
      loads.push(loadAverage());
    }
    const kinds = [...new Set(queries.map((q) => q.kind))];
    const all = [...best].sort((a, b) => a - b);
    console.log(`${engine}, ${DOCUMENTS} documents, ${queries.length} queries, least of ${passes} passes; load ${loads.join(' → ')}; client CPU ${(cpuMs / passes / queries.length).toFixed(2)} ms a query`);
    console.log(`all        n=${String(queries.length).padStart(4)} p50 ${percentile(all, 50).toFixed(2).padStart(6)} p95 ${percentile(all, 95).toFixed(2).padStart(6)} max ${all[all.length - 1]!.toFixed(2)}`);
    for (const kind of kinds) {
      const times = best.filter((_, i) => queries[i]!.kind === kind).sort((a, b) => a - b);
      const ticks = backendTicks.get(kind);
      const cpu = clientMs.filter((_, i) => queries[i]!.kind === kind).sort((a, b) => a - b);
      const server = engine === 'postgres' && ticks !== undefined ? ` backend CPU mean ${((ticks * 10) / passes / times.length).toFixed(2)} ms` : '';
      console.log(
        `${kind.padEnd(10)} n=${String(times.length).padStart(4)} p50 ${percentile(times, 50).toFixed(2).padStart(6)} p95 ${percentile(times, 95).toFixed(2).padStart(6)} max ${times[times.length - 1]!.toFixed(2)} client CPU p50 ${percentile(cpu, 50).toFixed(2)} p95 ${percentile(cpu, 95).toFixed(2)}${server}`,
      );
    }
    const slow = best
      .map((t, i) => ({ t, q: queries[i]! }))
      .sort((a, b) => b.t - a.t)
      .slice(0, 15);
    for (const s of slow) console.log(`  ${s.t.toFixed(2)} ms  ${s.q.kind}  ${JSON.stringify(s.q.request)}`);
    if (out) fs.writeFileSync(out, JSON.stringify(results, null, 1));
  } finally {
    await close();
  }
}

await main();

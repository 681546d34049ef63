import os from 'node:os';
import { preparePostgresDataset, prepareSiteDataset, type DatasetManifest } from '../generate-dataset.js';
import { capture, startBareServer } from '../lib/bare.js';
import type { BenchCase, BenchContext, CaseReport } from '../lib/case.js';
import { probe, runLoad, type Measurement } from '../lib/load.js';
import { markdownTable } from '../lib/report.js';
import { startDoveServer } from '../lib/server.js';

/**
 * Server CPU per request, side by side in one run: a bare Node HTTP server sending the same
 * precompressed bytes (the floor any Node server stands on), Dove answering from its page
 * cache, and Dove rendering from the database with the cache off, on SQLite and PostgreSQL.
 * CPU time per request hardly changes when other processes share the cores; requests per
 * second do, which is why they are compared only within one run.
 */
export const SPEED_TARGETS = {
  /** A page-cache hit, in server CPU milliseconds per request. */
  cachedCpuMs: 0.06,
  /** A page-cache hit's requests per second, as a share of the bare Node server's. */
  cachedShareOfBare: 0.6,
  /** A page rendered from the database (home, a filtered list, a publication page). */
  uncachedCpuMs: 2,
  /**
   * The bare Node server's CPU per request in the run the absolute targets were set from.
   * Machines here differ by a factor of three or four in speed from one day to the next, so
   * each target is also given as a multiple of the same run's bare server: 2× for a hit and
   * about 67× for a rendered page.
   */
  referenceBareCpuMs: 0.03,
};

/** A target as a multiple of the bare server's CPU per request in the same run. */
const timesBare = (targetMs: number) => targetMs / SPEED_TARGETS.referenceBareCpuMs;

const REQUEST_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html' };
/** Each run is short: CPU per request settles within a second or two. */
const MAX_MEASURE_SECONDS = 4;
const MAX_WARMUP_SECONDS = 1;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Engine = 'sqlite' | 'postgres';
type ServedBy = 'bare node' | 'dove, cache hit' | 'dove, cache off';

interface Row {
  engine: Engine;
  page: string;
  path: string;
  servedBy: ServedBy;
  measurement?: Measurement;
  cpuMsPerRequest?: number;
  /** req/s and CPU against the bare server's, for cache hits. */
  shareOfBareRps?: number;
  cpuTimesBare?: number;
  target?: string;
  overTarget?: string;
  /** The same target as a multiple of the bare server's CPU, and whether it is met. */
  relativeTarget?: string;
  overRelativeTarget?: string;
  problem?: string;
}

interface Timed {
  measurement: Measurement;
  cpuMsPerRequest: number | undefined;
}

async function loadAndTime(ctx: BenchContext, url: string, cpuSeconds: () => number | undefined): Promise<Timed> {
  const connections = ctx.settings.connections;
  const durationSeconds = Math.min(ctx.settings.durationSeconds, MAX_MEASURE_SECONDS);
  const warmupSeconds = Math.min(ctx.settings.warmupSeconds, MAX_WARMUP_SECONDS);
  if (warmupSeconds > 0) await runLoad(url, { connections, durationSeconds: warmupSeconds, headers: REQUEST_HEADERS });
  const before = cpuSeconds();
  const measurement = await runLoad(url, { connections, durationSeconds, headers: REQUEST_HEADERS });
  const after = cpuSeconds();
  const cpuMsPerRequest =
    before !== undefined && after !== undefined && measurement.requests > 0 ? round(((after - before) * 1000) / measurement.requests, 4) : undefined;
  return { measurement, cpuMsPerRequest };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function problemsOf(m: Measurement): string | undefined {
  const problems: string[] = [];
  if (m.non2xx > 0) problems.push(`${m.non2xx} non-2xx (${JSON.stringify(m.statusCodes)})`);
  if (m.errors > 0) problems.push(`${m.errors} errors`);
  if (m.requests === 0) problems.push('no request completed');
  return problems.length ? problems.join('; ') : undefined;
}

function logRow(ctx: BenchContext, row: Row): void {
  ctx.log(
    `  ${row.engine.padEnd(8)} ${row.page.padEnd(18)} ${row.servedBy.padEnd(16)} ${String(row.measurement?.requestsPerSecond ?? '—').padStart(8)} req/s` +
      `  CPU ${row.cpuMsPerRequest ?? '?'} ms/req${row.problem ? `  ✗ ${row.problem}` : ''}`,
  );
}

function pagesOf(manifest: DatasetManifest) {
  return [
    { page: 'home', path: '/en/' },
    { page: 'list (type, year)', path: '/en/publications?type=report&year=2023' },
    { page: 'publication', path: `/en/publications/${manifest.samplePublicationSlug}` },
  ];
}

/** The bare server and Dove's cache hit on the home page, then each page rendered with the cache off. */
async function measureEngine(ctx: BenchContext, engine: Engine, dataDir: string, manifest: DatasetManifest, env: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  const home = '/en/';
  const cached = await startDoveServer({ dataDir, env: { ...env, PAGE_CACHE: 'on' } });
  try {
    await probe(cached.url + home, REQUEST_HEADERS);
    const response = await capture(cached.url + home, REQUEST_HEADERS);
    if (response.headers['x-page-cache'] !== 'hit') throw new Error(`the home page was not served from the cache (${response.headers['x-page-cache']})`);
    const bare = await startBareServer(response);
    try {
      const base = await loadAndTime(ctx, bare.url + home, bare.cpuSeconds);
      const baseRow: Row = { engine, page: 'home', path: home, servedBy: 'bare node', ...base, problem: problemsOf(base.measurement) };
      rows.push(baseRow);
      logRow(ctx, baseRow);
      const hit = await loadAndTime(ctx, cached.url + home, () => cached.cpuSeconds());
      const row: Row = { engine, page: 'home', path: home, servedBy: 'dove, cache hit', ...hit, problem: problemsOf(hit.measurement) };
      row.shareOfBareRps = round(hit.measurement.requestsPerSecond / base.measurement.requestsPerSecond, 2);
      if (hit.cpuMsPerRequest !== undefined && base.cpuMsPerRequest) row.cpuTimesBare = round(hit.cpuMsPerRequest / base.cpuMsPerRequest, 2);
      row.target = `≤ ${SPEED_TARGETS.cachedCpuMs} ms, ≥ ${SPEED_TARGETS.cachedShareOfBare}× bare req/s`;
      const over: string[] = [];
      if (hit.cpuMsPerRequest !== undefined && hit.cpuMsPerRequest > SPEED_TARGETS.cachedCpuMs) over.push(`CPU ${hit.cpuMsPerRequest.toFixed(3)} ms`);
      if (row.shareOfBareRps < SPEED_TARGETS.cachedShareOfBare) over.push(`${row.shareOfBareRps}× bare req/s`);
      if (over.length) row.overTarget = over.join(', ');
      judgeAgainstBare(row, SPEED_TARGETS.cachedCpuMs);
      rows.push(row);
      logRow(ctx, row);
    } finally {
      await bare.stop();
    }
  } finally {
    await cached.stop();
  }

  const bareCpuMs = rows.find((r) => r.servedBy === 'bare node')?.cpuMsPerRequest;
  const uncached = await startDoveServer({ dataDir, env: { ...env, PAGE_CACHE: 'off' } });
  try {
    for (const { page, path } of pagesOf(manifest)) {
      const first = await probe(uncached.url + path, REQUEST_HEADERS);
      if (first.status !== 200) {
        rows.push({ engine, page, path, servedBy: 'dove, cache off', problem: `HTTP ${first.status}; not measured` });
        continue;
      }
      const timed = await loadAndTime(ctx, uncached.url + path, () => uncached.cpuSeconds());
      const row: Row = { engine, page, path, servedBy: 'dove, cache off', ...timed, problem: problemsOf(timed.measurement) };
      row.target = `≤ ${SPEED_TARGETS.uncachedCpuMs} ms`;
      if (timed.cpuMsPerRequest !== undefined && timed.cpuMsPerRequest > SPEED_TARGETS.uncachedCpuMs) row.overTarget = `CPU ${timed.cpuMsPerRequest.toFixed(3)} ms`;
      if (timed.cpuMsPerRequest !== undefined && bareCpuMs) row.cpuTimesBare = round(timed.cpuMsPerRequest / bareCpuMs, 2);
      judgeAgainstBare(row, SPEED_TARGETS.uncachedCpuMs);
      rows.push(row);
      logRow(ctx, row);
    }
  } finally {
    await uncached.stop();
  }
  return rows;
}

/** Judges a row's CPU as a multiple of the same run's bare server against the target's multiple. */
function judgeAgainstBare(row: Row, targetMs: number): void {
  const limit = timesBare(targetMs);
  row.relativeTarget = `≤ ${limit.toFixed(0)}× bare CPU`;
  if (row.cpuTimesBare !== undefined && row.cpuTimesBare > limit) row.overRelativeTarget = `${row.cpuTimesBare.toFixed(2)}× bare CPU`;
}

const fmt = (n: number | undefined, digits: number) => (n === undefined ? '—' : n.toFixed(digits));

function renderTable(rows: Row[]): string {
  const headers = ['Engine', 'Page', 'Served by', 'req/s', 'CPU ms/req', 'req/s vs bare', 'CPU vs bare', 'Target', 'Status', 'Target vs bare', 'Status vs bare'];
  const body = rows.map((r) => [
    r.engine,
    r.page,
    r.servedBy,
    fmt(r.measurement?.requestsPerSecond, 0),
    fmt(r.cpuMsPerRequest, 3),
    r.shareOfBareRps === undefined ? '' : `${r.shareOfBareRps.toFixed(2)}×`,
    r.cpuTimesBare === undefined ? '' : `${r.cpuTimesBare.toFixed(2)}×`,
    r.target ?? '',
    r.problem ? `✗ ${r.problem}` : r.overTarget ? `over target: ${r.overTarget}` : r.target ? 'ok' : 'baseline',
    r.relativeTarget ?? '',
    r.problem ? '' : r.overRelativeTarget ? `over: ${r.overRelativeTarget}` : r.relativeTarget ? 'ok' : '',
  ]);
  const align = headers.map((_, i) => (i >= 3 && i <= 6 ? 'right' : 'left') as 'left' | 'right');
  return markdownTable(headers, body, align);
}

export const speedCase: BenchCase = {
  name: 'speed',
  description: 'server CPU per request: bare Node vs a page-cache hit, and uncached pages, on SQLite and PostgreSQL',
  async run(ctx): Promise<CaseReport> {
    const rows: Row[] = [];
    const failures: string[] = [];
    const sqlite = await prepareSiteDataset({ log: ctx.log });
    rows.push(...(await measureEngine(ctx, 'sqlite', sqlite.dataDir, sqlite.manifest, {})));

    let postgres: Awaited<ReturnType<typeof preparePostgresDataset>> | undefined;
    try {
      postgres = await preparePostgresDataset(POSTGRES_URL, { log: ctx.log });
      rows.push(...(await measureEngine(ctx, 'postgres', postgres.dataDir, postgres.manifest, { DATABASE_URL: postgres.databaseUrl })));
    } catch (err) {
      failures.push(`PostgreSQL (${POSTGRES_URL}): ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await postgres?.drop();
    }

    for (const r of rows) if (r.problem) failures.push(`${r.engine} ${r.path} (${r.servedBy}): ${r.problem}`);
    const overTarget = rows.filter((r) => r.overTarget).map((r) => `${r.engine} ${r.path} (${r.servedBy}): ${r.overTarget}`);
    const { connections } = ctx.settings;
    const notes = [
      `Load: autocannon in the bench process, ${connections} connections, ${Math.min(ctx.settings.durationSeconds, MAX_MEASURE_SECONDS)} s per run ` +
        `after ${Math.min(ctx.settings.warmupSeconds, MAX_WARMUP_SECONDS)} s warm-up, headers ${JSON.stringify(REQUEST_HEADERS)}.`,
      'CPU ms/req: user + system CPU of the server process (from /proc/<pid>/stat) over the run, divided by the requests answered.',
      `The bare Node server sends the bytes and headers Dove's cache hit sent for the same page, from its own process.`,
      `Target vs bare: the absolute targets were set in a run where the bare server took ${SPEED_TARGETS.referenceBareCpuMs} ms a request; ` +
        'as multiples of the bare server measured in this run they hold on a faster or slower machine. Both are judged; the absolute one is the target.',
      `Machine load average (1 min) at the end: ${round(os.loadavg()[0] ?? 0, 2)} on ${os.cpus().length} cores; the load generator shares them with the server.`,
    ];
    return {
      markdown: `${renderTable(rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}`,
      failures,
      overTarget,
      data: {
        settings: ctx.settings,
        headers: REQUEST_HEADERS,
        targets: SPEED_TARGETS,
        dataset: sqlite.manifest,
        results: rows.map((r) => ({
          engine: r.engine,
          page: r.page,
          path: r.path,
          servedBy: r.servedBy,
          measurement: r.measurement ?? null,
          cpuMsPerRequest: r.cpuMsPerRequest ?? null,
          shareOfBareRps: r.shareOfBareRps ?? null,
          cpuTimesBare: r.cpuTimesBare ?? null,
          overTarget: r.overTarget ?? null,
          relativeTarget: r.relativeTarget ?? null,
          overRelativeTarget: r.overRelativeTarget ?? null,
          problem: r.problem ?? null,
        })),
      },
    };
  },
};

import os from 'node:os';
import { prepareSiteDataset, type DatasetManifest } from '../generate-dataset.js';
import type { BenchCase, BenchContext, CaseReport } from '../lib/case.js';
import { probe, runLoad, type Measurement, type Probe } from '../lib/load.js';
import { markdownTable } from '../lib/report.js';
import { startDoveServer, type RunningServer, type ServerMemory } from '../lib/server.js';

/** What a browser sends: the server picks brotli, as it does for nearly every visitor. */
const REQUEST_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html' };
const LOCALES = ['en', 'km'] as const;

type TargetKind = 'home' | 'list' | 'item';

/**
 * Speed and memory targets for the site on the reference machine (2 shared cores), at the
 * bench's 10 connections. Latency here includes queueing behind the other connections, so
 * p99 ≈ 10 × the time one request takes when the server is saturated.
 */
export const SITE_TARGETS = {
  /** A page-cache hit does no database work and no rendering. */
  cachedP99Ms: 25,
  /** Rendering from the database on every request (PAGE_CACHE=off, or the first visit after an edit). */
  uncachedP99Ms: { home: 100, list: 50, item: 50 } satisfies Record<TargetKind, number>,
  /** Resident memory of the server process at its peak over a whole cache-on or cache-off run. */
  peakRssMb: 300,
};

interface Target {
  kind: TargetKind;
  label: string;
  locale: (typeof LOCALES)[number];
  path: string;
}

interface Row {
  target: Target;
  pageCache: boolean;
  probe?: Probe;
  measurement?: Measurement;
  /** Why the target was not measured, or what was wrong with its answers. */
  problem?: string;
  overTarget?: string;
  note?: string;
  /** Server CPU time per request during the measurement: the cost, without the queueing. */
  cpuMsPerRequest?: number;
  /** The machine's 1-minute load average when the measurement ended. */
  loadAverage?: number;
}

function targetsFor(manifest: DatasetManifest): Target[] {
  const shapes: Array<Omit<Target, 'locale' | 'path'> & { path: string }> = [
    { kind: 'home', label: 'home', path: '/' },
    { kind: 'list', label: 'list ?type=report&year=2023', path: '/publications?type=report&year=2023' },
    { kind: 'list', label: `list ?topic=${manifest.sampleTopicSlug}`, path: `/publications?topic=${manifest.sampleTopicSlug}` },
    { kind: 'item', label: 'publication page', path: `/publications/${manifest.samplePublicationSlug}` },
  ];
  return shapes.flatMap((shape) => LOCALES.map((locale) => ({ ...shape, locale, path: `/${locale}${shape.path}` })));
}

/** Measures one target; a target that cannot be measured becomes a row with its problem. */
async function measureTarget(ctx: BenchContext, server: RunningServer, target: Target, pageCache: boolean): Promise<Row> {
  try {
    return await loadTarget(ctx, server, target, pageCache);
  } catch (err) {
    return { target, pageCache, problem: `could not measure: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function loadTarget(ctx: BenchContext, server: RunningServer, target: Target, pageCache: boolean): Promise<Row> {
  const row: Row = { target, pageCache };
  const url = server.url + target.path;
  const first = await probe(url, REQUEST_HEADERS);
  if (first.status !== 200) {
    row.probe = first;
    row.problem = `HTTP ${first.status}${first.location ? ` → ${first.location}` : ''}; not measured`;
    return row;
  }
  const { connections, durationSeconds, warmupSeconds } = ctx.settings;
  // The warm-up fills the page cache and lets V8 optimise the code paths of this page.
  if (warmupSeconds > 0) await runLoad(url, { connections, durationSeconds: warmupSeconds, headers: REQUEST_HEADERS });
  row.probe = await probe(url, REQUEST_HEADERS);
  const cpuBefore = server.cpuSeconds();
  const m = await runLoad(url, { connections, durationSeconds, headers: REQUEST_HEADERS });
  const cpuAfter = server.cpuSeconds();
  row.measurement = m;
  if (cpuBefore !== undefined && cpuAfter !== undefined && m.requests > 0) {
    row.cpuMsPerRequest = Math.round(((cpuAfter - cpuBefore) * 1000 * 100) / m.requests) / 100;
  }
  row.loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

  const problems: string[] = [];
  if (m.non2xx > 0) problems.push(`${m.non2xx} non-2xx (${JSON.stringify(m.statusCodes)})`);
  if (m.errors > 0) problems.push(`${m.errors} errors (${m.timeouts} timeouts)`);
  if (m.requests === 0) problems.push('no request completed');
  if (row.probe.contentEncoding !== 'br') problems.push(`content-encoding ${row.probe.contentEncoding ?? 'none'}, expected br`);
  if (problems.length) row.problem = problems.join('; ');

  // A route may opt out of the page cache (output that depends on the clock, not only on
  // content): it is then held to the uncached target even with the cache on.
  const servedFromCache = pageCache && row.probe.pageCache === 'hit';
  if (pageCache && !servedFromCache) row.note = 'rendered per request: the route does not use the page cache';
  const limit = servedFromCache ? SITE_TARGETS.cachedP99Ms : SITE_TARGETS.uncachedP99Ms[target.kind];
  if (m.latencyMs.p99 > limit) row.overTarget = `p99 ${m.latencyMs.p99} ms > ${limit} ms`;
  ctx.log(
    `  ${target.path.padEnd(60)} cache ${pageCache ? 'on ' : 'off'}  ${String(m.requestsPerSecond).padStart(8)} req/s` +
      `  p50 ${m.latencyMs.p50} ms  p99 ${m.latencyMs.p99} ms  CPU ${row.cpuMsPerRequest ?? '?'} ms/req` +
      `${row.problem ? `  ✗ ${row.problem}` : ''}`,
  );
  return row;
}

function loadRange(rows: Row[]): string {
  const loads = rows.flatMap((r) => (r.loadAverage === undefined ? [] : [r.loadAverage]));
  return loads.length ? `${Math.min(...loads)}–${Math.max(...loads)}` : 'unknown';
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));

/** One line per target and cache mode; the on and off lines of a target sit together. */
function renderTable(targets: Target[], rows: Row[]): string {
  const headers = ['Target', 'Lang', 'Cache', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'MB/s', 'KB html/br', 'non-2xx', 'errors', 'Status'];
  const body = [...rows]
    .sort((a, b) => targets.indexOf(a.target) - targets.indexOf(b.target) || Number(b.pageCache) - Number(a.pageCache))
    .map((r) => {
      const m = r.measurement;
      const size = r.probe && r.probe.status === 200 ? `${fmt(r.probe.htmlBytes / 1024, 0)}/${fmt(r.probe.sentBytes / 1024, 0)}` : '—';
      const status = [r.problem ? `✗ ${r.problem}` : r.overTarget ? `over target: ${r.overTarget}` : 'ok', r.note]
        .filter(Boolean)
        .join('; ');
      return [
        r.target.label,
        r.target.locale,
        r.pageCache ? 'on' : 'off',
        fmt(m?.requestsPerSecond, 0),
        // autocannon records latency in whole milliseconds.
        fmt(m?.latencyMs.p50, 0),
        fmt(m?.latencyMs.p99, 0),
        fmt(r.cpuMsPerRequest, 2),
        fmt(m?.throughputMBps, 2),
        size,
        m ? String(m.non2xx) : '—',
        m ? String(m.errors) : '—',
        status,
      ];
    });
  const align = headers.map((_, i) => (i < 3 || i === headers.length - 1 ? 'left' : 'right') as 'left' | 'right');
  return markdownTable(headers, body, align);
}

export const siteCase: BenchCase = {
  name: 'site',
  description: 'home, filtered publication lists and a publication page, en and km, page cache on and off',
  async run(ctx): Promise<CaseReport> {
    // BENCH_CONTENT_DIR benches another site's content folder instead of content/.
    const contentDir = process.env.BENCH_CONTENT_DIR?.trim();
    const dataset = await prepareSiteDataset({ log: ctx.log, ...(contentDir ? { contentDir } : {}) });
    if (dataset.reused) ctx.log(`Reusing the bench data set in ${dataset.dataDir}`);
    const targets = targetsFor(dataset.manifest);
    const rows: Row[] = [];
    const memory: Record<string, ServerMemory | undefined> = {};
    const serverOutput: Record<string, string[]> = {};
    const failures: string[] = [];

    for (const pageCache of [true, false]) {
      const mode = pageCache ? 'on' : 'off';
      ctx.log(`Page cache ${mode}: starting the server …`);
      const server = await startDoveServer({ dataDir: dataset.dataDir, env: { PAGE_CACHE: mode } });
      try {
        for (const target of targets) rows.push(await measureTarget(ctx, server, target, pageCache));
        memory[mode] = server.memory();
      } finally {
        serverOutput[mode] = server.output();
        await server.stop();
      }
    }

    for (const r of rows) if (r.problem) failures.push(`${r.target.path} (cache ${r.pageCache ? 'on' : 'off'}): ${r.problem}`);
    const overTarget = rows.filter((r) => r.overTarget).map((r) => `${r.target.path} (cache ${r.pageCache ? 'on' : 'off'}): ${r.overTarget}`);
    for (const [mode, mem] of Object.entries(memory)) {
      if (mem && mem.peakRssMb > SITE_TARGETS.peakRssMb) {
        overTarget.push(`server peak RSS with cache ${mode}: ${mem.peakRssMb} MB > ${SITE_TARGETS.peakRssMb} MB`);
      }
    }

    const { manifest } = dataset;
    const { connections, durationSeconds, warmupSeconds } = ctx.settings;
    const notes = [
      `Data set: ${manifest.counts.publications} publications (${manifest.counts.publicationTranslations} translations), ` +
        `${manifest.counts.newsPosts} news posts; SQLite file ${(manifest.databaseBytes / 1e6).toFixed(0)} MB; ` +
        `${manifest.publicReportsIn2023} public reports in 2023, ${manifest.publicInSampleTopic} public items tagged ${manifest.sampleTopicSlug}.`,
      `Publication page: /<lang>/publications/${manifest.samplePublicationSlug}.`,
      `Load: autocannon, ${connections} connections, ${durationSeconds} s per target after ${warmupSeconds} s warm-up, ` +
        `headers ${JSON.stringify(REQUEST_HEADERS)}.`,
      `Machine load average (1 min) during the measurements: ${loadRange(rows)}; above the core count (${os.cpus().length}), ` +
        `other processes took CPU from the server and latency and req/s suffer; CPU ms/req is the steadier measure.`,
      `Server memory (RSS now / peak): ${Object.entries(memory)
        .map(([mode, m]) => `cache ${mode} ${m ? `${m.rssMb} / ${m.peakRssMb} MB` : 'unknown'}`)
        .join('; ')}.`,
      `Targets: cached p99 ≤ ${SITE_TARGETS.cachedP99Ms} ms; uncached p99 ≤ ${SITE_TARGETS.uncachedP99Ms.home} ms (home), ` +
        `${SITE_TARGETS.uncachedP99Ms.list} ms (lists), ${SITE_TARGETS.uncachedP99Ms.item} ms (publication); peak RSS ≤ ${SITE_TARGETS.peakRssMb} MB.`,
    ];
    const logged = Object.entries(serverOutput).flatMap(([mode, lines]) => lines.slice(-10).map((l) => `cache ${mode}: ${l}`));
    if (logged.length) notes.push(`The server logged (last lines):\n\n\`\`\`\n${logged.join('\n')}\n\`\`\``);

    return {
      markdown: `${renderTable(targets, rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}`,
      failures,
      overTarget,
      data: {
        dataset: manifest,
        settings: ctx.settings,
        headers: REQUEST_HEADERS,
        targets: SITE_TARGETS,
        memory,
        results: rows.map((r) => ({
          label: r.target.label,
          kind: r.target.kind,
          locale: r.target.locale,
          path: r.target.path,
          pageCache: r.pageCache,
          probe: r.probe ?? null,
          measurement: r.measurement ?? null,
          problem: r.problem ?? null,
          overTarget: r.overTarget ?? null,
          note: r.note ?? null,
          cpuMsPerRequest: r.cpuMsPerRequest ?? null,
          loadAverage: r.loadAverage ?? null,
        })),
        serverOutput,
      },
    };
  },
};

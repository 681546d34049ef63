import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { engineOfDb, openDatabase } from '../../src/db/connection.js';
import type { Db, DbOrTx } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { normalizeSearchText, segmentWords } from '../../src/i18n/khmer.js';
import { finishBulkLoad, replaceVocabulary, startBulkLoad } from '../../src/features/search/search-index.repository.js';
import { writeInBulk } from '../../src/features/search/search.indexer.js';
import { preparationThreads } from '../../src/features/search/search.prepare-pool.js';
import { searchDocuments, type SearchRequest } from '../../src/features/search/search.repository.js';
import { SEARCH_TYPES } from '../../src/features/search/search.sources.js';
import { searchTables } from '../../src/features/search/search.tables.js';
import { ENGLISH_STOPWORDS, foldWord } from '../../src/features/search/search.text.js';
import { DEFAULT_CONTENT_DIR } from '../../src/seed/content-files.js';
import { Random } from '../dataset/text.js';
import type { BenchCase, BenchContext, CaseReport } from '../lib/case.js';
import { markdownTable } from '../lib/report.js';

/** Targets on the reference machine (2 shared cores), in-process, one query at a time. */
export const SEARCH_TARGETS = { p95Ms: 10, buildSeconds: 60 };

/** BENCH_SEARCH_DOCUMENTS sets a smaller index for quicker, rougher runs; the targets are for 100,000. */
const DOCUMENTS = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? 100_000);
/** BENCH_SEARCH_THREADS sets the preparation threads of the build (0: none); by default what a rebuild uses (none on SQLite). */
const threadsFor = (engine: string) => Number(process.env.BENCH_SEARCH_THREADS ?? (engine === 'postgres' ? preparationThreads() : 0));
/** BENCH_SEARCH_ENGINES=postgres (or sqlite) measures one engine alone. */
const ENGINES = (process.env.BENCH_SEARCH_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim());
const QUERIES = 1_000;
const WARMUP_QUERIES = 200;
const BATCH = 5_000;
const RANDOM_SEED = 20_261_122;
/** Invented names (people, villages, companies) make the long tail of a real vocabulary. */
const INVENTED_NAMES = 30_000;
/** The most frequent Khmer words are particles (នៅ, និង, ការ): readers do not search for them alone. */
const KHMER_PARTICLES = 25;
const NOW = '2030-01-01T00:00:00.000Z';

type Locale = 'en' | 'km';
type QueryKind = 'en word' | 'en words' | 'en phrase' | 'en typo' | 'km word' | 'km words';

/** Draws words with the frequencies they have in a corpus (a unigram model). */
class WordSampler {
  private readonly words: string[];
  private readonly cumulative: number[];
  constructor(counts: ReadonlyMap<string, number>) {
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    this.words = sorted.map(([w]) => w);
    let total = 0;
    this.cumulative = sorted.map(([, n]) => (total += n));
  }
  get size() {
    return this.words.length;
  }
  /** Most frequent first. */
  at(rank: number) {
    return this.words[rank]!;
  }
  draw(rng: Random): string {
    const target = rng.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo]!;
  }
}

/** English and Khmer words of the demo content, with their frequencies: real words, real Zipf. */
function readCorpus(): { en: WordSampler; km: WordSampler } {
  const en = new Map<string, number>();
  const km = new Map<string, number>();
  const files = fs.readdirSync(DEFAULT_CONTENT_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  for (const file of files) {
    const text = normalizeSearchText(fs.readFileSync(path.join(DEFAULT_CONTENT_DIR, file), 'utf8'));
    for (const { text: word } of segmentWords(text)) {
      if (/^[\u1780-\u17DF]+$/.test(word)) km.set(word, (km.get(word) ?? 0) + 1);
      else if (/^[A-Za-z]{2,}$/.test(word)) en.set(word.toLowerCase(), (en.get(word.toLowerCase()) ?? 0) + 1);
    }
  }
  return { en: new WordSampler(en), km: new WordSampler(km) };
}

function inventName(rng: Random): string {
  const onset = ['b', 'ch', 'd', 'k', 'l', 'm', 'n', 'p', 'ph', 'r', 's', 'th', 'v', 'y'];
  const vowel = ['a', 'e', 'i', 'o', 'u', 'ea', 'ou'];
  const coda = ['', 'n', 'ng', 'r', 'k', 'm', 'th'];
  let name = '';
  for (let i = rng.int(2, 3); i > 0; i--) name += rng.pick(onset) + rng.pick(vowel) + rng.pick(coda);
  return name;
}

interface Corpus {
  en: WordSampler;
  km: WordSampler;
  names: string[];
}

/** English sentences; one word in twelve is a name from the long tail. */
function englishText(rng: Random, c: Corpus, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(rng.chance(1 / 12) ? rng.pick(c.names) : c.en.draw(rng));
    if (rng.chance(0.08)) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

/** Khmer as it is written: words run together in phrases of three to eight, a space between phrases. */
function khmerText(rng: Random, c: Corpus, words: number): string {
  const phrases: string[] = [];
  for (let left = words; left > 0; ) {
    const n = Math.min(left, rng.int(3, 8));
    let phrase = '';
    for (let i = 0; i < n; i++) phrase += rng.chance(0.02) ? ` ${rng.pick(c.names)} ` : c.km.draw(rng);
    phrases.push(rng.chance(0.3) ? `${phrase}។` : phrase);
    left -= n;
  }
  return phrases.join(' ');
}

export function* generateBatches(rng: Random, c: Corpus) {
  for (let start = 0; start < DOCUMENTS; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(DOCUMENTS, start + BATCH); i++) {
      const locale: Locale = rng.chance(0.5) ? 'en' : 'km';
      const text = locale === 'en' ? englishText : khmerText;
      const year = rng.int(2008, 2026);
      const date = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      batch.push({
        type: rng.pick(SEARCH_TYPES),
        itemId: i + 1,
        doc: { locale, title: text(rng, c, rng.int(4, 10)), body: [text(rng, c, rng.int(60, 160))], path: `/bench/${i}`, publishedAt: date, itemDate: date },
      });
    }
    yield batch;
  }
}

interface BenchQuery {
  kind: QueryKind;
  request: Omit<SearchRequest, 'page' | 'pageSize'>;
}

/** A query word: half drawn as often as words occur, half any word of the vocabulary. */
function queryWord(rng: Random, sampler: WordSampler, accept: (w: string) => boolean): string {
  for (;;) {
    const word = rng.chance(0.5) ? sampler.draw(rng) : sampler.at(rng.int(0, sampler.size - 1));
    if (accept(word)) return word;
  }
}

export function generateQueries(rng: Random, c: Corpus): BenchQuery[] {
  const particles = new Set(Array.from({ length: KHMER_PARTICLES }, (_, rank) => c.km.at(rank)));
  const en = () => queryWord(rng, c.en, (w) => w.length >= 3 && !ENGLISH_STOPWORDS.has(foldWord(w)));
  const km = () => queryWord(rng, c.km, (w) => !particles.has(w));
  const kinds: Array<[QueryKind, number]> = [
    ['en word', 25], ['en words', 15], ['en phrase', 10], ['en typo', 10], ['km word', 25], ['km words', 15],
  ];
  const queries: BenchQuery[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const kind = rng.weighted(kinds);
    let q: string;
    switch (kind) {
      case 'en word': q = rng.chance(0.2) ? rng.pick(c.names) : en(); break;
      case 'en words': q = `${en()} ${en()}`; break;
      case 'en phrase': q = `"${en()} ${en()}"`; break;
      case 'en typo': {
        let w = en();
        while (w.length < 6) w = en();
        const at = rng.int(1, w.length - 2);
        q = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
        break;
      }
      case 'km word': q = km(); break;
      default: q = `${km()} ${km()}`;
    }
    const filter = rng.int(0, 9);
    queries.push({
      kind,
      request: {
        q,
        locale: rng.chance(0.5) ? 'en' : 'km',
        now: NOW,
        ...(filter === 0 ? { type: rng.pick(SEARCH_TYPES) } : {}),
        ...(filter === 1 ? { year: rng.int(2008, 2026) } : {}),
        ...(filter === 2 ? { language: rng.chance(0.5) ? 'en' : 'km' } : {}),
      },
    });
  }
  return queries;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => n.toFixed(2);

interface EngineResult {
  engine: string;
  build: {
    prepareSeconds: number;
    writeSeconds: number;
    totalSeconds: number;
    documents: number;
    terms: number;
    /**
     * CPU time of the build: this process, all its threads (without making up the text), and the
     * PostgreSQL backend, when it runs on this machine.
     */
    cpuSeconds: { client: number; server: number | undefined };
    /** The load average when the build ended: the machine may be shared. */
    loadAverage: string;
  };
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /**
   * CPU time of this process per query (user + system): on SQLite, which runs in the process,
   * all of a search's work, and much less moved than elapsed time by other processes sharing
   * the cores; on PostgreSQL only the client's side.
   */
  cpuMs: { p50: number; p95: number };
  byKind: Record<string, { count: number; p50: number; p95: number; meanHits: number }>;
}

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Linux counts a process's CPU time in /proc in ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time a PostgreSQL backend spends on the build, read from /proc when the server runs on
 * this machine (else undefined): with preparing and writing overlapping, elapsed time alone does
 * not tell which side the build waits for.
 */
async function serverCpu(db: Db) {
  if (engineOfDb(db) !== 'postgres') return { start: async () => undefined, stop: async () => undefined, seconds: undefined as number | undefined };
  let pid = 0;
  let startTicks = 0;
  const ticks = () => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  };
  const meter = {
    seconds: undefined as number | undefined,
    async start(tx: DbOrTx) {
      pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
      startTicks = ticks() ?? NaN;
    },
    async stop() {
      const end = ticks();
      if (end !== undefined && Number.isFinite(startTicks)) meter.seconds = (end - startTicks) / TICKS_PER_SECOND;
    },
  };
  return meter;
}

async function measureEngine(ctx: BenchContext, engine: string, db: Db, corpus: Corpus): Promise<EngineResult> {
  await migrateToLatest(db);
  const sdb = searchTables(db);
  const THREADS = threadsFor(engine);
  ctx.log(`  ${engine}: building the index of ${DOCUMENTS.toLocaleString('en')} documents, ${THREADS || 'no'} preparation thread${THREADS === 1 ? '' : 's'}`);
  let generateMs = 0;
  let generateCpuMs = 0;
  /** The bench's documents, the time spent making up their text left out of the build's. */
  function* timedBatches() {
    const batches = generateBatches(new Random(RANDOM_SEED), corpus);
    for (;;) {
      const t0 = performance.now();
      // This thread's CPU time alone: the preparation threads go on meanwhile.
      const cpu0 = process.threadCpuUsage();
      const next = batches.next();
      generateMs += performance.now() - t0;
      const cpu = process.threadCpuUsage(cpu0);
      generateCpuMs += (cpu.user + cpu.system) / 1000;
      if (next.done) return;
      yield next.value;
    }
  }
  let prepareMs = 0;
  let counts = new Map<string, number>();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const threadCpuStarted = process.threadCpuUsage();
  const server = await serverCpu(db);
  await db.transaction().execute(async (tx) => {
    // What a rebuild does (rebuildSearchIndex), step by step.
    const tdb = searchTables(tx);
    await server.start(tx);
    const load = await startBulkLoad(tdb);
    const written = await writeInBulk(tdb, timedBatches(), { threads: THREADS });
    prepareMs = written.prepareMs;
    counts = written.counts;
    await replaceVocabulary(tdb, counts);
    await finishBulkLoad(tdb, load);
    await server.stop();
  });
  const cpu = process.cpuUsage(cpuStarted);
  const threadCpu = process.threadCpuUsage(threadCpuStarted);
  const threadCpuSeconds = ((threadCpu.user + threadCpu.system) / 1000 - generateCpuMs) / 1000;
  const buildMs = performance.now() - started - generateMs;
  // Preparing overlaps PostgreSQL's writing: the write time is what the build adds to preparing.
  const writeMs = buildMs - prepareMs;
  // Generating the random text is not part of building; preparing and writing are.
  const totalSeconds = buildMs / 1000;
  const clientCpuSeconds = ((cpu.user + cpu.system) / 1000 - generateCpuMs) / 1000;
  ctx.log(
    `  ${engine}: built in ${totalSeconds.toFixed(1)} s (${(prepareMs / 1000).toFixed(1)} s preparing), CPU: this process ${clientCpuSeconds.toFixed(1)} s (its main thread ${threadCpuSeconds.toFixed(1)} s)` +
      `${server.seconds === undefined ? '' : `, PostgreSQL backend ${server.seconds.toFixed(1)} s`}; load average ${loadAverage()}; querying`,
  );

  const queries = generateQueries(new Random(RANDOM_SEED + 1), corpus);
  for (const q of queries.slice(0, WARMUP_QUERIES)) await searchDocuments(sdb, { ...q.request, page: 1, pageSize: 10 });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const byKind = new Map<QueryKind, { times: number[]; hits: number }>();
  for (const q of queries) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await searchDocuments(sdb, { ...q.request, page: 1, pageSize: 10 });
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    times.push(elapsed);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    const entry = byKind.get(q.kind) ?? { times: [], hits: 0 };
    entry.times.push(elapsed);
    entry.hits += r.total;
    byKind.set(q.kind, entry);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const sortedCpu = [...cpuTimes].sort((a, b) => a - b);
  return {
    engine,
    build: {
      prepareSeconds: prepareMs / 1000,
      writeSeconds: writeMs / 1000,
      totalSeconds,
      documents: DOCUMENTS,
      terms: counts.size,
      cpuSeconds: { client: clientCpuSeconds, server: server.seconds },
      loadAverage: loadAverage(),
    },
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1]!,
      mean: times.reduce((a, b) => a + b, 0) / times.length,
    },
    cpuMs: { p50: percentile(sortedCpu, 50), p95: percentile(sortedCpu, 95) },
    byKind: Object.fromEntries(
      [...byKind].map(([kind, e]) => {
        const s = [...e.times].sort((a, b) => a - b);
        return [kind, { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), meanHits: Math.round(e.hits / s.length) }];
      }),
    ),
  };
}

/** The words the generated documents are drawn from. */
export function benchCorpus(): Corpus {
  const rng = new Random(RANDOM_SEED - 1);
  return { ...readCorpus(), names: Array.from({ length: INVENTED_NAMES }, () => inventName(rng)) };
}

async function run(ctx: BenchContext): Promise<CaseReport> {
  const corpus = benchCorpus();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-bench-search-'));
  const results: EngineResult[] = [];
  const failures: string[] = [];
  try {
    if (ENGINES.includes('sqlite')) {
      const sqlite = openDatabase(path.join(dir, 'search.sqlite'));
      try {
        results.push(await measureEngine(ctx, 'sqlite', sqlite, corpus));
      } finally {
        await sqlite.destroy();
      }
    }
    // PostgreSQL is measured too when BENCH_POSTGRES_URL names a database the bench may fill.
    const pgUrl = process.env.BENCH_POSTGRES_URL;
    if (pgUrl && ENGINES.includes('postgres')) {
      const schema = `bench_search_${process.pid}`;
      const admin = openDatabase(pgUrl);
      await sql`create schema ${sql.id(schema)}`.execute(admin);
      const pg = openDatabase(pgUrl, { searchPath: schema });
      try {
        results.push(await measureEngine(ctx, 'postgres', pg, corpus));
      } catch (err) {
        failures.push(`postgres: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await pg.destroy();
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const overTarget: string[] = [];
  for (const r of results) {
    if (r.latencyMs.p95 > SEARCH_TARGETS.p95Ms) overTarget.push(`${r.engine}: query p95 ${ms(r.latencyMs.p95)} ms > ${SEARCH_TARGETS.p95Ms} ms`);
    if (r.build.totalSeconds > SEARCH_TARGETS.buildSeconds) overTarget.push(`${r.engine}: build ${r.build.totalSeconds.toFixed(1)} s > ${SEARCH_TARGETS.buildSeconds} s`);
  }
  const summary = markdownTable(
    ['engine', 'documents', 'terms', 'build s (prepare + write)', 'build CPU s (client / server)', 'load', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU p50 / p95 ms'],
    results.map((r) => [
      r.engine,
      r.build.documents.toLocaleString('en'),
      r.build.terms.toLocaleString('en'),
      `${r.build.totalSeconds.toFixed(1)} (${r.build.prepareSeconds.toFixed(1)} + ${r.build.writeSeconds.toFixed(1)})`,
      `${r.build.cpuSeconds.client.toFixed(1)} / ${r.build.cpuSeconds.server?.toFixed(1) ?? '–'}`,
      r.build.loadAverage,
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p95),
      ms(r.latencyMs.p99),
      ms(r.latencyMs.max),
      `${ms(r.cpuMs.p50)} / ${ms(r.cpuMs.p95)}`,
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const kinds = markdownTable(
    ['engine', 'query kind', 'queries', 'p50 ms', 'p95 ms', 'mean matches (counted to 1,000)'],
    results.flatMap((r) =>
      Object.entries(r.byKind).map(([kind, k]) => [r.engine, kind, String(k.count), ms(k.p50), ms(k.p95), k.meanHits.toLocaleString('en')]),
    ),
    ['left', 'left', 'right', 'right', 'right', 'right'],
  );
  const notes = [
    `${DOCUMENTS.toLocaleString('en')} documents, half English and half Khmer, with words drawn at the frequencies they have in content/ plus ${INVENTED_NAMES.toLocaleString('en')} invented names;`,
    `${QUERIES.toLocaleString('en')} queries through searchDocuments (first page of 10, snippets included) after ${WARMUP_QUERIES} unmeasured ones; 30 % filtered by type, year or language.`,
    'CPU: this process per query (on SQLite all of the work; on PostgreSQL the client side only), less moved by other load than elapsed time.',
    `Targets: p95 ≤ ${SEARCH_TARGETS.p95Ms} ms, build ≤ ${SEARCH_TARGETS.buildSeconds} s. Set BENCH_POSTGRES_URL to measure PostgreSQL too.`,
  ].join('\n');
  return { markdown: `${summary}\n\n${kinds}\n\n${notes}`, failures, overTarget, data: { targets: SEARCH_TARGETS, results } };
}

export const searchCase: BenchCase = {
  name: 'search',
  description: 'search index build and query latency over 100,000 Khmer and English documents',
  run,
};

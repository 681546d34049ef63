import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { loadOrCreateSecret } from '../src/features/accounts/secret.js';
import { openDatabase } from '../src/db/connection.js';
import type { DbOrTx } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { DEFAULT_CONTENT_DIR } from '../src/seed/content-files.js';
import { contentFiles } from '../src/features/media/storage.js';
import { extractPendingFileTexts } from '../src/features/search/file-texts.job.js';
import { seedDatabase } from '../src/seed/seed.js';
import { withObjectStorage } from '../src/storage/index.js';
import { generateNews, generatePublications, type ExistingRows } from './dataset/content.js';
import { Random } from './dataset/text.js';

/**
 * Bump when the generator's output changes: cached data sets are keyed by it (and by the
 * demo content), so every run after a bump builds the new one.
 */
export const DATASET_VERSION = 4;
export const PUBLICATION_COUNT = 10_000;
export const NEWS_POST_COUNT = 1_000;
const RANDOM_SEED = 20_261_121;
/** Rows per INSERT: well under SQLite's 32,766 bound parameters with ten columns a row. */
const ROWS_PER_INSERT = 500;
const DIR_PREFIX = 'dove-bench-site-';

export interface DatasetManifest {
  version: number;
  key: string;
  generatedAt: string;
  generatedInSeconds: number;
  counts: Record<string, number>;
  /** A public publication in both languages, with topics: the page the bench requests. */
  samplePublicationSlug: string;
  /** The topic the filtered-list target uses, and how many public items each filter matches. */
  sampleTopicSlug: string;
  publicReportsIn2023: number;
  publicInSampleTopic: number;
  databaseBytes: number;
}

export interface DatasetOptions {
  /** Rebuild even if a finished copy exists. */
  force?: boolean;
  /** The demo content to import first; content/ unless given. */
  contentDir?: string;
  log?: (line: string) => void;
}

export interface SiteDataset {
  dataDir: string;
  manifest: DatasetManifest;
  reused: boolean;
}

/** A short hash of everything the data set is built from besides this generator. */
function datasetKey(contentDir: string): string {
  const hash = createHash('sha256').update(`v${DATASET_VERSION}:${PUBLICATION_COUNT}:${NEWS_POST_COUNT}:${RANDOM_SEED}`);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(contentDir, full)).update(fs.readFileSync(full));
    }
  };
  walk(contentDir);
  return `v${DATASET_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

/** Where the data set built from `contentDir` is kept, under the OS temp directory. */
export function datasetDir(contentDir: string): string {
  return path.join(os.tmpdir(), `${DIR_PREFIX}${datasetKey(path.resolve(contentDir))}`);
}

/**
 * Returns the data directory of the bench data set, building it first if no finished copy
 * exists: demo content from content/, then 10,000 publications and 1,000 news posts.
 * It lives under the OS temp directory so the repository stays clean.
 */
export async function prepareSiteDataset(options: DatasetOptions = {}): Promise<SiteDataset> {
  const log = options.log ?? ((line: string) => console.log(line));
  const contentDir = path.resolve(options.contentDir ?? DEFAULT_CONTENT_DIR);
  const key = datasetKey(contentDir);
  const dataDir = datasetDir(contentDir);
  const manifestFile = path.join(dataDir, 'bench-dataset.json');
  if (!options.force && fs.existsSync(manifestFile)) {
    // A data set built before it had its own secret gets one now.
    loadOrCreateSecret(undefined, dataDir);
    return { dataDir, manifest: JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as DatasetManifest, reused: true };
  }

  // Built under a scratch name and renamed at the end: an interrupted build is never reused.
  const scratch = `${dataDir}.partial-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  log(`Generating the bench data set in ${dataDir} …`);
  const started = performance.now();
  const manifest = await buildDataset(scratch, contentDir, key, log);
  // The site's secret is part of its data, as a server's data directory has one from its first
  // start: the statistics portal's published figures are perturbed with keys drawn from it, so
  // copies of the data set that each made their own would render different figures.
  loadOrCreateSecret(undefined, scratch);
  manifest.generatedInSeconds = Math.round((performance.now() - started) / 100) / 10;
  manifest.databaseBytes = fs.statSync(path.join(scratch, 'dove.sqlite')).size;
  fs.writeFileSync(path.join(scratch, 'bench-dataset.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.renameSync(scratch, dataDir);
  removeStaleDatasets(dataDir);
  log(
    `Generated ${manifest.counts.publications} publications and ${manifest.counts.newsPosts} news posts ` +
      `in ${manifest.generatedInSeconds} s (${(manifest.databaseBytes / 1e6).toFixed(0)} MB).`,
  );
  return { dataDir, manifest, reused: false };
}

/** Older versions of the data set are 100+ MB each; keep only the current one. */
function removeStaleDatasets(current: string): void {
  const tmp = path.dirname(current);
  for (const name of fs.readdirSync(tmp)) {
    const full = path.join(tmp, name);
    if (name.startsWith(DIR_PREFIX) && full !== current && !name.includes('.partial-')) {
      fs.rmSync(full, { recursive: true, force: true });
    }
  }
}

export interface PostgresDataset {
  databaseUrl: string;
  /** Uploaded files of the demo content; the rows are in the database. */
  dataDir: string;
  manifest: DatasetManifest;
  /** Drops the database and deletes the data directory. */
  drop(): Promise<void>;
}

/**
 * The same data set in a new PostgreSQL database beside the one `adminUrl` names, built for one
 * run and dropped afterwards (PostgreSQL keeps no file to reuse between runs).
 */
export async function preparePostgresDataset(adminUrl: string, options: DatasetOptions = {}): Promise<PostgresDataset> {
  const log = options.log ?? ((line: string) => console.log(line));
  const contentDir = path.resolve(options.contentDir ?? DEFAULT_CONTENT_DIR);
  const name = `dove_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}pg-`));
  const drop = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    log(`Generating the bench data set in PostgreSQL database ${name} …`);
    const started = performance.now();
    const manifest = await buildDataset(dataDir, contentDir, datasetKey(contentDir), log, databaseUrl);
    manifest.generatedInSeconds = Math.round((performance.now() - started) / 100) / 10;
    return { databaseUrl, dataDir, manifest, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

async function buildDataset(
  dataDir: string,
  contentDir: string,
  key: string,
  log: (line: string) => void,
  databaseUrl?: string,
): Promise<DatasetManifest> {
  const config = loadConfig({ DATA_DIR: dataDir, SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const db = openDatabase(config.databaseUrl);
  try {
    // A scratch copy that is thrown away if anything fails: no need to wait for the disk.
    if (!databaseUrl) await sql`pragma synchronous = off`.execute(db);
    await migrateToLatest(db);
    let mark = performance.now();
    const phase = (what: string) => {
      log(`  ${what}: ${((performance.now() - mark) / 1000).toFixed(1)} s`);
      mark = performance.now();
    };
    log(`  demo content: ${await seedDatabase(db, config, { contentDir })}`);
    phase('demo content imported');
    // The demo PDFs' text is read now, as a server would in its first minutes, and before the
    // generated publications share them: a measured server must not spend its CPU re-indexing
    // every publication that uses them (the generated ones are not in the search index).
    await withObjectStorage(config.storage, undefined, (objects) => extractPendingFileTexts({ db, storage: contentFiles(objects) }));
    phase('demo document texts read');
    const existing = await findExistingRows(db);
    const rng = new Random(RANDOM_SEED);
    const publications = generatePublications(rng, existing, PUBLICATION_COUNT);
    const news = generateNews(rng, existing, NEWS_POST_COUNT);
    phase('texts generated');

    await db.transaction().execute(async (tx) => {
      for (const rows of chunks(publications.publications)) await tx.insertInto('publications').values(rows).execute();
      for (const rows of chunks(publications.translations)) await tx.insertInto('publicationTranslations').values(rows).execute();
      for (const rows of chunks(publications.topics)) await tx.insertInto('publicationTopics').values(rows).execute();
      for (const rows of chunks(news.posts)) await tx.insertInto('newsPosts').values(rows).execute();
      for (const rows of chunks(news.translations)) await tx.insertInto('newsPostTranslations').values(rows).execute();
      for (const rows of chunks(news.topics)) await tx.insertInto('newsPostTopics').values(rows).execute();
      await attachDocuments(tx, existing);
    });
    phase('rows inserted');

    const sample = await findSamplePublication(db, existing.firstPublicationId);
    const topic = await findBusiestTopic(db);
    return {
      version: DATASET_VERSION,
      key,
      generatedAt: new Date().toISOString(),
      generatedInSeconds: 0,
      counts: {
        publications: await countRows(db, 'publications'),
        publicationTranslations: await countRows(db, 'publication_translations'),
        newsPosts: await countRows(db, 'news_posts'),
        newsPostTranslations: await countRows(db, 'news_post_translations'),
      },
      samplePublicationSlug: sample,
      sampleTopicSlug: topic.slug,
      publicReportsIn2023: await countPublicReportsIn(db, 2023),
      publicInSampleTopic: topic.count,
      databaseBytes: 0,
    };
  } finally {
    await db.destroy();
  }
}

/**
 * Each generated publication gets a PDF, as nearly every real one has: pages and lists look up
 * a publication's documents (its downloads, its first-page cover), and that lookup must be
 * measured over a table as large as the archive. The PDFs are the demo's, shared.
 */
async function attachDocuments(db: DbOrTx, existing: ExistingRows): Promise<void> {
  const pdfs = await db.selectFrom('files').select('id').where('mime', '=', 'application/pdf').where('sourceFileId', 'is', null).orderBy('id').execute();
  if (!pdfs.length) throw new Error('The demo content has no PDF; the bench data set needs one.');
  for (const [i, pdf] of pdfs.entries()) {
    await sql`insert into publication_files (publication_id, locale, file_id, label, sort_order)
      select p.id, min(t.locale), ${pdf.id}, null, 0 from publications p join publication_translations t on t.item_id = p.id
      where p.id >= ${existing.firstPublicationId} and p.id % ${pdfs.length} = ${i} group by p.id`.execute(db);
  }
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) yield rows.slice(i, i + ROWS_PER_INSERT);
}

async function findExistingRows(db: DbOrTx): Promise<ExistingRows> {
  const topics = await db.selectFrom('topics').select('id').orderBy('id').execute();
  if (!topics.length) throw new Error('The demo content has no topics; the bench data set needs them.');
  const projects = await db.selectFrom('projects').select('id').orderBy('id').execute();
  const images = await db.selectFrom('files').select('id').where('mime', 'like', 'image/%').orderBy('id').execute();
  const maxPublication = await db.selectFrom('publications').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const maxNews = await db.selectFrom('newsPosts').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return {
    topicIds: topics.map((t) => t.id),
    projectIds: projects.map((p) => p.id),
    imageFileIds: images.map((f) => f.id),
    firstPublicationId: (maxPublication?.id ?? 0) + 1,
    firstNewsPostId: (maxNews?.id ?? 0) + 1,
  };
}

/** The first generated report of 2023 that is public, bilingual and tagged. */
async function findSamplePublication(db: DbOrTx, firstGeneratedId: number): Promise<string> {
  const row = await db
    .selectFrom('publications as p')
    .select('p.slug')
    .where('p.id', '>=', firstGeneratedId)
    .where('p.status', '=', 'published')
    .where('p.type', '=', 'report')
    .where('p.publishedAt', '>=', '2023-01-01')
    .where('p.publishedAt', '<', '2024-01-01')
    .where((eb) =>
      eb(eb.selectFrom('publicationTranslations as t').select((e) => e.fn.countAll().as('n')).whereRef('t.itemId', '=', 'p.id'), '=', 2),
    )
    .where((eb) => eb.exists(eb.selectFrom('publicationTopics as pt').select('pt.topicId').whereRef('pt.publicationId', '=', 'p.id')))
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  return row.slug;
}

/** The topic with the most public publications: the heaviest topic-filtered list. */
async function findBusiestTopic(db: DbOrTx): Promise<{ slug: string; count: number }> {
  const row = await db
    .selectFrom('publicationTopics as pt')
    .innerJoin('topics', 'topics.id', 'pt.topicId')
    .innerJoin('publications as p', 'p.id', 'pt.publicationId')
    .where('p.status', '=', 'published')
    .select(['topics.slug', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('topics.slug')
    .orderBy('count', 'desc')
    .orderBy('topics.slug')
    .executeTakeFirstOrThrow();
  return { slug: row.slug, count: Number(row.count) };
}

async function countPublicReportsIn(db: DbOrTx, year: number): Promise<number> {
  const row = await db
    .selectFrom('publications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .where('type', '=', 'report')
    .where('publishedAt', '>=', `${year}-01-01`)
    .where('publishedAt', '<', `${year + 1}-01-01`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countRows(db: DbOrTx, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

// `tsx bench/generate-dataset.ts [--force] [--content <dir>]` builds (or rebuilds) the data set on its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const contentFlag = process.argv.indexOf('--content');
  const { dataDir, manifest, reused } = await prepareSiteDataset({
    force: process.argv.includes('--force'),
    ...(contentFlag > 0 && process.argv[contentFlag + 1] ? { contentDir: process.argv[contentFlag + 1] } : {}),
  });
  console.log(reused ? `Reusing ${dataDir}` : `Ready: ${dataDir}`);
  console.log(JSON.stringify(manifest, null, 2));
}

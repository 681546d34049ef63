import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { mirrorSite } from './features/mirror/mirror.command.js';
import { ManifestError, verifyMirror } from './features/mirror/mirror.manifest.js';
import { archiveChangedPages, SavePageNow, writeArchive } from './features/mirror/mirror.publish.js';
import { FolderTarget, ObjectStorageTarget, type MirrorTarget } from './features/mirror/mirror.target.js';
import { createObjectStorage } from './storage/index.js';
import { defaultRenderThreads, RenderPool } from './mirror-render-pool.js';
import { loadMirrorInputs } from './features/mirror/mirror-inputs.repository.js';

export interface MirrorCommandOptions {
  baseUrl?: string;
  archive?: string;
  archiveOrg?: boolean;
  archiveOrgPerMinute: string;
  archiveOrgMax: string;
  archiveOrgEndpoint: string;
  /** Rendering threads (one per core by default). */
  threads?: string;
}

function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} must be an http:// or https:// address, not "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must be an http:// or https:// address, not "${value}".`);
  return url.href.replace(/\/+$/, '');
}

function positiveNumber(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a number above 0, not "${value}".`);
  return n;
}

class UsageError extends Error {}

interface Destination {
  target: MirrorTarget;
  /** Said in the report line. */
  name: string;
  /** The folder of a copy on disk (archives are made from it). */
  folder?: string;
  close(): Promise<void>;
}

const S3_DESTINATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/**
 * Where the copy goes: a folder, or `s3://bucket/prefix/`, a bucket reached with the object
 * storage settings of the site (S3_ENDPOINT, S3_REGION, the keys), which may be another bucket
 * than the one that keeps the site's files.
 */
function openDestination(config: Config, dir: string): Destination {
  const s3 = S3_DESTINATION.exec(dir);
  if (!s3 && dir.startsWith('s3:')) throw new UsageError(`${dir} is not a bucket address: write s3://<bucket>/<prefix>/.`);
  if (!s3) {
    const folder = path.resolve(dir);
    return { target: new FolderTarget(folder), name: folder, folder, close: async () => {} };
  }
  if (config.storage.kind !== 's3') {
    throw new UsageError(`Publishing to ${dir} needs the object storage settings (STORAGE=s3 with S3_ENDPOINT or S3_REGION, and the keys); they are not set.`);
  }
  const prefix = (s3[2] ?? '').replace(/^\/+/, '');
  const storage = createObjectStorage({ ...config.storage, bucket: s3[1]! });
  return { target: new ObjectStorageTarget(storage, prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix), name: dir, close: () => storage.close() };
}

/**
 * What the pages are rendered with besides the database: the code (each file of the program's
 * folder by size and time of change, and the installed packages' lock file) and the settings
 * that shape pages (secrets aside). A change to either makes the next run render every page.
 */
function renderingFingerprint(config: Config, baseUrl: string | undefined): string {
  const hash = createHash('sha256');
  const codeDir = path.dirname(fileURLToPath(import.meta.url));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(codeDir, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  walk(codeDir);
  for (const file of ['package.json', 'package-lock.json']) {
    const full = path.join(codeDir, '..', file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  const secret = /secret|key|password|token|credential/i;
  hash.update(JSON.stringify({ config, baseUrl }, (name, value: unknown) => (secret.test(name) ? undefined : value)));
  return hash.digest('hex');
}

/**
 * `dove mirror <dir>`: the app is built in rendering threads of this process on the configured
 * database, without a page cache (every page is asked for once) or periodic tasks, and crawled
 * through its routes with `inject`; nothing listens on a port. Returns the exit code.
 */
export async function runMirror(config: Config, dir: string, opts: MirrorCommandOptions): Promise<number> {
  let baseUrl: string | undefined;
  let perMinute: number;
  let max: number;
  let threads: number;
  let destination: Destination;
  try {
    threads = opts.threads === undefined ? defaultRenderThreads() : positiveNumber(opts.threads, '--threads');
    if (!Number.isInteger(threads)) throw new UsageError(`--threads must be a whole number, not "${opts.threads}".`);
    baseUrl = opts.baseUrl === undefined ? undefined : httpUrl(opts.baseUrl, '--base-url');
    perMinute = positiveNumber(opts.archiveOrgPerMinute, '--archive-org-per-minute');
    max = positiveNumber(opts.archiveOrgMax, '--archive-org-max');
    if (opts.archiveOrg) httpUrl(opts.archiveOrgEndpoint, '--archive-org-endpoint');
    if (dir.startsWith('s3:') && opts.archive) throw new UsageError('--archive is made from a copy in a folder: make the archive from a folder copy.');
    destination = openDestination(config, dir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let pool: RenderPool;
  try {
    pool = await RenderPool.start(config, threads);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  try {
    const sites = pool.sites;
    // The copy's own time, from here: reading what the pages are made from is part of it, starting the threads is not.
    const started = Date.now();
    const now = new Date();
    const inputs = await loadMirrorInputs(db, now, renderingFingerprint(config, baseUrl)).finally(() => db.destroy());
    const report = await mirrorSite({
      now,
      inputs,
      fetch: pool.fetch,
      renderPage: pool.renderPage,
      compress: pool.compress,
      target: destination.target,
      publicUrl: config.publicUrl,
      baseUrl,
      locales: config.locales,
      defaultLocale: config.defaultLocale,
      sites,
      timeZone: config.timeZone,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Copied ${config.publicUrl} to ${destination.name} in ${seconds} s: ${report.files} files, ${report.written.length} written, ` +
        `${report.unchanged} unchanged, ${report.removed.length} removed.`,
    );
    for (const { path: p, status } of report.unreachable) console.log(`Not copied (status ${status}): ${p}`);
    if (opts.archive && destination.folder) {
      await writeArchive(destination.folder, opts.archive);
      console.log(`Wrote the archive ${path.resolve(opts.archive)}.`);
    }
    if (opts.archiveOrg) {
      const run = await archiveChangedPages(new SavePageNow(httpUrl(opts.archiveOrgEndpoint, '--archive-org-endpoint') + '/'), report.changedPages, { perMinute, max });
      console.log(`Asked the Internet Archive to save ${run.requested} changed pages${run.left ? ` (${run.left} more next time: --archive-org-max)` : ''}.`);
      for (const { url, status } of run.failed) console.log(`The Internet Archive did not save ${url} (status ${status || 'no answer'}).`);
    }
    return 0;
  } finally {
    await pool.close();
    await destination.close();
  }
}

/** `dove mirror verify <dir>` (a folder or `s3://bucket/prefix/`): 0 when every file matches the manifest, 1 when one does not, 2 without a manifest. */
export async function verifyMirrorFolder(config: Config, dir: string): Promise<number> {
  let destination: Destination;
  try {
    destination = openDestination(config, dir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  try {
    const result = await verifyMirror(destination.target);
    for (const file of result.missing) console.log(`missing: ${file}`);
    for (const file of result.changed) console.log(`changed: ${file}`);
    const bad = result.missing.length + result.changed.length;
    console.log(bad ? `${bad} of ${result.checked} files do not match the manifest.` : `All ${result.checked} files match the manifest.`);
    return bad ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    console.error(error.message);
    return 2;
  } finally {
    await destination.close();
  }
}

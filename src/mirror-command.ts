import path from 'node:path';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { mirrorSite, type MirrorSiteFacts } from './features/mirror/mirror.command.js';
import { ManifestError, verifyMirror } from './features/mirror/mirror.manifest.js';
import { archiveChangedPages, SavePageNow, writeArchive } from './features/mirror/mirror.publish.js';
import { FolderTarget } from './features/mirror/mirror.target.js';
import type { Locale } from './i18n/locales.js';

export interface MirrorCommandOptions {
  baseUrl?: string;
  archive?: string;
  archiveOrg?: boolean;
  archiveOrgPerMinute: string;
  archiveOrgMax: string;
  archiveOrgEndpoint: string;
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

/**
 * `dove mirror <dir>`: the app is built in this process on the configured database, without a
 * page cache (every page is asked for once), and crawled through its routes with `inject`;
 * nothing listens on a port. Returns the exit code.
 */
export async function runMirror(config: Config, dir: string, opts: MirrorCommandOptions): Promise<number> {
  let baseUrl: string | undefined;
  let perMinute: number;
  let max: number;
  try {
    baseUrl = opts.baseUrl === undefined ? undefined : httpUrl(opts.baseUrl, '--base-url');
    perMinute = positiveNumber(opts.archiveOrgPerMinute, '--archive-org-per-minute');
    max = positiveNumber(opts.archiveOrgMax, '--archive-org-max');
    if (opts.archiveOrg) httpUrl(opts.archiveOrgEndpoint, '--archive-org-endpoint');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const db = openDatabase(config.databaseUrl);
  const app = await buildApp({ config: { ...config, pageCache: false }, db, logger: false });
  try {
    await migrateToLatest(db);
    await app.ready();
    const sites: Partial<Record<Locale, MirrorSiteFacts>> = {};
    for (const locale of config.locales) {
      const ctx = await app.siteContexts.get(locale);
      sites[locale] = { name: ctx.name, email: ctx.email };
    }
    const folder = path.resolve(dir);
    const started = Date.now();
    const report = await mirrorSite({
      fetch: async (url) => {
        const res = await app.inject({ method: 'GET', url });
        return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
      },
      target: new FolderTarget(folder),
      publicUrl: config.publicUrl,
      baseUrl,
      locales: config.locales,
      defaultLocale: config.defaultLocale,
      sites,
      timeZone: config.timeZone,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Copied ${config.publicUrl} to ${folder} in ${seconds} s: ${report.files} files, ${report.written.length} written, ` +
        `${report.unchanged} unchanged, ${report.removed.length} removed.`,
    );
    for (const { path: p, status } of report.unreachable) console.log(`Not copied (status ${status}): ${p}`);
    if (opts.archive) {
      await writeArchive(folder, opts.archive);
      console.log(`Wrote the archive ${path.resolve(opts.archive)}.`);
    }
    if (opts.archiveOrg) {
      const run = await archiveChangedPages(new SavePageNow(httpUrl(opts.archiveOrgEndpoint, '--archive-org-endpoint') + '/'), report.changedPages, { perMinute, max });
      console.log(`Asked the Internet Archive to save ${run.requested} changed pages${run.left ? ` (${run.left} more next time: --archive-org-max)` : ''}.`);
      for (const { url, status } of run.failed) console.log(`The Internet Archive did not save ${url} (status ${status || 'no answer'}).`);
    }
    return 0;
  } finally {
    await app.close();
    await db.destroy();
  }
}

/** `dove mirror verify <dir>`: 0 when every file matches the manifest, 1 when one does not, 2 without a manifest. */
export async function verifyMirrorFolder(dir: string): Promise<number> {
  try {
    const result = await verifyMirror(new FolderTarget(path.resolve(dir)));
    for (const file of result.missing) console.log(`missing: ${file}`);
    for (const file of result.changed) console.log(`changed: ${file}`);
    const bad = result.missing.length + result.changed.length;
    console.log(bad ? `${bad} of ${result.checked} files do not match the manifest.` : `All ${result.checked} files match the manifest.`);
    return bad ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    console.error(error.message);
    return 2;
  }
}

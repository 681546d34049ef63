import fs from 'node:fs/promises';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { contentFiles, type FileStorage } from '../media/storage.js';
import { withObjectStorage } from '../../storage/index.js';
import { NEWS_KINDS, type NewsKind } from '../news/news.tables.js';
import { formatReport, type ImportReport } from './wordpress-import.report.js';
import { importWordPress } from './wordpress-import.service.js';
import { WxrError } from './wxr-reader.js';

/** How long one attachment download may take by default, in seconds. */
export const DEFAULT_FETCH_TIMEOUT_S = 20;

/** A refusal the command explains in one line: a missing file, a bad option, a malformed export. */
export class WordPressImportRefused extends Error {}

export interface ImportCommandOptions {
  uploads?: string;
  dryRun?: boolean;
  newsKind?: string;
  language?: string;
  report?: string;
  fetchTimeout?: string;
  storage?: FileStorage;
  progress?: (line: string) => void;
}

async function isFolder(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

/** Checks the options, imports, writes the JSON report; returns the report and its text for the terminal. */
export async function runWordPressImport(db: Db, config: Config, file: string, opts: ImportCommandOptions): Promise<{ report: ImportReport; text: string; reportFile: string }> {
  if (!(await fs.stat(file).catch(() => undefined))?.isFile()) throw new WordPressImportRefused(`${file}: no such file`);
  if (opts.uploads && !(await isFolder(opts.uploads))) throw new WordPressImportRefused(`--uploads ${opts.uploads}: no such folder`);
  const newsKind = opts.newsKind ?? 'press_release';
  if (!(NEWS_KINDS as readonly string[]).includes(newsKind)) throw new WordPressImportRefused(`--news-kind must be one of ${NEWS_KINDS.join(', ')}`);
  const language = opts.language ?? config.defaultLocale;
  if (!config.locales.includes(language as never)) throw new WordPressImportRefused(`--language must be one of this site's languages: ${config.locales.join(', ')}`);
  const timeoutS = Number(opts.fetchTimeout ?? DEFAULT_FETCH_TIMEOUT_S);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 600) throw new WordPressImportRefused('--fetch-timeout must be a number of seconds between 1 and 600');
  let report: ImportReport;
  try {
    const run = (storage: FileStorage) =>
      importWordPress(db, storage, {
        file, uploadsDir: opts.uploads, dryRun: Boolean(opts.dryRun), newsKind: newsKind as NewsKind, locales: config.locales, defaultLocale: language,
        fetchTimeoutMs: timeoutS * 1000, ...(opts.progress ? { progress: opts.progress } : {}),
      });
    // The site's own file store (disk or bucket), unless the caller hands one in.
    report = opts.storage ? await run(opts.storage) : await withObjectStorage(config.storage, undefined, (objects) => run(contentFiles(objects)));
  } catch (error) {
    if (error instanceof WxrError) throw new WordPressImportRefused(`${file}: ${error.message}. Nothing was imported.`);
    throw error;
  }
  const reportFile = opts.report ?? `${file.replace(/\.xml$/i, '')}.import-report.json`;
  await fs.writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { report, text: `${formatReport(report)}\n\nThe report is in ${reportFile}.`, reportFile };
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tar from 'tar';
import { STATE_FILE } from './mirror.reuse.js';

/**
 * The copy as one archive (`.tar.gz`), for hosts that take an upload rather than a folder and for
 * handing a copy over on a USB stick. The entries are the copy's files under `mirror/`, with
 * neutral owners and modes, so the archive says nothing about the machine that made it.
 */
export async function writeArchive(folder: string, archive: string): Promise<void> {
  const resolvedArchive = path.resolve(archive);
  if (resolvedArchive.startsWith(path.resolve(folder) + path.sep)) {
    throw new Error(`The archive ${archive} would be inside the copy it holds; write it elsewhere.`);
  }
  const entries = (await fs.readdir(folder)).sort();
  // The record for the next run stays with the folder: it is not part of the copy.
  const filter = (entry: string) => path.posix.normalize(entry.replace(/\\/g, '/')) !== STATE_FILE;
  await tar.c({ gzip: true, file: resolvedArchive, cwd: folder, portable: true, prefix: 'mirror', filter }, entries);
}

/** Asks a web archive to keep a copy of one page; the one outbound call, behind this interface. */
export interface PageArchiver {
  save(url: string): Promise<{ ok: boolean; status: number }>;
}

export const SAVE_PAGE_NOW_ENDPOINT = 'https://web.archive.org/save/';
const SAVE_TIMEOUT_MS = 60_000;

/** The Internet Archive's Save Page Now: a GET of the endpoint followed by the page's address. */
export class SavePageNow implements PageArchiver {
  constructor(private readonly endpoint: string = SAVE_PAGE_NOW_ENDPOINT) {}

  async save(url: string): Promise<{ ok: boolean; status: number }> {
    try {
      const response = await fetch(`${this.endpoint}${url}`, { signal: AbortSignal.timeout(SAVE_TIMEOUT_MS), redirect: 'manual' });
      await response.body?.cancel();
      // Save Page Now answers a capture with the archived copy, or a redirect to it.
      return { ok: response.status < 400, status: response.status };
    } catch {
      return { ok: false, status: 0 };
    }
  }
}

export interface ArchiveRun {
  requested: number;
  failed: Array<{ url: string; status: number }>;
  /** Changed pages left out because of `max`. */
  left: number;
}

/**
 * Asks the archive for each changed page, one at a time and no faster than `perMinute` (Save
 * Page Now refuses, then blocks, clients that ask too fast), at most `max` pages per run.
 */
export async function archiveChangedPages(
  archiver: PageArchiver,
  urls: string[],
  options: { perMinute: number; max: number },
): Promise<ArchiveRun> {
  const interval = 60_000 / options.perMinute;
  const chosen = urls.slice(0, options.max);
  const run: ArchiveRun = { requested: 0, failed: [], left: urls.length - chosen.length };
  let answeredAt = 0;
  for (const url of chosen) {
    // Counted from the previous answer, not the previous request: a slow answer never lets two requests arrive closer together.
    const wait = answeredAt + interval - Date.now();
    if (answeredAt && wait > 0) await sleep(wait);
    const answer = await archiver.save(url);
    answeredAt = Date.now();
    run.requested += 1;
    if (!answer.ok) run.failed.push({ url, status: answer.status });
  }
  return run;
}

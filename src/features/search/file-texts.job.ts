import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/database.js';
import { runPeriodically } from '../../periodic-task.js';
import { contentFiles, type FileStorage } from '../media/storage.js';
import { claimFileText, listClaimableFileTexts, recordFileText, releaseFileText } from './file-texts.repository.js';
import { extractDocumentText, PDF_WORKER_TIMEOUT_MS, type PdfTextResult } from './search.files.js';
import { reindexItem } from './search.indexer.js';
import { searchSources } from './search.sources.js';

/** How often the queue of uploaded documents (PDFs and office files) is looked at, in milliseconds. */
export const FILE_TEXT_INTERVAL_MS = 5_000;
/** How long a claim holds a file, in milliseconds: well past one extraction's time limit, so only a dead server's claim expires. */
export const FILE_TEXT_LEASE_MS = PDF_WORKER_TIMEOUT_MS * 6;
/** Files listed per query; the run goes on until the queue is empty. */
const CLAIM_BATCH = 20;

export interface FileTextJob {
  db: Db;
  storage: FileStorage;
  /** Replaceable in tests, to count extractions. */
  extract?: (bytes: Buffer, signal?: AbortSignal) => Promise<PdfTextResult>;
  signal?: AbortSignal;
}

export interface FileTextRun {
  /** Files whose text (or unreadability) this run stored. */
  extracted: number;
  /** Items re-indexed because a file they use was read. */
  reindexed: number;
}

/**
 * Reads the text of queued documents (PDFs, and Word, Excel, PowerPoint and OpenDocument files), one at a time, each in a worker thread with its limits. A file
 * is claimed before it is read, so several servers never read the same one; its result and the
 * re-indexing of the items that use it are written in one transaction.
 */
export async function extractPendingFileTexts(job: FileTextJob): Promise<FileTextRun> {
  const run: FileTextRun = { extracted: 0, reindexed: 0 };
  for (;;) {
    const candidates = await listClaimableFileTexts(job.db, new Date(), CLAIM_BATCH);
    if (!candidates.length) return run;
    for (const sha256 of candidates) {
      if (job.signal?.aborted) return run;
      if (!(await claimFileText(job.db, sha256, new Date(), FILE_TEXT_LEASE_MS))) continue;
      const reindexed = await extractOne(job, sha256);
      if (reindexed === undefined) continue;
      run.extracted += 1;
      run.reindexed += reindexed;
    }
  }
}

/** The number of items re-indexed, or undefined when nothing was stored. */
async function extractOne(job: FileTextJob, sha256: string): Promise<number | undefined> {
  // A file not in storage yet keeps its claim, so it is tried again when the claim expires.
  const bytes = await job.storage.get(sha256);
  if (!bytes) return undefined;
  const result = await (job.extract ?? ((b, signal) => extractDocumentText(b, { signal })))(bytes, job.signal);
  if (job.signal?.aborted) {
    await releaseFileText(job.db, sha256);
    return undefined;
  }
  return job.db.transaction().execute(async (tx) => {
    const stored = await recordFileText(tx, sha256, result.readable ? { text: result.text } : { reason: result.reason });
    if (!stored) return 0;
    let count = 0;
    for (const source of searchSources) {
      if (!('idsUsingFile' in source) || !source.idsUsingFile) continue;
      for (const id of await source.idsUsingFile(tx, sha256)) {
        await reindexItem(tx, source.type, id, { storage: job.storage });
        count += 1;
      }
    }
    return count;
  });
}

/** Reads queued PDFs in the background of the server (unless PDF_TEXT_WORKER=off); the page cache drops what changed. */
export const fileTextsPlugin = fp(
  async (app: FastifyInstance) => {
    if (!app.config.pdfTextWorker) return;
    runPeriodically(app, {
      intervalMs: FILE_TEXT_INTERVAL_MS,
      failure: 'reading the text of uploaded PDFs failed',
      background: true,
      run: async (signal) => {
        const run = await extractPendingFileTexts({ db: app.db, storage: contentFiles(app.storage), signal });
        if (run.extracted > 0) app.contentChanged();
      },
    });
  },
  { name: 'dove-file-texts' },
);

import { announceChange } from '../../db/change-notices.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { countPdfs, findFileIdBySha256, findPdfsWithoutFirstPage, type PdfWithoutCover } from '../media/files.repository.js';
import { prepareImage, type PreparedImage } from '../media/images.js';
import { drawFirstPage, recordFirstPage, type FirstPageFailure } from '../media/pdf-cover.js';
import type { FileStorage } from '../media/storage.js';

export interface FirstPagesSummary {
  /** PDFs that got their first page drawn and recorded in this run. */
  made: number;
  /** PDFs that already had one: nothing to do. */
  skipped: number;
  /** PDFs that could not get one, each with why, in plain English. */
  failed: Array<{ fileId: number; name: string; reason: string }>;
}

export interface FirstPagesOptions {
  /** Who the audit rows name. */
  actor: string;
  /** How many pages are drawn at once (each in its own limited thread). */
  concurrency?: number;
  /** Told of each PDF as it is done, for a command's progress lines. */
  progress?: (line: string) => void;
  /** Only these PDFs (the demo import draws the ones it has just stored). */
  fileIds?: readonly number[];
  /** The longest one page may take (the upload's limit by default; the demo's own PDFs may take longer on a busy machine). */
  timeoutMs?: number;
}

const FAILURE_TEXT: Record<FirstPageFailure['reason'], string> = {
  unreadable: 'the PDF cannot be read',
  timeout: 'drawing the first page took too long',
  memory: 'drawing the first page needed too much memory',
  failed: 'the drawing thread stopped',
};

/** Draws and encodes one PDF's first page (outside any transaction): the image, or why there is none. */
async function prepareCover(storage: FileStorage, pdf: PdfWithoutCover, timeoutMs: number | undefined): Promise<{ ok: true; image: PreparedImage } | { ok: false; reason: string }> {
  const bytes = await storage.get(pdf.sha256);
  if (!bytes) return { ok: false, reason: 'its bytes are missing from the storage' };
  const drawn = await drawFirstPage(bytes, timeoutMs === undefined ? {} : { timeoutMs });
  if (!drawn.ok) return { ok: false, reason: drawn.reason === 'unreadable' ? `${FAILURE_TEXT.unreadable} (${drawn.detail})` : FAILURE_TEXT[drawn.reason] };
  return { ok: true, image: await prepareImage(storage, drawn.png) };
}

/**
 * Gives every stored PDF that has none the image of its first page, as an upload does
 * (media-upload.ts): PDFs stored before covers existed, and the demo's. Pages are drawn a few
 * at a time in limited threads; each is recorded in its own transaction (or the caller's) with
 * an audit row. A PDF that cannot be drawn is reported and the others go on. A second run finds
 * nothing to do.
 */
export async function drawMissingFirstPages(db: DbOrTx, storage: FileStorage, options: FirstPagesOptions): Promise<FirstPagesSummary> {
  const missing = await findPdfsWithoutFirstPage(db, options.fileIds);
  const total = await countPdfs(db, options.fileIds);
  const summary: FirstPagesSummary = { made: 0, skipped: total - missing.length, failed: [] };
  const fail = (pdf: PdfWithoutCover, reason: string) => {
    summary.failed.push({ fileId: pdf.id, name: pdf.originalName, reason });
    options.progress?.(`${pdf.originalName} (file ${pdf.id}): no cover, ${reason}.`);
  };
  const inTransaction = <T>(run: (tx: DbOrTx) => Promise<T>): Promise<T> => (db.isTransaction ? run(db) : (db as Db).transaction().execute(run));

  const queue = [...missing];
  const worker = async () => {
    for (let pdf = queue.shift(); pdf; pdf = queue.shift()) {
      let prepared;
      try {
        prepared = await prepareCover(storage, pdf, options.timeoutMs);
      } catch (error) {
        // A storage or image error on one PDF is that PDF's failure, not the run's.
        prepared = { ok: false as const, reason: error instanceof Error ? error.message : String(error) };
      }
      if (!prepared.ok) {
        fail(pdf, prepared.reason);
        continue;
      }
      const { image } = prepared;
      const current = pdf;
      const outcome = await inTransaction(async (tx) => {
        const sameImage = await findFileIdBySha256(tx, image.sha256);
        if (sameImage !== undefined) return { ok: false as const, reason: `its first page is the same image as file ${sameImage}` };
        const id = (await recordFirstPage(tx, image, current.id, current.originalName))!;
        await writeAudit(tx, { actor: options.actor, action: 'file.first_page', subjectType: 'file', subjectId: String(id), after: { sourceFileId: current.id } });
        return { ok: true as const, id };
      });
      if (!outcome.ok) {
        fail(pdf, outcome.reason);
        continue;
      }
      summary.made += 1;
      options.progress?.(`${pdf.originalName} (file ${pdf.id}): cover made (file ${outcome.id}).`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, missing.length)) }, worker));
  summary.failed.sort((a, b) => a.fileId - b.fileId);
  return summary;
}

/** The command's report: what was made, what already had a cover, and each failure with why. */
export function firstPagesReport(summary: FirstPagesSummary): string[] {
  return [
    `First-page covers: ${summary.made} made, ${summary.skipped} already there, ${summary.failed.length} failed.`,
    ...summary.failed.map((f) => `  failed: ${f.name} (file ${f.fileId}): ${f.reason}`),
  ];
}

/**
 * `dove media covers`: draws what is missing, then tells running servers (NOTIFY, or the change
 * count on SQLite) so they drop the pages they cached without these covers.
 */
export async function runFirstPagesCommand(db: Db, storage: FileStorage, progress?: (line: string) => void): Promise<{ summary: FirstPagesSummary; lines: string[] }> {
  const summary = await drawMissingFirstPages(db, storage, { actor: 'system:cli', ...(progress ? { progress } : {}) });
  if (summary.made > 0) await announceChange(db);
  return { summary, lines: firstPagesReport(summary) };
}

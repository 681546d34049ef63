import fs from 'node:fs/promises';
import path from 'node:path';
import { prepareImage, type PreparedImage } from '../media/images.js';
import type { FileStorage } from '../media/storage.js';
import { MAX_OFFICE_BYTES } from '../media/office-documents.js';
import { cleanPdf } from '../media/pdf-clean.js';
import { mediaLibraryMessages } from '../media-library/media-library.messages.js';
import { checkUpload, MAX_IMAGE_BYTES, MAX_PDF_BYTES, type UploadProblem } from '../media-library/upload-check.js';
import { checksumOf, type ScannedAttachment } from './wordpress-scan.js';
import { decodeUriPart } from './wordpress-content.js';

/**
 * An attachment's bytes come from the export's uploads folder when one is given, else from its
 * old address (with a timeout). Either way they go through the media library's checks by
 * content and its image pipeline (metadata stripped, renditions), outside the transaction:
 * stored bytes nobody refers to are harmless, a long transaction is not.
 */

export interface MediaOptions {
  uploadsDir?: string | undefined;
  /** How long one download may take, in milliseconds. */
  fetchTimeoutMs: number;
  /** Read and check only: nothing is encoded or stored (a dry run). */
  dryRun: boolean;
}

export type LoadedAttachment =
  | { ok: true; kind: 'image'; name: string; checksum: string; prepared: PreparedImage | undefined }
  /** A PDF, or an office document already rewritten without its properties (the bytes to store). */
  | { ok: true; kind: 'document'; name: string; checksum: string; bytes: Buffer; mime: string }
  | { ok: false; problem: string };

const MAX_DOWNLOAD_BYTES = Math.max(MAX_IMAGE_BYTES, MAX_PDF_BYTES, MAX_OFFICE_BYTES);

/** Why the media library refuses a file, in the words an editor uploading it would read. */
export function refusalReason(problem: UploadProblem): string {
  return `the media library refuses it: ${mediaLibraryMessages.en[problem === 'empty' ? 'empty_' : problem]}`;
}

/** The attachment's path below the uploads folder: its `_wp_attached_file`, else what follows `/uploads/` in its URL. */
function uploadsPath(att: ScannedAttachment): string | undefined {
  if (att.file) return att.file;
  const m = /\/wp-content\/uploads\/(.+)$/.exec(att.url.split('?')[0] ?? '');
  return m ? decodeUriPart(m[1]!) : undefined;
}

async function readFromUploads(uploadsDir: string, relative: string): Promise<Buffer | string> {
  const root = path.resolve(uploadsDir);
  const target = path.resolve(root, relative);
  // The export names the path; it may not leave the folder it was given.
  if (!target.startsWith(root + path.sep)) return `${relative} is outside the uploads folder`;
  try {
    return await fs.readFile(target);
  } catch {
    return `not found in the uploads folder (${path.join(uploadsDir, relative)})`;
  }
}

async function download(url: string, timeoutMs: number): Promise<Buffer | string> {
  if (!/^https?:\/\//i.test(url)) return 'it has no address to download it from';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) return `${url} answered ${res.status}`;
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_DOWNLOAD_BYTES) return `${url} is larger than ${MAX_DOWNLOAD_BYTES} bytes`;
    const bytes = Buffer.from(await res.arrayBuffer());
    return bytes.length > MAX_DOWNLOAD_BYTES ? `${url} is larger than ${MAX_DOWNLOAD_BYTES} bytes` : bytes;
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return `${url} could not be downloaded (${reason})`;
  }
}

/** The attachment's bytes, or why there are none: both places tried are named. */
export async function readAttachment(att: ScannedAttachment, options: MediaOptions): Promise<Buffer | string> {
  const problems: string[] = [];
  const relative = uploadsPath(att);
  if (options.uploadsDir && relative) {
    const read = await readFromUploads(options.uploadsDir, relative);
    if (typeof read !== 'string') return read;
    problems.push(read);
  }
  const fetched = await download(att.url, options.fetchTimeoutMs);
  if (typeof fetched !== 'string') return fetched;
  problems.push(fetched);
  return `the file is missing: ${problems.join('; ')}`;
}

/** Reads, checks and (unless a dry run or unchanged) encodes one attachment. */
export async function loadAttachment(
  att: ScannedAttachment,
  storage: FileStorage,
  options: MediaOptions,
  previousChecksum: string | undefined,
): Promise<LoadedAttachment> {
  const bytes = await readAttachment(att, options);
  if (typeof bytes === 'string') return { ok: false, problem: bytes };
  const name = path.basename(uploadsPath(att) ?? att.url.split('?')[0] ?? `attachment-${att.id}`).slice(0, 255);
  const check = await checkUpload(bytes, name);
  if (!check.ok) return { ok: false, problem: refusalReason(check.problem) };
  const checksumWith = (stored: Buffer) => checksumOf({ bytes: checksumOf(stored.toString('base64')), alt: att.alt, title: att.title, caption: att.caption, locale: att.locale });
  if (check.kind !== 'image') {
    // Stored as an upload in the admin is: without its metadata (a PDF pdf-lib cannot rewrite is kept
    // as it came, as there). The checksum is the stored bytes', so a copy an earlier version stored
    // uncleaned is replaced, and the links to it updated, on the next run.
    const stored = check.kind === 'office' ? check.cleaned : ((await cleanPdf(bytes)) ?? bytes);
    return { ok: true, kind: 'document', name, checksum: checksumWith(stored), bytes: stored, mime: check.mime };
  }
  const checksum = checksumWith(bytes);
  const skip = options.dryRun || checksum === previousChecksum;
  try {
    return { ok: true, kind: 'image', name, checksum, prepared: skip ? undefined : await prepareImage(storage, bytes) };
  } catch (error) {
    return { ok: false, problem: `the image could not be read (${(error as Error).message})` };
  }
}

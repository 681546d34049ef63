import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS } from '../media/images.js';
import { cleanOfficeBytes, isOle2, isZip, MAX_OFFICE_BYTES, problemOfOfficeName } from '../media/office-documents.js';

/** Photos from phones and cameras stay well under this; larger files are refused, not shrunk. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Annual reports with many pictures reach tens of megabytes; beyond this readers cannot download them. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;
/** `%%EOF` must appear in the file's last bytes (writers may add a line end or a little padding). */
const PDF_TAIL_BYTES = 1024;

export type UploadKind = 'image' | 'pdf' | 'office';
export type UploadProblem =
  | 'empty'
  | 'tooLargeImage'
  | 'tooLargePdf'
  | 'svg'
  | 'unknownType'
  | 'extensionMismatch'
  | 'polyglot'
  | 'tooManyPixels'
  | 'brokenImage'
  | 'brokenPdf'
  | 'tooLargeDocument'
  | 'tooLargeCleanedDocument'
  | 'macros'
  | 'activeContent'
  | 'uncleanableImage'
  | 'legacyOffice'
  | 'zipBomb'
  | 'brokenDocument'
  | 'encryptedDocument';

export type UploadCheck =
  | { ok: true; kind: 'image' | 'pdf'; mime: string }
  /** An office document is read whole to be checked: it comes back already rewritten without its properties. */
  | { ok: true; kind: 'office'; mime: string; cleaned: Buffer }
  | { ok: false; problem: UploadProblem };

/** The content types accepted, by what `file-type` reads in the bytes, and the names they may carry. */
const ACCEPTED: Record<string, { kind: UploadKind; extensions: string[] }> = {
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'] },
  'image/png': { kind: 'image', extensions: ['png'] },
  'image/webp': { kind: 'image', extensions: ['webp'] },
  'image/gif': { kind: 'image', extensions: ['gif'] },
  'image/avif': { kind: 'image', extensions: ['avif'] },
  'application/pdf': { kind: 'pdf', extensions: ['pdf'] },
};

/**
 * Markers of a second format hidden inside an image: browsers or viewers that sniff content
 * could open such a file as a document or a page. A real photo does not contain them.
 */
const EMBEDDED_MARKERS = [/%PDF-/, /<html/i, /<script/i, /<svg/i, /<\?php/i, /<iframe/i, /<!doctype/i];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function looksLikeSvg(bytes: Buffer, name: string): boolean {
  if (extensionOf(name) === 'svg' || extensionOf(name) === 'svgz') return true;
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(head);
}

/**
 * Decides from the bytes what an upload is, and refuses anything that is not plainly one
 * accepted type under a name that agrees with it. Images are decoded later (by sharp) and
 * PDFs are parsed here, so a broken file is refused before anything is stored.
 */
export async function checkUpload(bytes: Buffer, name: string): Promise<UploadCheck> {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (looksLikeSvg(bytes, name)) return { ok: false, problem: 'svg' };
  const byName: UploadProblem | undefined = problemOfOfficeName(extensionOf(name));
  if (byName) return { ok: false, problem: byName };
  // Word, Excel and PowerPoint wrap a file saved with a password in the old container.
  if (isOle2(bytes)) return { ok: false, problem: ENCRYPTED_OOXML.has(extensionOf(name)) ? 'encryptedDocument' : 'legacyOffice' };
  if (isZip(bytes)) return checkOfficeDocument(bytes, name);
  const detected = await fileTypeFromBuffer(bytes);
  const accepted = detected ? ACCEPTED[detected.mime] : undefined;
  if (!detected || !accepted) return { ok: false, problem: 'unknownType' };
  if (!accepted.extensions.includes(extensionOf(name))) return { ok: false, problem: 'extensionMismatch' };
  if (accepted.kind === 'image') {
    if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, problem: 'tooLargeImage' };
    const text = bytes.toString('latin1');
    if (EMBEDDED_MARKERS.some((marker) => marker.test(text))) return { ok: false, problem: 'polyglot' };
    return checkImageHeader(bytes, detected.mime);
  }
  if (bytes.length > MAX_PDF_BYTES) return { ok: false, problem: 'tooLargePdf' };
  return (await isWellFormedPdf(bytes)) ? { ok: true, kind: 'pdf', mime: detected.mime } : { ok: false, problem: 'brokenPdf' };
}

const ENCRYPTED_OOXML = new Set(['docx', 'xlsx', 'pptx']);

/** A ZIP container is taken only as a Word, Excel, PowerPoint or OpenDocument file without macros, named as what it holds. */
async function checkOfficeDocument(bytes: Buffer, name: string): Promise<UploadCheck> {
  if (bytes.length > MAX_OFFICE_BYTES) return { ok: false, problem: 'tooLargeDocument' };
  const office = await cleanOfficeBytes(bytes);
  if (!office.ok) {
    const problem = office.problem;
    return { ok: false, problem: problem === 'notOffice' ? 'unknownType' : problem };
  }
  if (!office.type.extensions.includes(extensionOf(name))) return { ok: false, problem: 'extensionMismatch' };
  // What is stored is the cleaned file, and it can be larger than what was sent: pictures are
  // re-encoded, and kept uncompressed in the container (an uncompressed TIFF that the ZIP had
  // deflated to almost nothing comes back at its full size).
  if (office.bytes.length > MAX_OFFICE_BYTES) return { ok: false, problem: 'tooLargeCleanedDocument' };
  return { ok: true, kind: 'office', mime: office.type.mime, cleaned: office.bytes };
}

/** Reads only the header: the pixel count is known before any decoding could exhaust memory. */
async function checkImageHeader(bytes: Buffer, mime: string): Promise<UploadCheck> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) return { ok: false, problem: 'brokenImage' };
    if (meta.width * meta.height > MAX_IMAGE_PIXELS) return { ok: false, problem: 'tooManyPixels' };
    return { ok: true, kind: 'image', mime };
  } catch {
    return { ok: false, problem: 'brokenImage' };
  }
}

async function isWellFormedPdf(bytes: Buffer): Promise<boolean> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  if (!bytes.subarray(-PDF_TAIL_BYTES).toString('latin1').includes('%%EOF')) return false;
  try {
    // pdf-lib is loaded on the first PDF checked, not with every app (the mirror's renders none).
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: true, updateMetadata: false });
    return doc.getPageCount() > 0;
  } catch {
    return false;
  }
}

/** Maps a failure of sharp while encoding to what the uploader is told. */
export function problemOfImageError(error: unknown): UploadProblem {
  const message = error instanceof Error ? error.message : String(error);
  return /pixel limit/i.test(message) ? 'tooManyPixels' : 'brokenImage';
}

import { extractText, getDocumentProxy } from 'unpdf';
import type { FileStorage } from '../media/storage.js';
import type { SearchDb } from './search.tables.js';

/** Text kept from one document: a few hundred pages of a report; beyond that is not indexed. */
export const MAX_DOCUMENT_TEXT_CHARS = 1_000_000;

/** pdf.js logs only errors: a PDF with odd fonts is no reason to fill the server log. */
const PDFJS_ERRORS_ONLY = 0;

/** The text layer of a PDF, pages joined; an unreadable PDF has none. */
export async function extractPdfText(bytes: Buffer): Promise<string> {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: PDFJS_ERRORS_ONLY });
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS);
    } finally {
      await pdf.destroy();
    }
  } catch {
    // A damaged or encrypted PDF still downloads; it just cannot be searched inside.
    return '';
  }
}

/**
 * The text of a stored PDF, parsed once: files are addressed by their SHA-256, so the text of
 * a given hash never changes and is kept in `search_file_texts`. A file missing from storage
 * yields undefined and is not remembered, so it is read once it arrives.
 */
export async function findDocumentText(db: SearchDb, sha256: string, storage: FileStorage): Promise<string | undefined> {
  const cached = await db.selectFrom('searchFileTexts').select('text').where('sha256', '=', sha256).executeTakeFirst();
  if (cached) return cached.text;
  const bytes = await storage.get(sha256);
  if (!bytes) return undefined;
  const text = await extractPdfText(bytes);
  await db
    .insertInto('searchFileTexts')
    .values({ sha256, text, extractedAt: new Date().toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return text;
}

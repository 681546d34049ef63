import { getDocumentProxy } from 'unpdf';
import { answerFromLimitedWorker, limitedWorkerData } from '../../limited-worker.js';

/*
 * Runs pdf.js in a limited worker process (see pdf-text.ts): a PDF can hold a flate stream that inflates to
 * hundreds of megabytes, and decoding it here costs this process's memory and time, not the event
 * loop that answers readers. The parent sets the memory limit and ends the process when it takes
 * too long.
 */

interface Job {
  bytes: Uint8Array;
  maxPages: number;
  maxChars: number;
}

/** pdf.js logs only errors: a PDF with odd fonts is no reason to fill the server log. */
const PDFJS_ERRORS_ONLY = 0;

async function extract({ bytes, maxPages, maxChars }: Job): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(bytes, { verbosity: PDFJS_ERRORS_ONLY });
  try {
    const parts: string[] = [];
    let length = 0;
    const last = Math.min(pdf.numPages, maxPages);
    for (let n = 1; n <= last && length < maxChars; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      parts.push(text);
      length += text.length;
      page.cleanup();
    }
    return { text: parts.join(' '), pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

extract(await limitedWorkerData<Job>()).then(
  (result) => answerFromLimitedWorker({ ok: true, ...result }),
  (error: unknown) => answerFromLimitedWorker({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
);

import { getDocumentProxy, renderPageAsImage } from 'unpdf';
import { answerFromLimitedWorker, limitedWorkerData } from '../../limited-worker.js';

/*
 * Draws page 1 of a PDF in a limited worker process (see pdf-cover.ts): a hostile PDF (a stream that
 * inflates to hundreds of megabytes, a page of millions of operators) costs this process's memory
 * and time, never the event loop that answers readers. The parent sets the memory limit and ends
 * the process when it takes too long.
 */

interface Job {
  bytes: Uint8Array;
  width: number;
}

/** pdf.js logs only errors: a PDF with odd fonts is no reason to fill the server log. */
const PDFJS_ERRORS_ONLY = 0;

async function draw({ bytes, width }: Job): Promise<Uint8Array> {
  const pdf = await getDocumentProxy(bytes, { verbosity: PDFJS_ERRORS_ONLY });
  try {
    return new Uint8Array(await renderPageAsImage(pdf, 1, { canvasImport: () => import('@napi-rs/canvas'), width }));
  } finally {
    await pdf.destroy();
  }
}

draw(await limitedWorkerData<Job>()).then(
  (png) => answerFromLimitedWorker({ ok: true, png }),
  // Why it could not be drawn, in pdf.js's words ("Invalid PDF structure."), for `dove media covers`.
  (error: unknown) => answerFromLimitedWorker({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);

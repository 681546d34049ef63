import { answerFromLimitedWorker, limitedWorkerData } from '../../limited-worker.js';
import { officeText } from './office-text.js';

/*
 * Reads an office file's text in a limited worker process (see search.files.ts), as PDFs are: its parts
 * are inflated here, within this process's memory limit, and the parent ends the process when it
 * takes too long.
 */

interface Job {
  bytes: Uint8Array;
  maxChars: number;
}

const { bytes, maxChars } = await limitedWorkerData<Job>();
try {
  const text = officeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxChars);
  answerFromLimitedWorker(text === undefined ? { ok: false, reason: 'damaged' } : { ok: true, text });
} catch (error) {
  answerFromLimitedWorker({ ok: false, reason: error instanceof Error ? error.message : String(error) });
}

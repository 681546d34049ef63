import { parentPort, workerData } from 'node:worker_threads';
import { officeText } from './office-text.js';

/*
 * Reads an office file's text in a worker thread (see search.files.ts), as PDFs are: its parts
 * are inflated here, within this thread's memory limit, and the parent ends the thread when it
 * takes too long.
 */

interface Job {
  bytes: Uint8Array;
  maxChars: number;
}

const { bytes, maxChars } = workerData as Job;
try {
  const text = officeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxChars);
  parentPort?.postMessage(text === undefined ? { ok: false, reason: 'damaged' } : { ok: true, text });
} catch (error) {
  parentPort?.postMessage({ ok: false, reason: error instanceof Error ? error.message : String(error) });
}

import { parentPort } from 'node:worker_threads';
import { prepareDocument } from './search.document.js';
import type { PrepareAnswer, PrepareJob } from './search.prepare-pool.js';

/*
 * Prepares search documents (normalisation, word segmentation, syllables, folding) in a thread
 * of its own, for a rebuild of a large index (see search.prepare-pool.ts).
 */
parentPort!.on('message', (job: PrepareJob) => {
  let answer: PrepareAnswer;
  try {
    answer = { id: job.id, rows: job.documents.map((d) => prepareDocument(d.type, d.itemId, d.doc)) };
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});

import { parentPort } from 'node:worker_threads';
import { pgCopies } from './search-index.repository.js';
import { pgVectorLiterals, prepareDocument, type PreparedRow } from './search.document.js';
import type { PrepareAnswer, PrepareRequest } from './search.prepare-pool.js';

/*
 * Prepares search documents (normalisation, word segmentation, syllables, folding and, for
 * PostgreSQL, the vector literals) in a thread of its own, for the rebuild of a large index
 * (search.prepare-pool.ts). The rows it sends back are a dozen strings each: the vocabulary of
 * the documents, hundreds of words each, is counted here and sent once, at the end.
 */
const counts = new Map<string, number>();

parentPort!.on('message', (request: PrepareRequest) => {
  let answer: PrepareAnswer;
  if (request.kind === 'counts') {
    answer = { id: request.id, counts: [...counts] };
    counts.clear();
  } else {
    try {
      const rows: PreparedRow[] = [];
      for (const { type, itemId, doc } of request.documents) {
        const { terms, ...row } = prepareDocument(type, itemId, doc);
        for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        rows.push(request.ids ? { ...row, pg: pgVectorLiterals(row) } : row);
      }
      // PostgreSQL: the rows as COPY sends them, so the writing thread only sends them; their
      // bytes are moved to it, not copied.
      if (request.ids) {
        const copies = pgCopies(rows, request.ids);
        parentPort!.postMessage({ id: request.id, copies } satisfies PrepareAnswer, copies.map((c) => c.data.buffer as ArrayBuffer));
        return;
      }
      answer = { id: request.id, rows };
    } catch (error) {
      answer = { id: request.id, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  parentPort!.postMessage(answer);
});

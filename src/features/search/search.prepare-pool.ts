import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareDocument, type IndexRow } from './search.document.js';
import type { SourceDocument } from './search.sources.js';

/**
 * Preparing a document (normalisation, ICU word segmentation, syllables, folding) costs about
 * as much CPU as writing it, and more on a small index's engine. A rebuild of a large index
 * prepares its documents in threads, one per core but one, while the calling thread writes the
 * documents prepared before: the build then takes about as long as the longer of the two, not
 * their sum, and the core left to the calling thread keeps answering readers during a rebuild
 * at server start. On cores already busy with other work the threads only add their own cost
 * (copying the documents and rows between threads, about a fifth more CPU). Small rebuilds
 * (tests, a new site) prepare in the calling thread, since starting the threads costs more
 * than they would save.
 */

/** A document to prepare: its source document and where it comes from. */
export interface DocumentToPrepare {
  type: string;
  itemId: number;
  doc: SourceDocument;
}

export interface PrepareJob {
  id: number;
  documents: DocumentToPrepare[];
}

export type PrepareAnswer = { id: number; rows: IndexRow[]; error?: undefined } | { id: number; error: string };

/** Below this many documents a rebuild prepares them in the calling thread. */
export const MIN_DOCUMENTS_FOR_THREADS = 2_000;

/** Each thread's heap, in MiB: a batch of documents and its rows need far less. */
const PREPARE_THREAD_HEAP_MB = 512;

/**
 * The thread's script sits next to this file: .js in dist/; .ts when run from the sources, where
 * the thread needs the tsx loader too.
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  return { url: new URL(`./search.prepare.worker.${fromSources ? 'ts' : 'js'}`, import.meta.url), execArgv: fromSources ? ['--import', 'tsx'] : [] };
}

/** Prepares documents: in threads, or in the calling thread when the pool has none. */
export class PreparePool {
  private readonly pending = new Map<number, { resolve: (rows: IndexRow[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (answer: PrepareAnswer) => this.settle(answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`a search preparation thread stopped (exit code ${code})`)));
    }
  }

  /** A pool of `threads` threads: by default one per core but the one the calling thread writes on. */
  static start(threads = Math.max(1, os.availableParallelism() - 1)): PreparePool {
    const { url, execArgv } = workerScript();
    return new PreparePool(
      Array.from({ length: threads }, () => new Worker(url, { execArgv, resourceLimits: { maxOldGenerationSizeMb: PREPARE_THREAD_HEAP_MB } })),
    );
  }

  /** A pool without threads. */
  static inline(): PreparePool {
    return new PreparePool([]);
  }

  /** The documents prepared, in order: shared out among the threads. */
  async prepare(documents: readonly DocumentToPrepare[]): Promise<IndexRow[]> {
    if (this.workers.length === 0) return documents.map((d) => prepareDocument(d.type, d.itemId, d.doc));
    if (this.failure) throw this.failure;
    const share = Math.ceil(documents.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, i) => {
        const part = documents.slice(i * share, (i + 1) * share);
        if (part.length === 0) return Promise.resolve([]);
        const id = this.nextId++;
        return new Promise<IndexRow[]>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          worker.postMessage({ id, documents: part } satisfies PrepareJob);
        });
      }),
    );
    return parts.flat();
  }

  private settle(answer: PrepareAnswer): void {
    const waiting = this.pending.get(answer.id);
    if (!waiting) return;
    this.pending.delete(answer.id);
    if (answer.error !== undefined) waiting.reject(new Error(`preparing search documents failed: ${answer.error}`));
    else waiting.resolve(answer.rows);
  }

  /** A thread that fails or stops fails every document waiting, and the pool. */
  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(error);
    }
  }

  private closing = false;

  /** Ends the threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Prepares batches of documents and hands each to `write`, in order: the next batch is being
 * prepared while the last one is written. Resolves when every batch is written.
 */
export async function prepareAndWrite(
  pool: PreparePool,
  batches: AsyncIterable<DocumentToPrepare[]> | Iterable<DocumentToPrepare[]>,
  write: (rows: IndexRow[]) => Promise<void>,
): Promise<void> {
  let preparing: Promise<IndexRow[]> | undefined;
  for await (const batch of batches) {
    const next = pool.prepare(batch);
    // A failure of this batch is reported when it is awaited, after the one before is written.
    next.catch(() => undefined);
    if (preparing) await write(await preparing);
    preparing = next;
  }
  if (preparing) await write(await preparing);
}

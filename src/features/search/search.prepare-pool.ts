import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PgCopy } from './search-index.repository.js';
import type { PreparedRow } from './search.document.js';
import type { SourceDocument } from './search-source.js';

/**
 * Threads that prepare the documents of a large rebuild (search.prepare.worker.ts) while the
 * calling thread loads the next items and writes the rows prepared before. Preparing a document
 * costs about as much CPU as the database spends storing it, so on a machine with a core to
 * spare the build takes about as long as the longer of the two rather than their sum.
 *
 * What crosses between threads is kept small, since copying is what made an earlier version
 * with threads slower than none: a source document goes out (a title, a body, a path, dates)
 * and a row of a dozen strings comes back, with its PostgreSQL vector literals already written.
 * Each thread counts the vocabulary of its documents itself and hands the counts over once, at
 * the end (counts()), instead of a list of hundreds of words with every document.
 */

export interface DocumentToPrepare {
  type: string;
  itemId: number;
  doc: SourceDocument;
}

export type PrepareRequest =
  /** `ids` (PostgreSQL): the documents' ids, for the thread to make their rows as COPY sends them. */
  | { kind: 'prepare'; id: number; ids?: readonly number[]; documents: readonly DocumentToPrepare[] }
  | { kind: 'counts'; id: number };

/** What a prepare job gives back: the rows (SQLite) or their COPY data (PostgreSQL). */
export type Prepared = { rows: PreparedRow[]; copies?: undefined } | { copies: PgCopy[]; rows?: undefined };

export type PrepareAnswer =
  | ({ id: number; counts?: undefined; error?: undefined } & Prepared)
  | { id: number; counts: Array<[string, number]>; rows?: undefined; copies?: undefined; error?: undefined }
  | { id: number; error: Error; rows?: undefined; copies?: undefined; counts?: undefined };

/** Each thread's heap, in MiB: its vocabulary counts and a few batches of rows need far less. */
const PREPARE_THREAD_HEAP_MB = 512;

/** The number of preparation threads for this machine: one per core, at most four. */
export function preparationThreads(): number {
  return Math.min(4, os.availableParallelism());
}

/**
 * The thread's script sits next to this file: .js in dist/; .ts when run from the sources, where
 * the thread needs the tsx loader too.
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  return { url: new URL(`./search.prepare.worker.${fromSources ? 'ts' : 'js'}`, import.meta.url), execArgv: fromSources ? ['--import', 'tsx'] : [] };
}

interface Thread {
  worker: Worker;
  inFlight: number;
}

export class PreparePool {
  private readonly pending = new Map<number, { thread: Thread; resolve: (answer: PrepareAnswer) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(private readonly threads: Thread[]) {
    for (const thread of threads) {
      thread.worker.on('message', (answer: PrepareAnswer) => this.settle(answer));
      thread.worker.on('error', (error) => this.fail(error));
      thread.worker.on('exit', (code) => this.fail(new Error(`a search preparation thread stopped (exit code ${code})`)));
    }
  }

  /** Starts `size` threads (at least one). */
  static start(size: number): PreparePool {
    const { url, execArgv } = workerScript();
    return new PreparePool(
      Array.from({ length: Math.max(1, size) }, () => ({
        worker: new Worker(url, { execArgv, resourceLimits: { maxOldGenerationSizeMb: PREPARE_THREAD_HEAP_MB } }),
        inFlight: 0,
      })),
    );
  }

  private ask(thread: Thread, request: PrepareRequest): Promise<PrepareAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    thread.inFlight += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { thread, resolve, reject });
      thread.worker.postMessage(request);
    });
  }

  /**
   * Prepares documents in the least busy thread; their vocabulary is counted there (counts()).
   * With `ids` (PostgreSQL, one per document) the thread makes their rows as COPY sends them.
   */
  async prepare(documents: readonly DocumentToPrepare[], ids?: readonly number[]): Promise<Prepared> {
    const thread = this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const answer = await this.ask(thread, { kind: 'prepare', id: this.nextId++, ...(ids ? { ids } : {}), documents });
    if (answer.error) throw answer.error;
    if (answer.counts) throw new Error('search: a preparation thread answered out of turn');
    return answer.copies ? { copies: answer.copies } : { rows: answer.rows };
  }

  /** How many of the documents prepared since the last call hold each vocabulary word, over all threads. */
  async counts(into = new Map<string, number>()): Promise<Map<string, number>> {
    const answers = await Promise.all(this.threads.map((thread) => this.ask(thread, { kind: 'counts', id: this.nextId++ })));
    for (const answer of answers) {
      if (answer.error) throw answer.error;
      for (const [term, n] of answer.counts!) into.set(term, (into.get(term) ?? 0) + n);
    }
    return into;
  }

  private settle(answer: PrepareAnswer): void {
    const waiting = this.pending.get(answer.id);
    if (!waiting) return;
    this.pending.delete(answer.id);
    waiting.thread.inFlight -= 1;
    waiting.resolve(answer);
  }

  /** A thread that fails or stops fails every request waiting, and the pool. */
  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(error);
    }
  }

  /** Ends the threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

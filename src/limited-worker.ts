import { Worker } from 'node:worker_threads';

/** How a limited worker ended when it sent no answer. */
export type WorkerFailure = 'timeout' | 'memory' | 'failed';

export interface WorkerLimits {
  /** The thread's heap, in MiB: a decompression bomb hits it and ends only that thread. */
  heapMb: number;
  /** The longest the thread may run before it is ended. */
  timeoutMs: number;
  /** Ends the thread at once (a stopping server); the answer is then 'timeout'. */
  signal?: AbortSignal;
}

/**
 * Runs `scriptName` (a worker module next to `besideUrl`, the caller's `import.meta.url`) on
 * `workerData` in a thread with a memory and a time limit, and resolves with its first message
 * or with why it sent none. Hostile input (a PDF bomb, a page of millions of operators) costs
 * at most that thread, never the event loop that answers readers. The module is compiled next
 * to its caller: .js in dist/; .ts when run from the sources, where the thread needs the tsx
 * loader too (production never has a TypeScript loader).
 */
export function runLimitedWorker<Message>(
  besideUrl: string,
  scriptName: string,
  workerData: unknown,
  limits: WorkerLimits,
): Promise<{ ok: true; message: Message } | { ok: false; reason: WorkerFailure }> {
  const fromSources = besideUrl.endsWith('.ts');
  const worker = new Worker(new URL(`./${scriptName}.${fromSources ? 'ts' : 'js'}`, besideUrl), {
    execArgv: fromSources ? ['--import', 'tsx'] : [],
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: { ok: true; message: Message } | { ok: false; reason: WorkerFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    limits.signal?.addEventListener('abort', () => finish({ ok: false, reason: 'timeout' }), { once: true });
    worker.on('message', (message: Message) => finish({ ok: true, message }));
    // Out of memory ends the thread with an error.
    worker.on('error', (error) => finish({ ok: false, reason: (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'failed' }));
    worker.on('exit', () => finish({ ok: false, reason: 'failed' }));
  });
}

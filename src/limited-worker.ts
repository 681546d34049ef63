import { fork } from 'node:child_process';

/** How a limited worker ended when it sent no answer. */
export type WorkerFailure = 'timeout' | 'memory' | 'failed';

export interface WorkerLimits {
  /** The process's heap, in MiB: a decompression bomb hits it and ends only that process. */
  heapMb: number;
  /** The longest the process may run before it is ended. */
  timeoutMs: number;
  /** Ends the process at once (a stopping server); the answer is then 'timeout'. */
  signal?: AbortSignal;
}

/** What V8 writes when a heap limit ends the process (`FATAL ERROR: … JavaScript heap out of memory`). */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/i;
/** The only variables a limited worker sees: where programs and temporary files are, and the locale. */
const KEPT_ENVIRONMENT = ['PATH', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT'];
/** The end of the process's error output that is kept, to tell out of memory from another crash. */
const KEPT_ERROR_CHARS = 4096;

/**
 * Runs `scriptName` (a worker module next to `besideUrl`, the caller's `import.meta.url`) on
 * `workerData` in a child process with a memory and a time limit, and resolves with its first
 * message or with why it sent none. Hostile input (a PDF bomb, a page of millions of operators)
 * costs at most that process, never the server. A process, not a worker thread: a thread that
 * reaches its heap limit inside some allocations (a large buffer or string made in native code)
 * makes V8 abort the whole process, server included; a child that does so ends alone. The
 * module is compiled next to its caller: .js in dist/; .ts when run from the sources, where the
 * child needs the tsx loader too (production never has a TypeScript loader).
 */
export function runLimitedWorker<Message>(
  besideUrl: string,
  scriptName: string,
  workerData: unknown,
  limits: WorkerLimits,
): Promise<{ ok: true; message: Message } | { ok: false; reason: WorkerFailure }> {
  const fromSources = besideUrl.endsWith('.ts');
  const child = fork(new URL(`./${scriptName}.${fromSources ? 'ts' : 'js'}`, besideUrl), [], {
    execArgv: [...(fromSources ? ['--import', 'tsx'] : []), `--max-old-space-size=${limits.heapMb}`, '--max-semi-space-size=8', '--stack-size=4000'],
    // Buffers and typed arrays cross as they are, not as JSON.
    serialization: 'advanced',
    // The file's reader needs none of the server's settings: its secrets stay out of reach of
    // whatever a hostile file makes the parser do.
    env: KEPT_ENVIRONMENT.reduce<NodeJS.ProcessEnv>((env, name) => (process.env[name] === undefined ? env : { ...env, [name]: process.env[name] }), {}),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-KEPT_ERROR_CHARS);
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: { ok: true; message: Message } | { ok: false; reason: WorkerFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    limits.signal?.addEventListener('abort', () => finish({ ok: false, reason: 'timeout' }), { once: true });
    child.on('message', (message: Message) => finish({ ok: true, message }));
    child.on('error', () => finish({ ok: false, reason: 'failed' }));
    // Its error output is read to the end before the ending is told apart.
    child.on('close', () => finish({ ok: false, reason: OUT_OF_MEMORY.test(errors) ? 'memory' : 'failed' }));
    child.send(workerData as object);
  });
}

/** In a limited worker: the data it was started on. */
export function limitedWorkerData<Data>(): Promise<Data> {
  // A server that ended without ending this process (killed, crashed) leaves no one to wait
  // for its answer: it ends too, rather than reading a hostile file on to the end alone.
  process.once('disconnect', () => process.exit(1));
  return new Promise((resolve) => process.once('message', (data) => resolve(data as Data)));
}

/** In a limited worker: its answer to the server. */
export function answerFromLimitedWorker(message: unknown): void {
  process.send?.(message);
}

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

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

/** Where `prlimit` usually is on Linux: it starts a program with core dumps off. */
const PRLIMIT = '/usr/bin/prlimit';

/** Whether PRLIMIT exists: looked up once, on the first run, not for every file. */
let hasPrlimit: boolean | undefined;

/** The limited workers still running: ended with the server even when one is too busy to notice. */
const liveChildren = new Set<ChildProcess>();
let killOnExitInstalled = false;

/**
 * A child busy in synchronous work (a parser deep in a hostile file) cannot run its 'disconnect'
 * handler, so it would outlive the server until it finished; the server kills them as it ends.
 */
function killChildrenOnExit(): void {
  if (killOnExitInstalled) return;
  killOnExitInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

/** The process ids of the limited workers still running (for tests and diagnostics). */
export function limitedWorkerPids(): number[] {
  return [...liveChildren].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}

/**
 * How the child is started. V8 aborts on running out of memory, and where core dumps are
 * enabled each hostile file would leave a dump of the child's memory, the uploaded file inside
 * it: the child runs through `prlimit --core=0` where that exists (it replaces itself with Node,
 * so the process id and the IPC channel stay the same).
 */
function childCommand(nodeArgs: string[]): { execPath: string; execArgv: string[] } {
  hasPrlimit ??= process.platform === 'linux' && existsSync(PRLIMIT);
  if (hasPrlimit) return { execPath: PRLIMIT, execArgv: ['--core=0', process.execPath, ...nodeArgs] };
  return { execPath: process.execPath, execArgv: nodeArgs };
}

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
  // A run already stopped (a stopping server) starts nothing.
  if (limits.signal?.aborted) return Promise.resolve({ ok: false, reason: 'timeout' });
  const fromSources = besideUrl.endsWith('.ts');
  const child = fork(new URL(`./${scriptName}.${fromSources ? 'ts' : 'js'}`, besideUrl), [], {
    ...childCommand([...(fromSources ? ['--import', 'tsx'] : []), `--max-old-space-size=${limits.heapMb}`, '--max-semi-space-size=8', '--stack-size=4000']),
    // Buffers and typed arrays cross as they are, not as JSON.
    serialization: 'advanced',
    // The file's reader needs none of the server's settings: its secrets stay out of reach of
    // whatever a hostile file makes the parser do.
    env: Object.fromEntries(KEPT_ENVIRONMENT.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]]))),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  liveChildren.add(child);
  killChildrenOnExit();
  child.once('exit', () => liveChildren.delete(child));
  // A child that could not start emits no 'exit'.
  child.once('error', () => liveChildren.delete(child));
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-KEPT_ERROR_CHARS);
  });
  return new Promise((resolve) => {
    let settled = false;
    const onAbort = () => finish({ ok: false, reason: 'timeout' });
    const finish = (result: { ok: true; message: Message } | { ok: false; reason: WorkerFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // One signal serves many runs (every file of a text extraction): each removes its listener.
      limits.signal?.removeEventListener('abort', onAbort);
      child.kill('SIGKILL');
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
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

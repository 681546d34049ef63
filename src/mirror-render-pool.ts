import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import type { Fetched } from './features/mirror/mirror.crawl.js';
import type { PreparedPage } from './features/mirror/mirror.page.js';
import type { RewriteSettings } from './features/mirror/mirror.rewrite.js';
import type { MirrorSiteFacts } from './features/mirror/mirror.command.js';
import type { Locale } from './i18n/locales.js';

/**
 * The crawl sends a thread its requests in batches (an array per message), and the thread
 * answers in batches (an array of `RenderAnswer`); each request and answer is as described here.
 *
 * A path to render (with `file`, a page is rewritten, checksummed and compressed in the thread),
 * or a file of the copy to compress (its bytes move to the thread), or the settings of the
 * rewriting for the requests that follow.
 */
export type RenderRequest =
  | { id: number; path: string; file?: string; previousSha256?: string; compress?: undefined; settings?: undefined }
  | { id: number; compress: Uint8Array; settings?: undefined }
  | { id?: undefined; settings: RewriteSettings };

/** A prepared page as it crosses between threads: its buffers move rather than being copied. */
export type PageMessage = Omit<PreparedPage, 'bytes' | 'forms' | 'links'> & {
  bytes: Uint8Array;
  forms?: Uint8Array[];
  /** The links joined by `LINK_SEPARATOR`: one string is copied between threads much faster than a hundred. */
  links: string;
};

/** Between the links of a page's message: no path has it (the URL parser percent-encodes it). */
export const LINK_SEPARATOR = '\n';

export type RenderAnswer =
  | { id: number; status: number; headers: Fetched['headers']; body: Uint8Array; error?: undefined; forms?: undefined; page?: undefined }
  | { id: number; page: PageMessage; error?: undefined; forms?: undefined }
  | { id: number; forms: Uint8Array[]; error?: undefined; page?: undefined }
  | { id: number; error: string };

export interface WorkerReady {
  ready: true;
  sites: Partial<Record<Locale, MirrorSiteFacts>>;
}

/** A message of a batch and the buffers that move with it. */
export interface Outgoing<Message> {
  message: Message;
  transfer: ArrayBuffer[];
}

/**
 * Posts a batch in one message. When that fails (a buffer already moved, or listed twice),
 * each message goes on its own, and the ones that still cannot go are handed to `undeliverable`:
 * one bad message costs only its own request, not the thread and everything in flight in it.
 */
export function postBatch<Message>(port: { postMessage(value: unknown, transfer: ArrayBuffer[]): void }, batch: Outgoing<Message>[], undeliverable: (message: Message, error: unknown) => void): number {
  try {
    port.postMessage(
      batch.map((o) => o.message),
      batch.flatMap((o) => o.transfer),
    );
    return 1;
  } catch {
    let posted = 0;
    for (const { message, transfer } of batch) {
      try {
        port.postMessage([message], transfer);
        posted += 1;
      } catch (error) {
        undeliverable(message, error);
      }
    }
    return posted;
  }
}

/**
 * Messages to one port, sent in batches: those queued before the batch goes (`schedule` says
 * when: the end of this microtask queue, or of this turn of the event loop) go in one message,
 * in order. Each message costs its receiver a wake-up whatever its size, and pages asked for or
 * finished together come in a row. A batch is posted with `postBatch`; `posted` learns how many
 * messages it took.
 */
export class BatchedSender<Message> {
  private outbox: Outgoing<Message>[] = [];

  constructor(
    private readonly port: { postMessage(value: unknown, transfer: ArrayBuffer[]): void },
    private readonly schedule: (flush: () => void) => void,
    private readonly undeliverable: (message: Message, error: unknown) => void,
    private readonly posted: (messages: number) => void = () => {},
  ) {}

  send(message: Message, transfer: ArrayBuffer[] = []): void {
    this.outbox.push({ message, transfer });
    if (this.outbox.length === 1) this.schedule(() => this.flush());
  }

  /** Forgets what is queued and sends nothing more: the port's other end is gone. */
  close(): void {
    this.outbox = [];
    this.send = () => {};
  }

  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length) this.posted(postBatch(this.port, batch, this.undeliverable));
  }
}

/** Rendering threads by default: one per core, since rendering and compressing pages is most of a mirror's work. */
export function defaultRenderThreads(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * The thread's script sits next to this file: .js in dist/; .ts when run from the sources, where
 * the thread needs the tsx loader too (production never has a TypeScript loader). A process run
 * with `--cpu-prof` profiles its threads too, so a slow copy can be looked into as a whole.
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  return { url: new URL(`./mirror-render.worker.${fromSources ? 'ts' : 'js'}`, import.meta.url), execArgv: [...(fromSources ? ['--import', 'tsx'] : []), ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))] };
}

/**
 * Each thread's heap, in MiB: rendering makes much short-lived garbage, and without a bound V8
 * lets the heap grow far before collecting it, several hundred megabytes per thread. The app
 * itself holds about 60 MB; the largest page (the sitemap of a big site) needs a few more.
 * With 256 MB and V8's default young generation, a copy of 1,000 publications (the bench's
 * `BENCH_MIRROR_PUBLICATIONS=1000`) peaked at 860 MB of resident memory with two threads; with
 * these bounds, at 640 MB.
 */
const RENDER_THREAD_HEAP_MB = 128;
/** The young generation, where a page's garbage is made and collected, in MiB (V8's default is 48 on a 64-bit machine). */
const RENDER_THREAD_YOUNG_MB = 16;

interface Thread {
  worker: Worker;
  inFlight: number;
  /** Requests made in the same turn of the event loop go in one message. */
  requests: BatchedSender<RenderRequest>;
}

/**
 * Threads that each build the app on the database and render the pages the crawl asks for, and
 * compress the rewritten files, so that this work runs on every core while the crawl's thread
 * rewrites and writes the files. Each request goes to the thread with the fewest in flight.
 */
export class RenderPool {
  private readonly pending = new Map<number, { resolve: (answer: RenderAnswer) => void; reject: (e: Error) => void; thread: Thread }>();
  private nextId = 0;
  /** Messages sent to the threads and received from them: requests and answers go in batches. */
  readonly messages = { sent: 0, received: 0 };

  private constructor(
    private readonly threads: Thread[],
    /** The organisation's name and email per locale, as the site settings give them. */
    readonly sites: Partial<Record<Locale, MirrorSiteFacts>>,
  ) {
    for (const thread of threads) {
      // A thread answers in batches: the pages it finished in the same turn of its event loop.
      thread.worker.on('message', (answers: RenderAnswer[]) => {
        this.messages.received += 1;
        for (const answer of answers) this.settle(answer);
      });
      // A thread that fails or ends takes its requests with it: they fail rather than wait forever.
      thread.worker.on('error', (error) => this.abandon(thread, error));
      thread.worker.on('exit', (code) => this.abandon(thread, new Error(`a rendering thread stopped (exit code ${code})`)));
      thread.requests = new BatchedSender<RenderRequest>(
        thread.worker,
        queueMicrotask,
        (failed, error) => this.undeliverable(thread, failed, error),
        (messages) => (this.messages.sent += messages),
      );
    }
  }

  private abandon(thread: Thread, error: Error): void {
    for (const [id, waiting] of this.pending) {
      if (waiting.thread !== thread) continue;
      this.pending.delete(id);
      waiting.reject(error);
    }
    thread.inFlight = Number.POSITIVE_INFINITY;
    thread.requests.close();
  }

  static async start(config: Config, size: number): Promise<RenderPool> {
    const { url, execArgv } = workerScript();
    const threads: Thread[] = [];
    try {
      const readies = [];
      for (let i = 0; i < size; i += 1) {
        const worker = new Worker(url, { execArgv, workerData: { config }, resourceLimits: { maxOldGenerationSizeMb: RENDER_THREAD_HEAP_MB, maxYoungGenerationSizeMb: RENDER_THREAD_YOUNG_MB } });
        // Its sender is made with the pool, which counts the messages: until then nothing is sent.
        threads.push({ worker, inFlight: 0, requests: new BatchedSender<RenderRequest>(worker, queueMicrotask, () => {}) });
        readies.push(
          new Promise<WorkerReady>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`a rendering thread stopped at start (exit code ${code})`)));
          }),
        );
      }
      const [first] = await Promise.all(readies);
      return new RenderPool(threads, first!.sites);
    } catch (error) {
      await Promise.all(threads.map((t) => t.worker.terminate()));
      throw error;
    }
  }

  private ask(request: RenderRequest & { id: number }, transfer: ArrayBuffer[] = []): Promise<RenderAnswer> {
    const thread = this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    if (thread.inFlight === Number.POSITIVE_INFINITY) return Promise.reject(new Error('no rendering thread is left'));
    thread.inFlight += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, thread });
      this.send(thread, request, transfer);
    });
  }

  /**
   * Queues a request for a thread; the queue goes in one message once the current turn ends
   * (the crawl asks for several pages in a row when a batch of answers settles). Messages keep
   * their order, so settings queued before a page apply to it.
   */
  private send(thread: Thread, request: RenderRequest, transfer: ArrayBuffer[] = []): void {
    thread.requests.send(request, transfer);
  }

  /** A request that could not be sent fails alone; settings that could not be sent fail the thread's requests, which would be rewritten wrongly. */
  private undeliverable(thread: Thread, request: RenderRequest, error: unknown): void {
    const reason = `it could not be sent to a rendering thread: ${String(error)}`;
    if (request.id === undefined) this.abandon(thread, new Error(`the rewriting settings: ${reason}`));
    else this.settle({ id: request.id, error: reason });
  }

  fetch = async (path: string): Promise<Fetched> => {
    const answer = await this.ask({ id: this.nextId++, path });
    if (answer.error !== undefined) throw new Error(`rendering ${path} failed: ${answer.error}`);
    if (answer.forms || answer.page) throw new Error('a rendering thread answered a path with something else than its response');
    return { status: answer.status, headers: answer.headers, body: toBuffer(answer.body) };
  };

  private settings: RewriteSettings | undefined;

  /**
   * Renders a path; a page (status 200, HTML) comes back rewritten for the copy with its
   * checksum, and compressed unless its checksum is `previousSha256` (see `preparePage`).
   */
  renderPage = async (path: string, file: string, previousSha256: string | undefined, settings: RewriteSettings): Promise<Fetched | { page: PreparedPage }> => {
    if (settings !== this.settings) {
      // Messages reach a thread in order: every request after this one is rewritten with these settings.
      for (const thread of this.threads) if (thread.inFlight !== Number.POSITIVE_INFINITY) this.send(thread, { settings });
      this.settings = settings;
    }
    const answer = await this.ask({ id: this.nextId++, path, file, ...(previousSha256 ? { previousSha256 } : {}) });
    if (answer.error !== undefined) throw new Error(`rendering ${path} failed: ${answer.error}`);
    if (answer.forms) throw new Error('a rendering thread answered a page with compressed forms only');
    if (answer.page) {
      const { bytes, forms, links, ...rest } = answer.page;
      return { page: { ...rest, bytes: toBuffer(bytes), links: links ? links.split(LINK_SEPARATOR) : [], ...(forms ? { forms: forms.map(toBuffer) } : {}) } };
    }
    return { status: answer.status, headers: answer.headers, body: toBuffer(answer.body) };
  };

  /** The compressed forms of a file (see `compressedForms`), made in a thread from a copy of its bytes. */
  compress = async (bytes: Buffer): Promise<Buffer[]> => {
    const copy = new Uint8Array(bytes);
    const answer = await this.ask({ id: this.nextId++, compress: copy }, [copy.buffer]);
    if (answer.error !== undefined) throw new Error(`compressing failed: ${answer.error}`);
    if (!answer.forms) throw new Error('a rendering thread answered a file to compress with a page');
    return answer.forms.map(toBuffer);
  };

  private settle(answer: RenderAnswer): void {
    const waiting = this.pending.get(answer.id);
    if (!waiting) return;
    this.pending.delete(answer.id);
    waiting.thread.inFlight -= 1;
    waiting.resolve(answer);
  }

  /** Lets each thread close its app and database, then waits for it to end. */
  async close(): Promise<void> {
    await Promise.all(
      this.threads.map(
        (t) =>
          new Promise<void>((resolve) => {
            if (t.inFlight === Number.POSITIVE_INFINITY) return resolve();
            t.worker.once('exit', () => resolve());
            t.worker.postMessage('close');
          }),
      ),
    );
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

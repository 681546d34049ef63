import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { compressedForms } from './features/mirror/mirror.writer.js';
import { preparePage } from './features/mirror/mirror.page.js';
import { isStaffPath, type RewriteContext } from './features/mirror/mirror.rewrite.js';
import { BatchedSender, LINK_SEPARATOR, type RenderAnswer, type RenderRequest, type WorkerReady } from './mirror-render-pool.js';

/**
 * One rendering thread of `dove mirror`: the app on its own connection to the database, without
 * a page cache, periodic tasks or the staff's pages, answering the paths the crawl asks for through `inject`, and
 * compressing the files the crawl has rewritten.
 */
const config = (workerData as { config: Config }).config;
const db = openDatabase(config.databaseUrl);
const app = await buildApp({ config: { ...config, pageCache: false }, db, logger: false, periodicTasks: false, keepListOrders: true, readersOnly: true });
await app.ready();
const port = parentPort!;
/** How pages are rewritten for the copy: sent by the crawl before its first page. */
let rewrite: RewriteContext | undefined;

/**
 * Bytes that can move to the crawl without a copy: a buffer that fills its own memory moves as
 * it is; a small one may sit in Node's shared pool of buffers, which must not move: that one is copied.
 */
function movable(bytes: Buffer): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
}

/**
 * Answers go to the crawl in one message when this turn of the event loop ends: pages asked for
 * together finish together (the database answers synchronously). An answer that cannot be
 * posted becomes an error for its own page; the others still go.
 */
const answers = new BatchedSender<RenderAnswer>(port, setImmediate, (unsent, error) => port.postMessage([{ id: unsent.id, error: `its answer could not be sent: ${String(error)}` }], []));

function answer(message: RenderAnswer, transfer: ArrayBuffer[] = []): void {
  answers.send(message, transfer);
}

function failed(id: number, error: unknown): void {
  answer({ id, error: String((error as Error)?.stack ?? error) });
}

/** Compresses a file of the copy (see `compressedForms`). */
function compress(id: number, bytes: Uint8Array): void {
  try {
    // A form that fills its own memory moves to the crawl without a copy; a small one may sit
    // in Node's shared pool of buffers, which must not move: that one is copied.
    const forms = compressedForms(bytes).map(movable);
    answer({ id, forms }, forms.map((form) => form.buffer as ArrayBuffer));
  } catch (error) {
    failed(id, error);
  }
}

/** Renders a path; a page (status 200, HTML) is prepared for the copy when the request names its file. */
function render(request: Extract<RenderRequest, { path: string }>): void {
  const { id, path, file, previousSha256 } = request;
  void app.inject({ method: 'GET', url: path }).then(
    (res) => {
      // A page whose preparation fails is answered with the error, as a failed render is: thrown
      // here, it would end the thread and every page in flight in it, without saying which failed.
      try {
        if (file !== undefined && rewrite && res.statusCode === 200 && String(res.headers['content-type'] ?? '').startsWith('text/html')) {
          const { bytes, forms, links, ...rest } = preparePage(res.body, path, file, rewrite, { compress: true, previousSha256 });
          const page = { ...rest, bytes: movable(bytes), links: links.join(LINK_SEPARATOR), ...(forms ? { forms: forms.map(movable) } : {}) };
          answer({ id, page }, [page.bytes, ...(page.forms ?? [])].map((b) => b.buffer as ArrayBuffer));
          return;
        }
        // A copy of the bytes the thread owns, so the buffer moves to the crawl without another copy.
        const body = new Uint8Array(res.rawPayload);
        answer({ id, status: res.statusCode, headers: res.headers, body }, [body.buffer]);
      } catch (error) {
        failed(id, error);
      }
    },
    (error: unknown) => failed(id, error),
  );
}

port.on('message', (message: RenderRequest[] | 'close') => {
  if (message === 'close') {
    // The thread ends here; whatever the app left open (a Redis client, a timer) ends with it.
    void app.close().then(() => db.destroy()).finally(() => process.exit(0));
    return;
  }
  for (const request of message) {
    if (request.settings) rewrite = { ...request.settings, isExcluded: isStaffPath };
    else if (request.compress) compress(request.id, request.compress);
    else render(request);
  }
});

const sites: WorkerReady['sites'] = {};
for (const locale of config.locales) {
  const ctx = await app.siteContexts.get(locale);
  sites[locale] = { name: ctx.name, email: ctx.email };
}
port.postMessage({ ready: true, sites } satisfies WorkerReady);

import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { compressedForms } from './features/mirror/mirror.writer.js';
import type { RenderAnswer, RenderRequest, WorkerReady } from './mirror-render-pool.js';

/**
 * One rendering thread of `dove mirror`: the app on its own connection to the database, without
 * a page cache or periodic tasks, answering the paths the crawl asks for through `inject`, and
 * compressing the files the crawl has rewritten.
 */
const config = (workerData as { config: Config }).config;
const db = openDatabase(config.databaseUrl);
const app = await buildApp({ config: { ...config, pageCache: false }, db, logger: false, periodicTasks: false, keepListOrders: true });
await app.ready();
const port = parentPort!;

port.on('message', (message: RenderRequest | 'close') => {
  if (message === 'close') {
    // The thread ends here; whatever the app left open (a Redis client, a timer) ends with it.
    void app.close().then(() => db.destroy()).finally(() => process.exit(0));
    return;
  }
  if (message.compress) {
    try {
      // A form that fills its own memory moves to the crawl without a copy; a small one may sit
      // in Node's shared pool of buffers, which must not move: that one is copied.
      const forms = compressedForms(message.compress).map((form) =>
        form.byteOffset === 0 && form.byteLength === form.buffer.byteLength ? new Uint8Array(form.buffer, 0, form.byteLength) : new Uint8Array(form),
      );
      port.postMessage({ id: message.id, forms } satisfies RenderAnswer, forms.map((form) => form.buffer as ArrayBuffer));
    } catch (error) {
      port.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error) } satisfies RenderAnswer);
    }
    return;
  }
  void app.inject({ method: 'GET', url: message.path }).then(
    (res) => {
      // A copy of the bytes the thread owns, so the buffer moves to the crawl without another copy.
      const body = new Uint8Array(res.rawPayload);
      const answer: RenderAnswer = { id: message.id, status: res.statusCode, headers: res.headers, body };
      port.postMessage(answer, [body.buffer]);
    },
    (error: unknown) => port.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error) } satisfies RenderAnswer),
  );
});

const sites: WorkerReady['sites'] = {};
for (const locale of config.locales) {
  const ctx = await app.siteContexts.get(locale);
  sites[locale] = { name: ctx.name, email: ctx.email };
}
port.postMessage({ ready: true, sites } satisfies WorkerReady);

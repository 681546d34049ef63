import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import type { RenderAnswer, RenderRequest, WorkerReady } from './mirror-render-pool.js';

/**
 * One rendering thread of `dove mirror`: the app on its own connection to the database, without
 * a page cache or periodic tasks, answering the paths the crawl asks for through `inject`.
 */
const config = (workerData as { config: Config }).config;
const db = openDatabase(config.databaseUrl);
const app = await buildApp({ config: { ...config, pageCache: false }, db, logger: false, periodicTasks: false });
await app.ready();
const port = parentPort!;

port.on('message', (message: RenderRequest | 'close') => {
  if (message === 'close') {
    // The thread ends here; whatever the app left open (a Redis client, a timer) ends with it.
    void app.close().then(() => db.destroy()).finally(() => process.exit(0));
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

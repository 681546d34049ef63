import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { runPeriodically } from '../../periodic-task.js';
import { contentFiles } from '../media/storage.js';
import { isOperationsPaused } from '../operations/operations.repository.js';
import { publishDueItems } from './editor.service.js';

/** How often scheduled items are checked, in milliseconds. */
export const SCHEDULER_INTERVAL_MS = 30_000;
const ACTOR = { id: 0, name: 'scheduler', email: 'system:scheduler' };

/** One pass: publishes what has fallen due, then lets caches and feeds know. */
export async function runSchedulerTick(app: FastifyInstance, now = new Date()): Promise<number> {
  // Held after a restore until an admin resumes, like mail: the copy acts on its own only when told to.
  if (await isOperationsPaused(app.db)) return 0;
  const published = await publishDueItems({ db: app.db, storage: contentFiles(app.storage), actor: ACTOR }, now.toISOString());
  if (published > 0) app.contentChanged();
  return published;
}

/**
 * Publishes scheduled items when their time comes: once when the server is ready (what fell
 * due while it was down) and then every SCHEDULER_INTERVAL_MS; stopped when the app closes.
 */
export const editorSchedulerPlugin = fp(
  async (app) => {
    runPeriodically(app, {
      intervalMs: SCHEDULER_INTERVAL_MS,
      failure: 'scheduled publishing failed',
      run: () => runSchedulerTick(app),
      // Many items due at start (a server down for a while) may take longer than a start may
      // wait; the other servers, or this one once ready, publish them meanwhile, each item once.
      background: true,
    });
  },
  { name: 'dove-editor-scheduler' },
);

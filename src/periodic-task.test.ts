import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { runPeriodically } from './periodic-task.js';

async function runsOfTaskIn(runsPeriodicTasks: boolean): Promise<number> {
  const app = Fastify({ logger: false });
  app.decorate('runsPeriodicTasks', runsPeriodicTasks);
  let runs = 0;
  runPeriodically(app, { intervalMs: 60_000, failure: 'the test task failed', run: async () => void (runs += 1) });
  await app.ready();
  await app.close();
  return runs;
}

describe('periodic tasks', () => {
  it('run once when the app is ready, and not at all in an app built without them (the mirror)', async () => {
    assert.equal(await runsOfTaskIn(true), 1);
    assert.equal(await runsOfTaskIn(false), 0);
  });
});

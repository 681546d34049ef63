import { existsSync } from 'node:fs';
import { runLimitedWorker } from '../../src/limited-worker.js';

/*
 * A server that starts a limited worker busy for a minute and exits, without waiting for its
 * answer, as soon as the worker is busy (it has created the file named by the first argument).
 */

const startedFile = process.argv[2]!;
void runLimitedWorker(new URL('./x.ts', import.meta.url).href, 'sleeper.worker', { seconds: 60, startedFile }, { heapMb: 64, timeoutMs: 120_000 });
const poll = setInterval(() => {
  if (!existsSync(startedFile)) return;
  clearInterval(poll);
  process.exit(0);
}, 20);

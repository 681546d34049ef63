import { readFileSync } from 'node:fs';
import { answerFromLimitedWorker, limitedWorkerData } from '../../src/limited-worker.js';

/* A limited worker that answers with its limit on core dumps, as Linux reports it. */

await limitedWorkerData<unknown>();
answerFromLimitedWorker(readFileSync('/proc/self/limits', 'utf8').split('\n').find((line) => line.startsWith('Max core file size')));

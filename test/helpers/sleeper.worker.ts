import { writeFileSync } from 'node:fs';
import { answerFromLimitedWorker, limitedWorkerData } from '../../src/limited-worker.js';

/*
 * A limited worker busy in synchronous work for `seconds`, as a parser deep in a hostile file
 * is: its event loop does not turn, so it notices neither a message nor a lost server. It
 * creates `startedFile`, when given, once it is busy.
 */

const { seconds, startedFile } = await limitedWorkerData<{ seconds: number; startedFile?: string }>();
if (startedFile) writeFileSync(startedFile, String(process.pid));
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
answerFromLimitedWorker({ slept: seconds });

import { answerFromLimitedWorker, limitedWorkerData } from '../../src/limited-worker.js';

/* A limited worker that answers with the names of the environment variables it sees. */

await limitedWorkerData<unknown>();
answerFromLimitedWorker(Object.keys(process.env).sort());

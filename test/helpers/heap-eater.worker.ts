import { answerFromLimitedWorker, limitedWorkerData } from '../../src/limited-worker.js';

/*
 * A limited worker that really runs out of memory the way a hostile document makes a reader do:
 * it decodes Khmer text into more strings and buffers than its heap holds. Inside a worker
 * thread, reaching the limit in such an allocation aborted the whole process.
 */

const { megabytes } = await limitedWorkerData<{ megabytes: number }>();
const kept: string[] = [];
const bytes = Buffer.from('ក'.repeat(megabytes * 1024 * 1024));
for (let i = 0; i < 8; i += 1) kept.push(bytes.toString('utf8'));
answerFromLimitedWorker({ ok: true, kept: kept.length });

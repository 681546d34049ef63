import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { limitedWorkerPids, runLimitedWorker } from './limited-worker.js';
import { extractOfficeText } from './features/search/search.files.js';

const helpers = new URL('../test/helpers/x.ts', import.meta.url).href;

/** Whether a process runs (a zombie, ended but not yet reaped, does not). */
function isRunning(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits up to `ms` for a process to end; whether it ended. */
async function endsWithin(pid: number, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await sleep(25)) if (!isRunning(pid)) return true;
  return !isRunning(pid);
}

function docx(text: string): Buffer {
  const types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  const body = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8(types), '_rels/.rels': strToU8(rels), 'word/document.xml': strToU8(body) }));
}

describe('limited workers', () => {
  it('a worker that runs out of memory ends alone, as "memory", and the next one runs', async () => {
    const answer = await runLimitedWorker(helpers, 'heap-eater.worker', { megabytes: 40 }, { heapMb: 64, timeoutMs: 60_000 });
    assert.deepEqual(answer, { ok: false, reason: 'memory' });
    // Within a heap that holds it, the same work answers: the limit, not the script, ended it.
    const within = await runLimitedWorker(helpers, 'heap-eater.worker', { megabytes: 1 }, { heapMb: 256, timeoutMs: 60_000 });
    assert.deepEqual(within, { ok: true, message: { ok: true, kept: 8 } });
    assert.deepEqual(await extractOfficeText(docx('ដីធ្លី Land report')), { readable: true, text: 'ដីធ្លី Land report' });
  });

  it("a worker sees none of the server's settings or secrets in its environment", async () => {
    process.env.DOVE_TEST_SECRET = 'not for the reader of a file';
    try {
      const answer = await runLimitedWorker<string[]>(helpers, 'environment.worker', {}, { heapMb: 128, timeoutMs: 60_000 });
      assert.ok(answer.ok);
      assert.ok(!answer.message.includes('DOVE_TEST_SECRET'));
      assert.ok(answer.message.includes('PATH'));
    } finally {
      delete process.env.DOVE_TEST_SECRET;
    }
  });

  it('a worker still busy at its time limit is killed and answers "timeout"', async () => {
    const before = limitedWorkerPids();
    const running = runLimitedWorker(helpers, 'sleeper.worker', { seconds: 60 }, { heapMb: 64, timeoutMs: 500 });
    const [pid] = limitedWorkerPids().filter((p) => !before.includes(p));
    assert.ok(pid !== undefined && isRunning(pid));
    assert.deepEqual(await running, { ok: false, reason: 'timeout' });
    assert.ok(await endsWithin(pid, 5000), `worker ${pid} still runs after its time limit`);
  });

  it('a signal already stopped starts no worker, and a shared signal keeps no listener per finished run', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const before = limitedWorkerPids();
    const answer = runLimitedWorker(helpers, 'sleeper.worker', { seconds: 60 }, { heapMb: 64, timeoutMs: 60_000, signal: stopped.signal });
    assert.deepEqual(limitedWorkerPids(), before);
    assert.deepEqual(await answer, { ok: false, reason: 'timeout' });

    const shared = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const { addEventListener, removeEventListener } = shared.signal;
    shared.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => (added.push(args[1]), addEventListener.apply(shared.signal, args));
    shared.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => (removed.push(args[1]), removeEventListener.apply(shared.signal, args));
    for (let i = 0; i < 2; i += 1) {
      const done = await runLimitedWorker<string[]>(helpers, 'environment.worker', {}, { heapMb: 128, timeoutMs: 60_000, signal: shared.signal });
      assert.ok(done.ok);
    }
    assert.equal(added.length, 2);
    assert.deepEqual(removed, added);
  });

  it('a worker runs with core dumps off, so an aborted reader leaves no copy of the file on disk', { skip: !existsSync('/usr/bin/prlimit') && 'no prlimit here' }, async () => {
    const answer = await runLimitedWorker<string>(helpers, 'core-limit.worker', {}, { heapMb: 64, timeoutMs: 60_000 });
    assert.ok(answer.ok);
    assert.match(answer.message, /^Max core file size\s+0\s+0\s/);
  });

  it('a worker busy in synchronous work ends with the server that started it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dove-exiting-'));
    try {
      const startedFile = join(dir, 'started');
      const server = new URL('../test/helpers/exiting-server.ts', import.meta.url).pathname;
      await promisify(execFile)(process.execPath, ['--import', 'tsx', server, startedFile], { timeout: 60_000 });
      const pid = Number(readFileSync(startedFile, 'utf8'));
      assert.ok(pid > 0);
      assert.ok(await endsWithin(pid, 5000), `worker ${pid} outlived its server`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { runLimitedWorker } from './limited-worker.js';
import { extractOfficeText } from './features/search/search.files.js';

const helpers = new URL('../test/helpers/x.ts', import.meta.url).href;

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

  it('a worker that is ended by its time limit answers "timeout"', async () => {
    const answer = await runLimitedWorker(helpers, 'heap-eater.worker', { megabytes: 40 }, { heapMb: 2048, timeoutMs: 1 });
    assert.deepEqual(answer, { ok: false, reason: 'timeout' });
  });
});

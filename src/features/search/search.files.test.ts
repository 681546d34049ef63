import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfBomb } from '../../../test/fixtures/pdf-bomb.js';
import { extractPdfText } from './search.files.js';

describe('PDF text extraction', () => {
  it('reads the text layer of an ordinary PDF in a worker thread', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Freedom of assembly report', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const result = await extractPdfText(Buffer.from(await doc.save()));
    assert.deepEqual(result, { readable: true, text: 'Freedom of assembly report' });
  });

  it('says a damaged file cannot be read', async () => {
    const result = await extractPdfText(Buffer.from('%PDF-1.7 nothing else'));
    assert.equal(result.readable, false);
  });

  it('keeps the event loop answering and the heap bounded while a decompression bomb is read', async () => {
    const bomb = pdfBomb(60);
    assert.ok(bomb.length < 1024 * 1024, `the bomb is small (${bomb.length} bytes)`);
    const heapBefore = process.memoryUsage().heapUsed;
    let worstLagMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 50);
      last = now;
    }, 50);
    try {
      const result = await extractPdfText(bomb, { heapMb: 64, timeoutMs: 5_000 });
      assert.equal(result.readable, false, 'the bomb is reported unreadable');
    } finally {
      clearInterval(ticker);
    }
    // The limit is about the event loop, not the machine: a blocked loop shows lags of seconds.
    assert.ok(worstLagMs < 1000, `the event loop stalled for ${Math.round(worstLagMs)} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024, 'the inflated stream did not land in this thread');
  });
});

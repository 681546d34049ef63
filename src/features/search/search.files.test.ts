import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractPdfText } from './search.files.js';

/** A PDF of a few hundred KB whose one content stream inflates to `inflatedMb` MiB of text operators. */
export function pdfBomb(inflatedMb: number): Buffer {
  const stream = zlib.deflateSync(Buffer.alloc(inflatedMb * 1024 * 1024, 'BT (A) Tj ET\n'), { level: 9 });
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  const size = () => parts.reduce((n, p) => n + p.length, 0);
  objects.forEach((body, i) => {
    offsets.push(size());
    parts.push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`));
  });
  offsets.push(size());
  parts.push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream\nendobj\n'));
  const xref = size();
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${rows}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

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

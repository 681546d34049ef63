import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { cleanPdf } from './pdf-clean.js';

async function pdfWithScriptAndMetadata(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Annual report');
  doc.setAuthor('Secret Author Name');
  const xmp = doc.context.stream('<x:xmpmeta><exif:GPSLatitude>11,33.5N</exif:GPSLatitude></x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  const js = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("pwned")') });
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(js));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('PDF cleaning on upload', () => {
  it('removes the document information, XMP metadata and the open-action JavaScript, and keeps the pages', async () => {
    const original = await pdfWithScriptAndMetadata();
    assert.ok(original.includes('app.alert') && original.includes('GPSLatitude'));
    assert.equal((await PDFDocument.load(original)).getAuthor(), 'Secret Author Name');
    const cleaned = (await cleanPdf(original))!;
    for (const left of ['app.alert', 'JavaScript', 'GPSLatitude', 'xmpmeta', '/OpenAction']) assert.ok(!cleaned.includes(left), `${left} is gone`);
    const doc = await PDFDocument.load(cleaned);
    assert.equal(doc.getPageCount(), 1);
    assert.equal(doc.getAuthor(), undefined);
    assert.equal(doc.catalog.lookupMaybe(PDFName.of('Metadata'), PDFDict), undefined);
  });

  it('leaves a file it cannot read to the caller', async () => {
    assert.equal(await cleanPdf(Buffer.from('%PDF-1.7 broken')), undefined);
  });
});

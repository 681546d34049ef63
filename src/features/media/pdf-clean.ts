import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

/*
 * Uploaded PDFs lose what images lose (see images.ts): the author, the producing software and
 * the XMP metadata (which can carry the GPS position of embedded photos), and also what a reader's
 * viewer would run or unpack: JavaScript (document open actions, additional actions, the
 * JavaScript name tree) and embedded files. Page content is untouched.
 */

const CATALOG_KEYS = ['Metadata', 'OpenAction', 'AA', 'PieceInfo'];
const NAME_TREES = ['JavaScript', 'EmbeddedFiles'];
const PAGE_KEYS = ['AA', 'Metadata', 'PieceInfo'];

/** The cleaned bytes, or undefined when pdf-lib cannot read the file (it is then kept as it came). */
export async function cleanPdf(bytes: Buffer): Promise<Buffer | undefined> {
  try {
    return await clean(await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false }));
  } catch {
    // pdf-lib is lenient when it parses and strict when it writes: any failure keeps the original.
    return undefined;
  }
}

async function clean(doc: PDFDocument): Promise<Buffer> {
  const trailerInfo = doc.context.trailerInfo;
  trailerInfo.Info = undefined;
  for (const key of CATALOG_KEYS) doc.catalog.delete(PDFName.of(key));
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  for (const key of NAME_TREES) names?.delete(PDFName.of(key));
  for (const page of doc.getPages()) for (const key of PAGE_KEYS) page.node.delete(PDFName.of(key));
  // pdf-lib writes every object it holds: those no longer referenced (the old metadata, the
  // scripts, the files) are dropped, or they would still be in the bytes.
  dropUnreachable(doc.context);
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

function dropUnreachable(context: PDFContext): void {
  const reachable = new Set<string>();
  const pending: PDFObject[] = [context.trailerInfo.Root as PDFObject];
  while (pending.length > 0) {
    const object = pending.pop();
    if (object instanceof PDFRef) {
      if (reachable.has(object.toString())) continue;
      reachable.add(object.toString());
      const target = context.lookup(object);
      if (target) pending.push(target);
    } else if (object instanceof PDFDict) {
      pending.push(...object.values());
    } else if (object instanceof PDFStream) {
      pending.push(object.dict);
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!reachable.has(ref.toString())) context.delete(ref);
}

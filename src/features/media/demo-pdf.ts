import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface DemoPdfText {
  title: string;
  subtitle: string;
  paragraphs: string[];
}

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN_PT = 56;

/** Keeps only the characters the built-in Helvetica can draw (Latin-1); others become spaces. */
function latin1(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/[^\x20-\x7e\xa0-\xff]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A small, real PDF for a demo publication. It uses the standard Latin font, so Khmer-only
 * items carry their English reference text; the organisation's own PDFs replace these.
 */
export async function renderDemoPdf(text: DemoPdfText): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(latin1(text.title) || 'Publication');
  doc.setProducer('Dove');
  doc.setCreator('Dove');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN_PT;
  const width = PAGE.width - 2 * MARGIN_PT;

  const write = (line: string, size: number, f = font, color = rgb(0.1, 0.15, 0.25)) => {
    if (y < MARGIN_PT + size) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN_PT;
    }
    page.drawText(line, { x: MARGIN_PT, y, size, font: f, color });
    y -= size * 1.45;
  };
  const wrap = (paragraph: string, size: number, f = font) => {
    let line = '';
    for (const word of latin1(paragraph).split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (f.widthOfTextAtSize(next, size) > width && line) {
        write(line, size, f);
        line = word;
      } else line = next;
    }
    if (line) write(line, size, f);
    y -= size * 0.6;
  };

  wrap(text.title, 20, bold);
  wrap(text.subtitle, 11);
  for (const p of text.paragraphs) wrap(p, 11);
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

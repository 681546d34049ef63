import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locale } from '../../i18n/locales.js';

/** A page of the copy, for its search index. */
export interface IndexedPage {
  file: string;
  locale: Locale;
  title: string;
  description: string;
}

/** Where each page's entry lies in the spool, per locale. */
interface Spooled {
  files: string[];
  offsets: number[];
  lengths: number[];
}

/**
 * The entries of the copy's search indexes (`<locale>/search/index.json`), each written to a
 * temporary file as its page is crawled: a copy of 10,000 publications has some 35,000 pages,
 * and their titles and descriptions held until the end of the run were megabytes of strings
 * (Khmer at two bytes a character) on the crawl's thread. What stays in memory is each page's
 * file name (the crawl holds it anyway) and where its entry lies in the spool; `index` reads
 * the entries back in file order into the index's bytes, the same bytes as
 * `JSON.stringify({ locale, pages })` of the entries in that order.
 */
export class SearchIndexSpool {
  private readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-index-'));
  private readonly fd = fs.openSync(path.join(this.folder, 'entries'), 'w+');
  private size = 0;
  private readonly spooled = new Map<Locale, Spooled>();

  /** `link(locale, file)`: the page's address from its locale's search page (`u` of its entry). */
  constructor(private readonly link: (locale: Locale, file: string) => string) {}

  add(page: IndexedPage): void {
    const entry = Buffer.from(JSON.stringify({ u: this.link(page.locale, page.file), t: page.title, d: page.description }));
    fs.writeSync(this.fd, entry, 0, entry.length, this.size);
    let spooled = this.spooled.get(page.locale);
    if (!spooled) this.spooled.set(page.locale, (spooled = { files: [], offsets: [], lengths: [] }));
    spooled.files.push(page.file);
    spooled.offsets.push(this.size);
    spooled.lengths.push(entry.length);
    this.size += entry.length;
  }

  /** The index of a locale's pages, in file order (the crawl's order varies from run to run, and the index must not). */
  index(locale: Locale): Buffer {
    const { files, offsets, lengths } = this.spooled.get(locale) ?? { files: [], offsets: [], lengths: [] };
    const order = files.map((_, i) => i).sort((a, b) => (files[a]! < files[b]! ? -1 : 1));
    const head = Buffer.from(`{"locale":${JSON.stringify(locale)},"pages":[`);
    const tail = Buffer.from(']}');
    const bytes = Buffer.allocUnsafe(head.length + lengths.reduce((sum, n) => sum + n, 0) + Math.max(0, files.length - 1) + tail.length);
    let at = head.copy(bytes, 0);
    order.forEach((i, n) => {
      if (n) at = bytes.write(',', at) + at;
      const read = fs.readSync(this.fd, bytes, at, lengths[i]!, offsets[i]!);
      if (read !== lengths[i]) throw new Error(`the search index's spool ended early (${read} of ${lengths[i]} bytes at ${offsets[i]})`);
      at += read;
    });
    tail.copy(bytes, at);
    return bytes;
  }

  /** Removes the temporary file. */
  close(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ooxmlFile } from '../../../test/helpers/office-files.js';
import { crawlSite, type Fetched } from './mirror.crawl.js';
import { PathTable, StateWriter, type FileRecord } from './mirror.reuse.js';
import { isStaffPath } from './mirror.rewrite.js';
import { contentTypeOf, FolderTarget } from './mirror.target.js';
import { MirrorWriter } from './mirror.writer.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOCX_PATH = '/files/aaaa/report-en.docx';

describe('the copy of documents linked from pages', () => {
  it('copies a Word document byte for byte, though its type names Open XML', async () => {
    // Holds a link the copy would rewrite, were the file read as an XML feed.
    const docx = ooxmlFile('docx', { 'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>href="/en/about"</w:t></w:r></w:p></w:body></w:document>' });
    const answers: Record<string, Fetched> = {
      '/en': { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(`<!doctype html><html lang="en"><head><title>Home</title></head><body><a href="${DOCX_PATH}" download>Report</a></body></html>`) },
      [DOCX_PATH]: { status: 200, headers: { 'content-type': DOCX_MIME }, body: docx },
    };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-crawl-'));
    try {
      const writer = new MirrorWriter(new FolderTarget(root), undefined);
      const result = await crawlSite({
        fetch: async (p) => answers[p] ?? { status: 404, headers: {}, body: Buffer.alloc(0) },
        writer,
        rewrite: { publicUrl: 'https://dove.example.org', baseUrl: undefined, locales: ['en', 'km'], defaultLocale: 'en', emails: { en: 'info@example.org' }, isExcluded: isStaffPath },
        start: ['/en'],
        maxFiles: 10,
        concurrency: 1,
      });
      assert.deepEqual(result.unreachable, []);
      assert.ok(writer.files().includes('files/aaaa/report-en.docx'), writer.files().join(', '));
      assert.ok(fs.readFileSync(path.join(root, 'files/aaaa/report-en.docx')).equals(docx), 'the document is copied unchanged');
      // A bucket served as a website sends it with its own type, as the live site does.
      assert.equal(contentTypeOf('files/aaaa/report-en.docx'), DOCX_MIME);
      assert.equal(contentTypeOf('files/bbbb/report-km.odt'), 'application/vnd.oasis.opendocument.text');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('lets go of each previous record once its file is looked at, and of the stamps a record took', async () => {
    const page = (title: string, link: string): Fetched => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(`<!doctype html><html lang="en"><head><title>${title}</title></head><body><a href="${link}">x</a></body></html>`) });
    const answers: Record<string, Fetched> = { '/en': page('Home', '/en/about'), '/en/about': page('About', '/en') };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-crawl-'));
    try {
      const writer = new MirrorWriter(new FolderTarget(root), undefined);
      const table = new PathTable();
      const record = (p: string): FileRecord => ({ path: table.id(p), fingerprint: 'old', links: new Int32Array(0), items: new Int32Array(0), stamps: [] });
      // A previous record for a file of this run (not kept: its fingerprint differs), and one for a file gone since.
      const previous = new Map([['en/about/index.html', record('/en/about')], ['en/gone/index.html', record('/en/gone')]]);
      const state = new StateWriter(table);
      await crawlSite({
        fetch: async (p) => answers[p] ?? { status: 404, headers: {}, body: Buffer.alloc(0) },
        writer,
        rewrite: { publicUrl: 'https://dove.example.org', baseUrl: undefined, locales: ['en', 'km'], defaultLocale: 'en', emails: { en: 'info@example.org' }, isExcluded: isStaffPath },
        start: ['/en'],
        maxFiles: 10,
        concurrency: 1,
        reuse: { inputs: { site: 'site', items: new Map() }, table, previous, state },
      });
      assert.deepEqual([...previous.keys()], ['en/gone/index.html']);
      assert.equal(state.size, 2);
      // Each record took its file's stamps: the writer holds them no longer.
      assert.deepEqual(writer.releaseStamps('en/about/index.html'), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

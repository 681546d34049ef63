import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SearchIndexSpool, type IndexedPage } from './mirror.search-index.js';

const spools = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('dove-mirror-index-')));

describe("the copy's search index", () => {
  it('gives the bytes JSON.stringify gives of the entries in file order, each locale its own pages', () => {
    const pages: IndexedPage[] = [
      { file: 'km/publications/b/index.html', locale: 'km', title: 'ព័ត៌មាន "ថ្មី"', description: 'line\nbreak \u2028 and \\ back' },
      { file: 'en/publications/b/index.html', locale: 'en', title: 'B', description: '' },
      { file: 'en/about/index.html', locale: 'en', title: 'About', description: 'Who we are' },
      { file: 'en/publications/a-b/index.html', locale: 'en', title: 'A-B 😀', description: 'emoji' },
      { file: 'km/index.html', locale: 'km', title: 'ទំព័រដើម', description: 'ការពិពណ៌នា' },
    ];
    const link = (locale: string, file: string) => `../../${file}#${locale}`;
    const index = new SearchIndexSpool(link);
    try {
      pages.forEach((page) => index.add(page));
      for (const locale of ['en', 'km'] as const) {
        const entries = pages
          .filter((p) => p.locale === locale)
          .sort((a, b) => (a.file < b.file ? -1 : 1))
          .map((p) => ({ u: link(locale, p.file), t: p.title, d: p.description }));
        assert.ok(index.index(locale).equals(Buffer.from(JSON.stringify({ locale, pages: entries }))), locale);
      }
    } finally {
      index.close();
    }
    const empty = new SearchIndexSpool(link);
    try {
      assert.equal(empty.index('en').toString(), JSON.stringify({ locale: 'en', pages: [] }));
    } finally {
      empty.close();
    }
  });

  it('keeps the entries in a temporary file as they come, removed when it is closed', () => {
    const before = spools();
    const index = new SearchIndexSpool((_, file) => file);
    const [folder] = [...spools()].filter((name) => !before.has(name));
    assert.ok(folder, 'a spool of its own');
    const spool = path.join(os.tmpdir(), folder, 'entries');
    index.add({ file: 'en/index.html', locale: 'en', title: 'Home of the site', description: 'What it is' });
    assert.match(fs.readFileSync(spool, 'utf8'), /Home of the site/);
    index.close();
    assert.equal(fs.existsSync(path.join(os.tmpdir(), folder)), false);
  });
});

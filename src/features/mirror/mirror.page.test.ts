import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { sha256 } from './mirror.checksum.js';
import { preparePage } from './mirror.page.js';
import { isStaffPath, type RewriteContext } from './mirror.rewrite.js';

const ctx = (baseUrl?: string): RewriteContext => ({
  publicUrl: 'https://dove.example.org',
  baseUrl,
  locales: ['en', 'km'],
  defaultLocale: 'en',
  emails: { en: 'info@example.org' },
  isExcluded: isStaffPath,
});

const page = (links: string) =>
  `<!doctype html><html lang="en"><head><title>A page</title></head><body>${links}<a href="/en/publications">all</a> <img src="/media/a.webp" srcset="/media/a.webp 1x, /media/a-2x.webp 2x"></body></html>`;

describe('a page prepared for the copy', () => {
  it('links each page to the same address relatively from its own folder, and collects each link once', () => {
    const context = ctx();
    const deep = preparePage(page('<a href="/en/publications?topic=land&amp;page=2#list">x</a>'), '/en/publications/a-report', 'en/publications/a-report/index.html', context, { compress: false });
    const top = preparePage(page('<a href="/en/publications">again</a> <a href="/admin">staff</a>'), '/en/', 'en/index.html', context, { compress: false });
    const html = deep.bytes.toString('utf8');
    assert.match(html, /href="\.\.\/index\.html">all/);
    assert.match(html, /href="\.\.\/q-page-2\.topic-land\/index\.html#list"/);
    assert.match(html, /src="\.\.\/\.\.\/\.\.\/media\/a\.webp" srcset="\.\.\/\.\.\/\.\.\/media\/a\.webp 1x, \.\.\/\.\.\/\.\.\/media\/a-2x\.webp 2x"/);
    const topHtml = top.bytes.toString('utf8');
    assert.match(topHtml, /href="publications\/index\.html">again/);
    assert.match(topHtml, /href="https:\/\/dove\.example\.org\/admin">staff/);
    assert.match(topHtml, /src="\.\.\/media\/a\.webp"/);
    assert.deepEqual(top.links, ['/en/publications', '/media/a.webp', '/media/a-2x.webp']);
    assert.deepEqual(deep.links, ['/en/publications?topic=land&page=2', '/en/publications', '/media/a.webp', '/media/a-2x.webp']);
    const absolute = preparePage(page(''), '/en/', 'en/index.html', ctx('https://mirror.example'), { compress: false });
    assert.match(absolute.bytes.toString('utf8'), /href="https:\/\/mirror\.example\/en\/publications\/">all/);
  });

  it('is compressed where it is prepared, unless it has the checksum the previous copy recorded', () => {
    const first = preparePage(page(''), '/en/', 'en/index.html', ctx(), { compress: true });
    assert.equal(first.sha256, sha256(first.bytes));
    assert.equal(first.forms?.length, 2);
    assert.deepEqual(zlib.brotliDecompressSync(first.forms![0]!), first.bytes);
    assert.deepEqual(zlib.gunzipSync(first.forms![1]!), first.bytes);
    const again = preparePage(page(''), '/en/', 'en/index.html', ctx(), { compress: true, previousSha256: first.sha256 });
    assert.equal(again.forms, undefined);
    const changed = preparePage(page('<p>new</p>'), '/en/', 'en/index.html', ctx(), { compress: true, previousSha256: first.sha256 });
    assert.equal(changed.forms?.length, 2);
  });
});

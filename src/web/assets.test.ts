import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';
import { findAsset, findAssetByUrl } from './assets.js';
import { linkFonts, STYLES_DIR, STYLESHEET_MINIFY } from './stylesheets.js';

describe('stylesheets', () => {
  for (const sheet of ['site.css', 'admin.css', 'print.css']) {
    it(`serves ${sheet} as esbuild minifies it, with its fonts linked`, () => {
      const source = fs.readFileSync(path.join(STYLES_DIR, sheet), 'utf8');
      const served = findAsset(sheet)!.body.toString('utf8');
      const minified = transformSync(source, { ...STYLESHEET_MINIFY, sourcefile: sheet }).code;
      assert.equal(served, linkFonts(minified, (font) => findAsset(font)?.url, sheet));
      assert.ok(served.length < source.length * 0.85, `${served.length} bytes from ${source.length}`);
      assert.doesNotMatch(served, /\/\*|\n\s/, 'no comments or indentation left');
      for (const [, url] of served.matchAll(/url\("(\/assets\/[^"]+)"\)/g)) assert.ok(findAssetByUrl(url!), `${url} is served`);
    });
  }

  it('links the Khmer fonts to their hashed files', () => {
    const site = findAsset('site.css')!.body.toString('utf8');
    assert.match(site, /src:url\("\/assets\/noto-sans-khmer-khmer-400-normal\.[0-9a-f]{12}\.woff2"\) format\("woff2"\)/);
    assert.doesNotMatch(site, /url\("?font:/);
  });

  it('links the language switch’s own cut of Khmer, for its one word only', () => {
    const site = findAsset('site.css')!.body.toString('utf8');
    const font = findAsset('khmer-language-name.woff2');
    assert.ok(font && font.body.length < 4096, 'a cut of a few glyphs');
    assert.equal(font.contentType, 'font/woff2');
    assert.equal(font.body.subarray(0, 4).toString('latin1'), 'wOF2');
    const face = /@font-face\{font-family:"?Khmer Language Name"?;[^}]*\}/.exec(site)?.[0] ?? '';
    assert.ok(face.includes(`url("${font.url}")`), face);
    // Only the code points of "ខ្មែរ": no other Khmer text may fall on this cut.
    const range = /unicode-range:([^;}]+)/.exec(face)?.[1]?.split(',').map((r) => r.trim().toUpperCase()).sort();
    const needed = [...new Set('ខ្មែរ')].map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`).sort();
    assert.deepEqual(range, needed);
    assert.match(site, /html:not\(\[lang=km\]\) \.lang-switch \[lang=km\]\{font-family:"?Khmer Language Name"?,/);
  });

  it('gives headings a display face with a Latin and a Khmer cut, each a woff2 subset with its unicode-range and swap', () => {
    const site = findAsset('site.css')!.body.toString('utf8');
    const faces = [...site.matchAll(/@font-face\{font-family:"?Dove Display"?;[^}]*\}/g)].map((m) => m[0]);
    assert.equal(faces.length, 2);
    for (const [file, range] of [
      ['source-serif-4-latin-700-normal.woff2', 'U+0000-00FF'],
      ['hanuman-khmer-700-normal.woff2', 'U+1780-17FF'],
    ] as const) {
      const font = findAsset(file);
      assert.ok(font, `${file} is served`);
      assert.equal(font.body.subarray(0, 4).toString('latin1'), 'wOF2');
      assert.ok(font.body.length < 30_000, `${file} is a subset (${font.body.length} bytes)`);
      const face = faces.find((f) => f.includes(`url("${font.url}")`));
      assert.ok(face, `a face uses ${file}`);
      assert.match(face, /font-display:swap/);
      assert.ok(new RegExp(`unicode-range:${range.replace('+', '\\+')}`, 'i').test(face), face);
    }
    assert.match(site, /--font-display: ?"?Dove Display"?,/);
    assert.match(site, /h1,h2,h3\{font-family:var\(--font-display\)/);
    // The body keeps its Khmer face.
    assert.match(site, /--font: ?"?Noto Sans Khmer"?,/);
  });

  it('links a font reference with or without quotes, and refuses an unknown font', () => {
    const urls = (font: string) => (font === 'a.woff2' ? '/assets/a.1.woff2' : undefined);
    assert.equal(linkFonts('src:url("font:a.woff2")', urls, 't.css'), 'src:url("/assets/a.1.woff2")');
    assert.equal(linkFonts('src:url(font:a.woff2)', urls, 't.css'), 'src:url("/assets/a.1.woff2")');
    assert.throws(() => linkFonts('src:url(font:b.woff2)', urls, 't.css'), /t\.css names an unknown font: b\.woff2/);
  });
});

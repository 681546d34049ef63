import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { brotliWindowBits, negotiateEncoding, PageCache, prepareBody } from './page-cache.js';

const MB = 1024 * 1024;

/** A page of about `kb` kilobytes that compresses poorly, so its compressed forms are about as large. */
function pageOf(kb: number) {
  return prepareBody(randomBytes(kb * 768).toString('base64'), 'text/html');
}

/** HTML of about 30 KB that compresses as a page does: repeated markup with varied text. */
function realisticPage(): string {
  const cards = Array.from({ length: 120 }, (_, i) => `<li class="card"><a href="/en/publications/report-${i}">Report ${i} on land rights in province ${i % 25}</a><p>Published ${2000 + (i % 24)}-0${1 + (i % 9)}-1${i % 10}; ${(i * 7919) % 1000} pages.</p></li>`);
  return `<!doctype html><html lang="en"><body><ul>${cards.join('')}</ul></body></html>`;
}

describe('page cache', () => {
  const body = prepareBody('<p>hello</p>', 'text/html');

  it('compresses a response sent once at the fast level, and a stored page at the smaller one', () => {
    const text = realisticPage();
    const once = prepareBody(text, 'text/html');
    const sentOnce = { br: once.br, gzip: once.gzip };
    // Brotli's fastest level but one, with the window fitted to the page.
    const fast = zlib.brotliCompressSync(Buffer.from(text), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text), [zlib.constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(Buffer.byteLength(text)) },
    });
    assert.deepEqual(sentOnce.br, fast);
    once.compressAll();
    assert.ok(once.br.length < sentOnce.br.length, `stored brotli ${once.br.length} B, sent-once ${sentOnce.br.length} B`);
    assert.ok(once.gzip.length < sentOnce.gzip.length, `stored gzip ${once.gzip.length} B, sent-once ${sentOnce.gzip.length} B`);
    for (const form of [sentOnce.br, once.br]) assert.equal(zlib.brotliDecompressSync(form).toString(), text);
    for (const form of [sentOnce.gzip, once.gzip]) assert.equal(zlib.gunzipSync(form).toString(), text);
  });

  it('fits the brotli window to the body, so a large page compresses as well as with the default window', () => {
    assert.equal(brotliWindowBits(0), 16);
    assert.equal(brotliWindowBits(45_000), 16);
    assert.equal(brotliWindowBits(65_537), 17);
    assert.equal(brotliWindowBits(50 * MB), 22);
    // About 120 KB: matches reach back past a 64 KB window only when the window is fitted.
    const half = realisticPage().repeat(2);
    const text = `${half}${randomBytes(48 * 1024).toString('base64')}${half}`;
    const page = prepareBody(text, 'text/html').compressAll();
    const defaultWindow = zlib.brotliCompressSync(Buffer.from(text), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    const smallWindow = zlib.brotliCompressSync(Buffer.from(text), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 16 },
    });
    assert.equal(zlib.brotliDecompressSync(page.br).toString(), text);
    assert.ok(page.br.length <= defaultWindow.length * 1.01, `fitted ${page.br.length} B, default ${defaultWindow.length} B`);
    assert.ok(page.br.length < smallWindow.length, `fitted ${page.br.length} B, 64 KB window ${smallWindow.length} B`);
  });

  it('forgets entries after their time to live', () => {
    let now = 1_000;
    const cache = new PageCache({ enabled: true, maxBytes: MB, ttlMs: 5_000, now: () => now });
    cache.set('/en/', body, {});
    assert.equal(cache.get('/en/')?.body, body);
    now += 5_001;
    assert.equal(cache.get('/en/'), undefined);
  });

  it('drops the least recently used entry when full', () => {
    const page = pageOf(10);
    const cache = new PageCache({ enabled: true, maxBytes: Math.floor(2.5 * (page.compressAll().byteLength + 2048)), ttlMs: 60_000 });
    cache.set('a', page, {});
    cache.set('b', page, {});
    cache.get('a');
    cache.set('c', page, {});
    assert.equal(cache.get('b'), undefined);
    assert.ok(cache.get('a'));
    assert.ok(cache.get('c'));
  });

  it('is bounded by the bytes it holds, compressed forms included, not by the number of pages', () => {
    const cache = new PageCache({ enabled: true, maxBytes: 2 * MB, ttlMs: 60_000 });
    for (let i = 0; i < 100; i++) cache.set(`/small/${i}`, prepareBody(`<p>${i}</p>`, 'text/html'), {});
    assert.equal(cache.size, 100, 'a hundred small pages fit');
    for (let i = 0; i < 10; i++) cache.set(`/large/${i}`, pageOf(300), {});
    assert.ok(cache.byteSize <= 2 * MB, `holds ${cache.byteSize} bytes`);
    assert.ok(cache.size < 10, `only a few large pages stay (${cache.size} entries)`);
    const large = cache.get('/large/9');
    assert.ok(large, 'the newest large page is kept');
    assert.ok(large.body.byteLength > large.body.body.length * 1.5, 'its brotli and gzip forms are made and counted');
  });

  it('keeps nothing when turned off', () => {
    const cache = new PageCache({ enabled: false, maxBytes: MB, ttlMs: 60_000 });
    cache.set('a', body, {});
    assert.equal(cache.get('a'), undefined);
  });

  it('prefers brotli, then gzip, and honours q=0', () => {
    assert.equal(negotiateEncoding('gzip, deflate, br'), 'br');
    assert.equal(negotiateEncoding('gzip'), 'gzip');
    assert.equal(negotiateEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(negotiateEncoding('identity'), 'identity');
    assert.equal(negotiateEncoding(undefined), 'identity');
  });

  it('answers the same encoding for a value seen before, whatever came in between', () => {
    for (let i = 0; i < 300; i++) negotiateEncoding(`gzip;q=0.${i % 10}, x-${i}`);
    assert.equal(negotiateEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(negotiateEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(negotiateEncoding('gzip;q=0, br;q=0'), 'identity');
  });

  it('builds a hit its headers once: the stored ones, the marker, the encoding and length of the form sent, HSTS when asked', () => {
    const cache = new PageCache({ enabled: true, maxBytes: MB, ttlMs: 60_000 });
    cache.set('/en/', pageOf(4), { 'content-type': 'text/html', vary: 'Accept-Encoding', 'x-multi': ['a', 'b'] });
    const page = cache.get('/en/')!;
    const asMap = (raw: string[]) => raw.reduce<Array<[string, string]>>((pairs, v, i) => (i % 2 ? pairs : [...pairs, [v, raw[i + 1]!]]), []);
    const br = asMap(page.hit.for('br', undefined));
    assert.deepEqual(br.slice(0, 4), [['content-type', 'text/html'], ['vary', 'Accept-Encoding'], ['x-multi', 'a'], ['x-multi', 'b']]);
    assert.deepEqual(br.slice(4), [['x-page-cache', 'hit'], ['content-encoding', 'br'], ['content-length', String(page.body.br.length)]]);
    const plain = asMap(page.hit.for('identity', 'max-age=1'));
    assert.deepEqual(plain.slice(4), [['x-page-cache', 'hit'], ['strict-transport-security', 'max-age=1'], ['content-length', String(page.body.body.length)]]);
    assert.deepEqual(asMap(page.hit.for('not-modified', undefined)).slice(4), [['x-page-cache', 'hit']]);
    assert.equal(page.hit.for('br', undefined), page.hit.for('br', undefined), 'built once');
  });
});

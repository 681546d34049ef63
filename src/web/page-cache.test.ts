import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiateEncoding, PageCache, prepareBody } from './page-cache.js';

describe('page cache', () => {
  const body = prepareBody('<p>hello</p>', 'text/html');

  it('forgets entries after their time to live', () => {
    let now = 1_000;
    const cache = new PageCache(true, 10, 5_000, () => now);
    cache.set('/en/', body);
    assert.equal(cache.get('/en/'), body);
    now += 5_001;
    assert.equal(cache.get('/en/'), undefined);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new PageCache(true, 2, 60_000);
    cache.set('a', body);
    cache.set('b', body);
    cache.get('a');
    cache.set('c', body);
    assert.equal(cache.get('b'), undefined);
    assert.ok(cache.get('a'));
    assert.ok(cache.get('c'));
  });

  it('keeps nothing when turned off', () => {
    const cache = new PageCache(false, 10, 60_000);
    cache.set('a', body);
    assert.equal(cache.get('a'), undefined);
  });

  it('prefers brotli, then gzip, and honours q=0', () => {
    assert.equal(negotiateEncoding('gzip, deflate, br'), 'br');
    assert.equal(negotiateEncoding('gzip'), 'gzip');
    assert.equal(negotiateEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(negotiateEncoding('identity'), 'identity');
    assert.equal(negotiateEncoding(undefined), 'identity');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileForUrl, linkBetween } from './mirror.paths.js';

describe('where a page of the site lives in the copy', () => {
  it('puts pages in folders and files at their own paths', () => {
    assert.equal(fileForUrl('/'), 'index.html');
    assert.equal(fileForUrl('/en/'), 'en/index.html');
    assert.equal(fileForUrl('/en/publications'), 'en/publications/index.html');
    assert.equal(fileForUrl('/en/publications/'), 'en/publications/index.html');
    assert.equal(fileForUrl('/media/abc.webp'), 'media/abc.webp');
    assert.equal(fileForUrl('/en/feeds/news.rss'), 'en/feeds/news.rss');
  });

  it('gives each filter one stable folder, whatever the order of its parameters', () => {
    assert.equal(fileForUrl('/en/publications?topic=land-rights&page=2'), 'en/publications/q-page-2.topic-land-rights/index.html');
    assert.equal(fileForUrl('/en/publications?page=2&topic=land-rights'), 'en/publications/q-page-2.topic-land-rights/index.html');
    assert.notEqual(fileForUrl('/en/x?a=b.c'), fileForUrl('/en/x?a=b&c='));
    assert.equal(fileForUrl('/en/x?q=ស្វែង រក'), 'en/x/q-q-~E1~9E~9F~E1~9F~92~E1~9E~9C~E1~9F~82~E1~9E~84~20~E1~9E~9A~E1~9E~80/index.html');
    assert.equal(fileForUrl('/en/statistics.csv?year=2024'), 'en/statistics.q-year-2024.csv');
  });

  it('keeps every path inside the copy, and refuses what cannot be a file name', () => {
    assert.equal(fileForUrl('/en/%2e%2e/%2e%2e/etc/passwd'), 'etc/passwd/index.html');
    assert.equal(fileForUrl('/en/a%2Fb'), undefined);
    assert.equal(fileForUrl('/en/%E0%A4%A'), undefined);
  });

  it('links relatively, spelling out index.html, or under a base URL', () => {
    assert.equal(linkBetween('en/news/a/index.html', 'en/publications/index.html', undefined), '../../publications/index.html');
    assert.equal(linkBetween('en/index.html', 'media/x.webp', undefined), '../media/x.webp');
    assert.equal(linkBetween('en/index.html', 'en/ក/index.html', undefined), '%E1%9E%80/index.html');
    assert.equal(linkBetween('en/index.html', 'en/publications/index.html', 'https://m.example'), 'https://m.example/en/publications/');
    assert.equal(linkBetween('index.html', 'en/index.html', undefined), 'en/index.html');
    assert.equal(linkBetween('en/index.html', 'index.html', undefined), '../index.html');
    assert.equal(linkBetween('en/a/index.html', 'en/a/b/index.html', undefined), 'b/index.html');
    assert.equal(linkBetween('en/a/index.html', 'en/a/index.html', undefined), 'index.html');
    assert.equal(linkBetween('en/ab/index.html', 'en/a/x.pdf', undefined), '../a/x.pdf');
    assert.equal(linkBetween('en/ក/ខ/index.html', 'km/ក/index.html', undefined), '../../../km/%E1%9E%80/index.html');
  });
});

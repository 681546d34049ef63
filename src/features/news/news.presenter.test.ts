import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentNewsCard, safeExternalUrl } from './news.presenter.js';
import type { NewsListRow } from './news.repository.js';

const row: NewsListRow = {
  id: 1,
  slug: 'coverage',
  kind: 'in_the_news',
  externalUrl: 'https://www.example.org/story?id=4',
  outlet: null,
  publishedAt: '2024-02-02',
  updatedAt: '2024-02-02T00:00:00.000Z',
  coverFileId: null,
  licence: 'CC-BY-4.0',
  translations: [{ itemId: 1, locale: 'en', title: 'Coverage', summary: null }],
  topicIds: [],
};

describe('news presenter', () => {
  it('keeps only web links for articles elsewhere', () => {
    assert.equal(safeExternalUrl('https://example.org/a'), 'https://example.org/a');
    assert.equal(safeExternalUrl('http://example.org'), 'http://example.org/');
    assert.equal(safeExternalUrl('javascript:alert(1)'), null);
    assert.equal(safeExternalUrl('data:text/html,x'), null);
    assert.equal(safeExternalUrl('not a url'), null);
    assert.equal(safeExternalUrl(null), null);
  });

  it('names the host when the outlet is missing, and labels the kind in the visitor language', () => {
    const card = presentNewsCard(row, 'km', ['en', 'km']);
    assert.ok(card);
    assert.equal(card.outlet, 'www.example.org');
    assert.equal(card.kindLabel, 'ក្នុងប្រព័ន្ធផ្សព្វផ្សាយ');
    assert.equal(card.isFallback, true);
    assert.equal(card.href, '/news/coverage');
  });
});

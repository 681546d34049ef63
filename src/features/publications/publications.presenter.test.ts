import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFileSize, presentPublication, presentPublicationCard } from './publications.presenter.js';
import type { PublicationListRow, PublicPublication } from './publications.repository.js';

const ORDER = ['en', 'km'] as const;

const listRow: PublicationListRow = {
  id: 1,
  slug: 'only-khmer',
  type: 'legal_analysis',
  publishedAt: '2024-02-02',
  updatedAt: '2024-02-03T00:00:00.000Z',
  coverFileId: null,
  licence: 'CC-BY-4.0',
  translations: [{ itemId: 1, locale: 'km', title: 'ការវិភាគ', summary: null }],
  topicIds: [],
};

describe('publications presenter', () => {
  it('falls back to the one language a publication has, and says so', () => {
    const card = presentPublicationCard(listRow, 'en', ORDER);
    assert.ok(card);
    assert.equal(card.title, 'ការវិភាគ');
    assert.equal(card.contentLocale, 'km');
    assert.equal(card.isFallback, true);
    assert.deepEqual(card.availableIn, ['km']);
    assert.equal(card.typeLabel, 'Legal analysis');
    assert.equal(presentPublicationCard({ ...listRow, translations: [] }, 'en', ORDER), undefined);
  });

  it('formats file sizes in KB below a megabyte and MB above, in the visitor digits', () => {
    assert.equal(formatFileSize(300, 'en'), '1 KB');
    assert.equal(formatFileSize(250_000, 'en'), '244 KB');
    assert.equal(formatFileSize(2_400_000, 'en'), '2.3 MB');
    assert.equal(formatFileSize(250_000, 'km'), '២៤៤ គីឡូបៃ');
  });

  it('names file links after the publication and language, and picks the schema.org type', () => {
    const sha = 'a'.repeat(64);
    const row: PublicPublication = {
      ...listRow,
      status: 'published',
      projectId: null,
      commentsEnabled: 0,
      createdAt: '2024-02-01T00:00:00.000Z',
      translations: [{ itemId: 1, locale: 'km', title: 'ការវិភាគ', summary: null, bodyHtml: '<p>x</p>' }],
      topics: [],
      files: [{ id: 1, locale: 'km', label: null, sha256: sha, size: 1_048_576, mime: 'application/pdf', originalName: 'x.pdf' }],
      project: undefined,
    };
    const view = presentPublication(row, 'en', ORDER);
    assert.ok(view);
    assert.equal(view.jsonLdType, 'Report');
    assert.deepEqual(view.files.map((f) => [f.href, f.languageName, f.sizeText, f.label]), [
      [`/files/${sha}/only-khmer-km.pdf`, 'Khmer', '1 MB', 'Full document'],
    ]);
    assert.equal(presentPublication({ ...row, type: 'newsletter' }, 'en', ORDER)?.jsonLdType, 'CreativeWork');
  });
});

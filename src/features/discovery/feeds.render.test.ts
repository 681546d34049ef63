import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childNamed, childrenNamed, parseXml, type XmlNode } from '../../../test/factories/discovery.js';
import type { FeedEntry } from './feeds.presenter.js';
import { renderFeed, type FeedDocument } from './feeds.render.js';

const HOSTILE = `Fish & rice <b>5</b> "kg" 'dry' ]]> end\u0001`;
const CLEAN = `Fish & rice <b>5</b> "kg" 'dry' ]]> end`;
/** What a `type="html"` field holds for plain text: the text, HTML-escaped. */
const CLEAN_AS_HTML = 'Fish &amp; rice &lt;b&gt;5&lt;/b&gt; &quot;kg&quot; &#39;dry&#39; ]]&gt; end';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    title: HOSTILE,
    summary: HOSTILE,
    contentLocale: 'km',
    isFallback: false,
    path: '/publications/land-report',
    publishedAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-03T08:30:00.000Z',
    licence: 'CC-BY-4.0',
    categories: [{ term: 'land-rights', label: `Land <rights> & "x"` }],
    enclosure: { path: '/files/abc/land report.docx', type: DOCX, size: 654_321, label: HOSTILE },
    ...overrides,
  };
}

const doc: FeedDocument = {
  locale: 'km',
  title: `Publications & <reports>`,
  description: `What "we" publish`,
  organisation: 'CCHR & partners',
  publicUrl: 'http://dove.test',
  listPath: '/publications',
  selfPaths: { rss: '/km/feeds/publications.rss', atom: '/km/feeds/publications.atom' },
  entries: [
    entry(),
    entry({ title: 'English only', summary: null, contentLocale: 'en', isFallback: true, path: '/news/b', licence: 'all-rights-reserved', categories: [], enclosure: undefined }),
  ],
};

const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('feed writer', () => {
  it('is checked by a parser that refuses malformed XML', () => {
    assert.throws(() => parseXml('<a><b></a>'));
    assert.throws(() => parseXml('<a>x & y</a>'));
  });

  describe('RSS 2.0', () => {
    const root = parseXml(renderFeed(doc, 'rss'));
    const channel = childNamed(root, 'channel');
    const [item, fallback] = childrenNamed(channel, 'item') as [XmlNode, XmlNode];

    it('keeps plain-text titles exact and sends summaries as escaped HTML, without control characters', () => {
      assert.equal(childNamed(channel, 'title').text, 'Publications & <reports>');
      assert.equal(childNamed(item, 'title').text, CLEAN);
      assert.equal(childNamed(item, 'description').text, CLEAN_AS_HTML);
      assert.equal(childNamed(item, 'category').text, 'Land <rights> & "x"');
      assert.deepEqual(childrenNamed(fallback, 'description'), []);
    });

    it('dates items by publication and the channel by its newest change, in RFC 822', () => {
      const pubDate = childNamed(item, 'pubDate').text;
      assert.match(pubDate, RFC_822);
      assert.equal(new Date(pubDate).toISOString(), '2024-05-01T00:00:00.000Z');
      assert.equal(new Date(childNamed(channel, 'lastBuildDate').text).toISOString(), '2024-05-03T08:30:00.000Z');
    });

    it('names its language, its own address and the document with its real type', () => {
      assert.equal(childNamed(channel, 'language').text, 'km');
      assert.deepEqual(childNamed(channel, 'atom:link').attributes, { href: 'http://dove.test/km/feeds/publications.rss', rel: 'self', type: 'application/rss+xml' });
      assert.equal(childNamed(item, 'link').text, 'http://dove.test/km/publications/land-report');
      assert.deepEqual(childNamed(item, 'guid').attributes, { isPermaLink: 'true' });
      assert.deepEqual(childNamed(item, 'enclosure').attributes, { length: '654321', type: DOCX, url: 'http://dove.test/files/abc/land%20report.docx' });
    });
  });

  describe('Atom 1.0', () => {
    const root = parseXml(renderFeed(doc, 'atom'));
    const [entryNode, fallback] = childrenNamed(root, 'entry') as [XmlNode, XmlNode];

    it('declares its title and summary as HTML and escapes the text into them', () => {
      assert.deepEqual(childNamed(entryNode, 'title').attributes, { type: 'html' });
      assert.equal(childNamed(entryNode, 'title').text, CLEAN_AS_HTML);
      assert.equal(childNamed(entryNode, 'summary').text, CLEAN_AS_HTML);
      assert.deepEqual(childNamed(entryNode, 'category').attributes, { label: 'Land <rights> & "x"', term: 'land-rights' });
      assert.equal(childNamed(childNamed(root, 'author'), 'name').text, 'CCHR & partners');
    });

    it('is in the feed language, and marks an entry shown in another language', () => {
      assert.equal(root.attributes['xml:lang'], 'km');
      assert.equal(childNamed(fallback, 'title').attributes['xml:lang'], 'en');
      assert.equal(childNamed(entryNode, 'title').attributes['xml:lang'], undefined);
    });

    it('dates entries and the feed in RFC 3339', () => {
      assert.equal(childNamed(root, 'updated').text, '2024-05-03T08:30:00.000Z');
      assert.equal(childNamed(entryNode, 'published').text, '2024-05-01T00:00:00.000Z');
      assert.equal(childNamed(entryNode, 'updated').text, '2024-05-03T08:30:00.000Z');
    });

    it('is identified by its own address and links to it, to the list and to the document with its real type', () => {
      assert.equal(childNamed(root, 'id').text, 'http://dove.test/km/feeds/publications.atom');
      const links = childrenNamed(root, 'link').map((l) => l.attributes);
      assert.deepEqual(links, [
        { rel: 'alternate', href: 'http://dove.test/km/publications' },
        { rel: 'self', href: 'http://dove.test/km/feeds/publications.atom' },
      ]);
      const enclosure = childrenNamed(entryNode, 'link').find((l) => l.attributes.rel === 'enclosure');
      assert.deepEqual(enclosure?.attributes, { rel: 'enclosure', href: 'http://dove.test/files/abc/land%20report.docx', title: CLEAN, type: DOCX, length: '654321' });
    });

    it("states an entry's own licence where it differs from the site's", () => {
      assert.deepEqual(childrenNamed(entryNode, 'rights'), []);
      assert.match(childNamed(fallback, 'rights').text, /All rights reserved/);
    });
  });

  it('writes a valid feed without entries in both formats', () => {
    for (const format of ['rss', 'atom'] as const) {
      const root = parseXml(renderFeed({ ...doc, entries: [] }, format));
      const updated = format === 'rss' ? childNamed(childNamed(root, 'channel'), 'lastBuildDate').text : childNamed(root, 'updated').text;
      assert.ok(!Number.isNaN(new Date(updated).getTime()), `${format} has a date`);
    }
  });
});

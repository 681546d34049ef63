import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childNamed, childrenNamed, createNewsPost, parseXml, type XmlNode } from '../../../test/factories/discovery.js';
import { createPublication } from '../../../test/factories/publications.js';
import { topicId } from '../../../test/factories/topics.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

const BASE = 'http://dove.test';

for (const engine of testEngines()) {
  describe(`feeds (${engine})`, () => {
    let t: TestContext;
    let enFile: { sha256: string };
    let kmFile: { sha256: string };

    async function fetchFeed(url: string): Promise<{ root: XmlNode; body: string; type: string | undefined }> {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      return { root: parseXml(res.body), body: res.body, type: res.headers['content-type'] as string | undefined };
    }

    function rssItems(root: XmlNode): XmlNode[] {
      return childrenNamed(childNamed(root, 'channel'), 'item');
    }

    function rssItem(root: XmlNode, link: string): XmlNode {
      const item = rssItems(root).find((i) => childNamed(i, 'link').text === link);
      assert.ok(item, `no item links to ${link}`);
      return item;
    }

    before(async () => {
      t = await createTestApp(engine);
      const land = await topicId(t.db, 'land-rights');
      const report = await createPublication(t.db, {
        slug: 'land-report',
        publishedAt: '2024-05-01',
        topicIds: [land],
        translations: {
          en: { title: 'Land Disputes in 2023', summary: 'What monitors recorded.' },
          km: { title: 'វិវាទដីធ្លីឆ្នាំ២០២៣', summary: 'អ្វីដែលអ្នកតាមដានបានកត់ត្រា។' },
        },
        files: [
          { locale: 'en', size: 123_456 },
          { locale: 'km', size: 654_321 },
        ],
      });
      enFile = report.files[0]!;
      kmFile = report.files[1]!;
      await createPublication(t.db, {
        slug: 'khmer-only-report',
        publishedAt: '2024-04-01',
        translations: { km: { title: 'របាយការណ៍តែភាសាខ្មែរ' } },
      });
      await createPublication(t.db, { slug: 'draft-report', status: 'draft', publishedAt: '2024-03-01' });
      await createPublication(t.db, { slug: 'future-report', publishedAt: '2999-01-01' });
      await createPublication(t.db, {
        slug: 'special-characters',
        publishedAt: '2024-02-01',
        translations: { en: { title: 'Housing & Land <Rights> ]]> review', summary: 'Fish & rice < 5 "kg"' } },
      });
      await createNewsPost(t.db, {
        slug: 'draft-news',
        status: 'draft',
        translations: { en: { title: 'Unpublished statement' } },
      });
      await createNewsPost(t.db, { slug: 'future-news', publishedAt: '2999-01-01T00:00:00.000Z' });
      // One more than a feed carries, so the oldest must drop out.
      for (let day = 1; day <= 31; day += 1) {
        await createNewsPost(t.db, {
          slug: `statement-${day}`,
          publishedAt: `2024-07-${String(day).padStart(2, '0')}T03:00:00.000Z`,
          topicIds: day === 31 ? [land] : [],
          translations: { en: { title: `Statement ${day}` }, km: { title: `សេចក្តីថ្លែងការណ៍ ${day}` } },
        });
      }
    });
    after(() => t.close());

    it('serves RSS 2.0 with English items, absolute links, topics, the licence and the English document', async () => {
      const { root, type } = await fetchFeed('/en/feeds/publications.rss');
      assert.equal(type, 'application/rss+xml; charset=utf-8');
      assert.equal(root.name, 'rss');
      assert.equal(root.attributes.version, '2.0');
      const channel = childNamed(root, 'channel');
      assert.equal(childNamed(channel, 'language').text, 'en');
      assert.match(childNamed(channel, 'copyright').text, /Creative Commons Attribution 4\.0/);
      assert.equal(childNamed(channel, 'link').text, `${BASE}/en/publications`);
      const item = rssItem(root, `${BASE}/en/publications/land-report`);
      assert.equal(childNamed(item, 'title').text, 'Land Disputes in 2023');
      assert.equal(childNamed(item, 'description').text, 'What monitors recorded.');
      assert.equal(childNamed(item, 'category').text, 'Land rights');
      assert.equal(new Date(childNamed(item, 'pubDate').text).toISOString(), '2024-05-01T00:00:00.000Z');
      const enclosure = childNamed(item, 'enclosure').attributes;
      assert.equal(enclosure.url, `${BASE}/files/${enFile.sha256}/land-report-en.pdf`);
      assert.equal(enclosure.type, 'application/pdf');
      assert.equal(enclosure.length, '123456');
    });

    it('serves Atom 1.0 in Khmer with the Khmer document as enclosure', async () => {
      const { root, type } = await fetchFeed('/km/feeds/publications.atom');
      assert.equal(type, 'application/atom+xml; charset=utf-8');
      assert.equal(root.name, 'feed');
      assert.equal(root.attributes.xmlns, 'http://www.w3.org/2005/Atom');
      assert.equal(childNamed(root, 'id').text, `${BASE}/km/feeds/publications.atom`);
      assert.match(childNamed(root, 'rights').text, /Creative Commons Attribution 4\.0/);
      assert.ok(childNamed(childNamed(root, 'author'), 'name').text.length > 0);
      const entry = childrenNamed(root, 'entry').find((e) =>
        childrenNamed(e, 'link').some((l) => l.attributes.href === `${BASE}/km/publications/land-report`),
      );
      assert.ok(entry);
      assert.equal(childNamed(entry, 'title').text, 'វិវាទដីធ្លីឆ្នាំ២០២៣');
      assert.equal(childNamed(entry, 'published').text, '2024-05-01T00:00:00.000Z');
      assert.ok(childNamed(entry, 'updated').text);
      assert.deepEqual(childNamed(entry, 'category').attributes, { label: 'សិទ្ធិដីធ្លី', term: 'land-rights' });
      const enclosure = childrenNamed(entry, 'link').find((l) => l.attributes.rel === 'enclosure');
      assert.deepEqual(enclosure?.attributes, {
        rel: 'enclosure',
        href: `${BASE}/files/${kmFile.sha256}/land-report-km.pdf`,
        type: 'application/pdf',
        length: '654321',
      });
    });

    it('keeps the feed language the locale and lists a Khmer-only publication in both feeds with its Khmer title', async () => {
      for (const locale of ['en', 'km']) {
        const { root } = await fetchFeed(`/${locale}/feeds/publications.rss`);
        assert.equal(childNamed(childNamed(root, 'channel'), 'language').text, locale);
        const item = rssItem(root, `${BASE}/${locale}/publications/khmer-only-report`);
        assert.equal(childNamed(item, 'title').text, 'របាយការណ៍តែភាសាខ្មែរ');
      }
    });

    it('never lists drafts or items published in the future', async () => {
      for (const url of ['/en/feeds/publications.rss', '/km/feeds/publications.atom', '/en/feeds/news.rss', '/en/feeds/news.atom']) {
        const { body } = await fetchFeed(url);
        for (const slug of ['draft-report', 'future-report', 'draft-news', 'future-news']) {
          assert.ok(!body.includes(slug), `${url} mentions ${slug}`);
        }
        assert.ok(!body.includes('Unpublished statement'));
      }
    });

    it('carries the 30 newest news posts, newest first, linking to the news pages', async () => {
      const { root } = await fetchFeed('/en/feeds/news.rss');
      const links = rssItems(root).map((i) => childNamed(i, 'link').text);
      assert.equal(links.length, 30);
      assert.equal(links[0], `${BASE}/en/news/statement-31`);
      assert.equal(links[29], `${BASE}/en/news/statement-2`);
      assert.ok(!links.includes(`${BASE}/en/news/statement-1`));
      assert.equal(childNamed(rssItem(root, `${BASE}/en/news/statement-31`), 'category').text, 'Land rights');
      const atom = await fetchFeed('/km/feeds/news.atom');
      const first = childrenNamed(atom.root, 'entry')[0]!;
      assert.equal(childNamed(first, 'title').text, 'សេចក្តីថ្លែងការណ៍ 31');
      assert.equal(childNamed(first, 'link').attributes.href, `${BASE}/km/news/statement-31`);
    });

    it('escapes XML special characters in titles and summaries', async () => {
      const rss = await fetchFeed('/en/feeds/publications.rss');
      const item = rssItem(rss.root, `${BASE}/en/publications/special-characters`);
      // RSS titles are plain text, kept exactly (no CDATA section for `]]>` to end); the description is HTML.
      assert.equal(childNamed(item, 'title').text, 'Housing & Land <Rights> ]]> review');
      assert.equal(childNamed(item, 'description').text, 'Fish &amp; rice &lt; 5 &quot;kg&quot;');
      const atom = await fetchFeed('/en/feeds/publications.atom');
      const entry = childrenNamed(atom.root, 'entry').find((e) => childNamed(e, 'link').attributes.href?.endsWith('/special-characters'));
      assert.ok(entry);
      assert.equal(childNamed(entry, 'title').attributes.type, 'html');
      assert.equal(childNamed(entry, 'title').text, 'Housing &amp; Land &lt;Rights&gt; ]]&gt; review');
    });

    it('caches each feed until content changes', async () => {
      t.app.contentChanged();
      const first = await t.app.inject('/en/feeds/news.atom');
      assert.equal(first.headers['x-page-cache'], 'miss');
      const second = await t.app.inject('/en/feeds/news.atom');
      assert.equal(second.headers['x-page-cache'], 'hit');
      assert.equal(second.body, first.body);
      await createNewsPost(t.db, { slug: 'breaking', publishedAt: '2024-12-01T00:00:00.000Z' });
      assert.ok(!(await t.app.inject('/en/feeds/news.atom')).body.includes('/en/news/breaking'));
      t.app.contentChanged();
      const third = await t.app.inject('/en/feeds/news.atom');
      assert.equal(third.headers['x-page-cache'], 'miss');
      assert.ok(third.body.includes(`${BASE}/en/news/breaking`));
    });
  });
}

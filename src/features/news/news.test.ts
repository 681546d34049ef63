import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNewsPost } from '../../../test/factories/news.js';
import { topicId } from '../../../test/factories/topics.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** The slugs of the cards on a list page, in order. */
function cardSlugs(body: string): string[] {
  return [...body.matchAll(/class="card__title"[^>]*><a href="\/(?:en|km)\/news\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

function jsonLdOf(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body);
  assert.ok(match, 'the page has JSON-LD');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

const BULK = 12;

for (const engine of testEngines()) {
  describe(`news (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createNewsPost(t.db, {
        slug: 'arrest-of-activists',
        kind: 'press_release',
        publishedAt: '2024-07-19',
        topicIds: [await topicId(t.db, 'fundamental-freedoms')],
        translations: {
          en: { title: 'Release the Detained Activists', summary: 'We call for their release.', bodyHtml: '<p>The statement.</p>' },
          km: { title: 'សូមដោះលែងសកម្មជន', summary: 'សេចក្តីសង្ខេប', bodyHtml: '<p>សេចក្តីថ្លែងការណ៍</p>' },
        },
      });
      await createNewsPost(t.db, { slug: 'comment-on-law', kind: 'media_comment', publishedAt: '2024-06-01', translations: { en: { title: 'Comment on the draft law' } } });
      await createNewsPost(t.db, { slug: 'open-letter', kind: 'letter', publishedAt: '2024-05-01', translations: { en: { title: 'Open letter' } } });
      await createNewsPost(t.db, { slug: 'khmer-alert', kind: 'alert', publishedAt: '2024-04-01', translations: { km: { title: 'ការជូនដំណឹងជាភាសាខ្មែរ', bodyHtml: '<p>ខ្លឹមសារ</p>' } } });
      await createNewsPost(t.db, {
        slug: 'coverage-of-report',
        kind: 'in_the_news',
        publishedAt: '2024-08-02',
        externalUrl: 'https://news.example.com/articles/land-report',
        outlet: 'Example Daily',
        translations: { en: { title: 'Report on land cited by daily', summary: 'Our report in the press.' } },
      });
      await createNewsPost(t.db, {
        slug: 'unsafe-link',
        kind: 'in_the_news',
        publishedAt: '2024-08-01',
        externalUrl: 'javascript:alert(1)',
        translations: { en: { title: 'Badly entered link' } },
      });
      await createNewsPost(t.db, { slug: 'draft-release', status: 'draft', translations: { en: { title: 'Secret draft' } } });
      await createNewsPost(t.db, { slug: 'future-release', publishedAt: '2999-01-01', translations: { en: { title: 'Not yet out' } } });
      for (let i = 1; i <= BULK; i++) {
        await createNewsPost(t.db, {
          slug: `older-release-${i}`,
          kind: 'press_release',
          publishedAt: `2020-02-${String(i).padStart(2, '0')}`,
          translations: { en: { title: `Older release ${i}` } },
        });
      }
    });
    after(() => t.close());

    it('lists press releases, comments, letters and alerts newest first, in both languages', async () => {
      const en = await t.app.inject('/en/news/press-releases');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /<h1>Press Releases, Media Comment &amp; Letters<\/h1>/);
      // The English list puts items with an English text first: the Khmer-only alert comes after them.
      assert.deepEqual(cardSlugs(en.body).slice(0, 4), ['arrest-of-activists', 'comment-on-law', 'open-letter', 'older-release-12']);
      assert.ok(!cardSlugs(en.body).includes('coverage-of-report'));
      assert.match(en.body, /16 items/);
      assert.match(en.body, /href="\/en\/feeds\/news.rss"/);
      assert.match(en.body, /href="\/en\/feeds\/news.atom"/);
      assert.match(en.body, /<span class="badge">Press release<\/span>/);
      const km = await t.app.inject('/km/news/press-releases');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<h1>សេចក្តីប្រកាសព័ត៌មាន មតិយោបល់ និងលិខិត<\/h1>/);
      assert.match(km.body, /<time datetime="2024-07-19">១៩ កក្កដា ២០២៤<\/time>/);
      assert.match(km.body, /<h2 class="card__title" lang="en"><a href="\/km\/news\/comment-on-law">/);
    });

    it('filters by kind, returning exactly the matching items', async () => {
      const cases: Array<[string, string[]]> = [
        ['media_comment', ['comment-on-law']],
        ['letter', ['open-letter']],
        ['alert', ['khmer-alert']],
      ];
      for (const [kind, expected] of cases) {
        const res = await t.app.inject(`/en/news/press-releases?kind=${kind}`);
        assert.equal(res.statusCode, 200, kind);
        assert.deepEqual(cardSlugs(res.body), expected, kind);
        assert.match(res.body, new RegExp(`<option value="${kind}" selected>`));
      }
      const all = await t.app.inject('/en/news/press-releases?kind=');
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /16 items/);
    });

    it('paginates, keeping the filter, and answers 404 beyond the last page', async () => {
      const first = await t.app.inject('/en/news/press-releases?kind=press_release');
      assert.match(first.body, /<a rel="next" href="\/en\/news\/press-releases\?kind=press_release&amp;page=2">/);
      const second = await t.app.inject('/en/news/press-releases?kind=press_release&page=2');
      assert.equal(second.statusCode, 200);
      assert.deepEqual(cardSlugs(second.body), ['older-release-1']);
      assert.equal((await t.app.inject('/en/news/press-releases?page=3')).statusCode, 404);
      assert.equal((await t.app.inject('/km/news/in-the-news?page=2')).statusCode, 404);
    });

    it('answers bad query values with the 400 page in the visitor language', async () => {
      const bad = [
        '/news/press-releases?page=-1',
        '/news/press-releases?page=abc',
        '/news/press-releases?kind=%3Cscript%3E',
        '/news/press-releases?kind=in_the_news',
        '/news/in-the-news?page=1.5',
      ];
      for (const path of bad) {
        for (const [locale, title] of [['en', 'We could not read that request'], ['km', 'យើងមិនអាចអានសំណើនោះបានទេ']] as const) {
          const res = await t.app.inject(`/${locale}${path}`);
          assert.equal(res.statusCode, 400, `${locale}${path}`);
          assert.ok(res.body.includes(title), `${locale}${path}`);
          assert.doesNotMatch(res.body, /ZodError|at .*\.ts:\d+|<script>/);
        }
      }
    });

    it('lists coverage elsewhere with links out to the outlet and to its own page', async () => {
      const en = await t.app.inject('/en/news/in-the-news');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<h1>TCHR in the News<\/h1>/);
      assert.deepEqual(cardSlugs(en.body), ['coverage-of-report', 'unsafe-link']);
      assert.match(en.body, /<span class="card__outlet">Example Daily<\/span> <time datetime="2024-08-02">2 August 2024<\/time>/);
      assert.match(en.body, /<a href="https:\/\/news.example.com\/articles\/land-report" rel="noopener">Read at Example Daily<\/a>/);
      assert.doesNotMatch(en.body, /javascript:/);
      const km = await t.app.inject('/km/news/in-the-news');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<h1>ម.ស.ស ក្នុងប្រព័ន្ធផ្សព្វផ្សាយ<\/h1>/);
      assert.match(km.body, /rel="noopener">អាននៅ Example Daily<\/a>/);
    });

    it('shows a news post with NewsArticle JSON-LD, topics and licence, in both languages', async () => {
      const en = await t.app.inject('/en/news/arrest-of-activists');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<article class="news-post" lang="en">/);
      assert.match(en.body, /<h1>Release the Detained Activists<\/h1>/);
      assert.match(en.body, /<p>The statement.<\/p>/);
      assert.match(en.body, /href="\/en\/topics\/fundamental-freedoms">Fundamental freedoms<\/a>/);
      assert.match(en.body, /rel="license"/);
      const ld = jsonLdOf(en.body);
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, 'Release the Detained Activists');
      assert.equal(ld.datePublished, '2024-07-19');
      const km = await t.app.inject('/km/news/arrest-of-activists');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<h1>សូមដោះលែងសកម្មជន<\/h1>/);
      assert.match(km.body, /href="\/km\/topics\/fundamental-freedoms">សេរីភាពជាមូលដ្ឋាន<\/a>/);
      assert.equal(jsonLdOf(km.body).inLanguage, 'km');
    });

    it('gives a coverage post a prominent link to the outside article', async () => {
      const res = await t.app.inject('/en/news/coverage-of-report');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<p class="notice notice--external" lang="en"><a href="https:\/\/news.example.com\/articles\/land-report" rel="noopener">Read the full article at Example Daily<\/a><\/p>/);
      const unsafe = await t.app.inject('/en/news/unsafe-link');
      assert.equal(unsafe.statusCode, 200);
      assert.doesNotMatch(unsafe.body, /javascript:|notice--external/);
    });

    it('shows a Khmer-only post on /en in Khmer, with the notice and lang="km"', async () => {
      const res = await t.app.inject('/en/news/khmer-alert');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="news-post" lang="km">/);
      assert.match(res.body, /ការជូនដំណឹងជាភាសាខ្មែរ/);
      assert.match(res.body, /not available in English/);
      assert.doesNotMatch(res.body, /hreflang="en"/);
    });

    it('never shows drafts or future-dated posts', async () => {
      for (const locale of ['en', 'km']) {
        for (const list of ['/news/press-releases', '/news/in-the-news']) {
          const res = await t.app.inject(`/${locale}${list}`);
          assert.doesNotMatch(res.body, /draft-release|future-release|Secret draft|Not yet out/);
        }
        assert.equal((await t.app.inject(`/${locale}/news/draft-release`)).statusCode, 404);
        assert.equal((await t.app.inject(`/${locale}/news/future-release`)).statusCode, 404);
      }
    });
  });
}

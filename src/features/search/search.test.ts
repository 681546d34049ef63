import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertFixtureItem, insertSearchFixture } from '../../../test/fixtures/search/load.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { rebuildSearchIndex } from './search.indexer.js';

const url = (locale: string, params: Record<string, string>) => `/${locale}/search?${new URLSearchParams(params).toString()}`;
const resultLinks = (html: string) => [...html.matchAll(/<h2 class="card__title"><a href="([^"]+)"/g)].map((m) => m[1]);

/** Search syntax and broken encodings a visitor (or a scanner) may send. */
const AWKWARD_QUERIES = ['"', '*', 'NEAR', 'AND', 'OR', '-', '(', ')', '"unclosed', 'NEAR(a b)', '-"-"*', 'a OR OR b', '()'];
const BROKEN_ENCODINGS = ['%FF', '%E0%A4%A', '%C0%AF', '%ZZ', '%E1%9E', '%00'];

for (const engine of testEngines()) {
  describe(`search pages (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const storage = contentFiles(t.app.storage);
      await insertSearchFixture(t.db, storage);
      // Twelve pages sharing one rare word, for pagination: six with it in the title.
      for (let i = 1; i <= 12; i++) {
        await insertFixtureItem(t.db, storage, {
          type: 'page',
          slug: `lanterns-${i}`,
          publishedAt: `2020-01-${String(i).padStart(2, '0')}`,
          en: {
            title: i <= 6 ? `Lantern walk ${i}` : `Village evening ${i}`,
            body: 'Volunteers carried paper lanterns through the village.',
          },
        });
      }
      await rebuildSearchIndex(t.db, { storage });
      // The fixture's PDFs are read by the background job, as after an upload.
      await readQueuedPdfTexts(t.db, storage);
    });
    after(() => t.close());

    it('answers in English at /en/search with linked, highlighted results', async () => {
      const res = await t.app.inject(url('en', { q: 'press freedom' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en"/);
      assert.equal(resultLinks(res.body)[0], '/en/publications/press-freedom-2024');
      assert.match(res.body, /<mark>Press<\/mark> <mark>freedom<\/mark>/);
      assert.match(res.body, /<span class="badge">Publication<\/span>/);
      assert.match(res.body, /<meta name="robots" content="noindex"/);
    });

    it('answers in Khmer at /km/search, with the Khmer word highlighted', async () => {
      const res = await t.app.inject(url('km', { q: 'ទឹកជំនន់' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="km"/);
      assert.equal(resultLinks(res.body)[0], '/km/news/flood-relief-kampong-thom');
      assert.match(res.body, /<mark>ទឹកជំនន់<\/mark>/);
      assert.match(res.body, /<span class="badge">ព័ត៌មាន<\/span>/);
      assert.match(res.body, /លទ្ធផល ១ សម្រាប់ «ទឹកជំនន់»/);
    });

    it('offers the nearest spelling when few pages match, in the language of the page', async () => {
      const en = await t.app.inject(url('en', { q: 'evictoins kampto' }));
      assert.equal(resultLinks(en.body)[0], '/en/publications/land-evictions-kampot-2023');
      assert.match(en.body, /Only a few pages match your search\./);
      assert.match(en.body, /Did you mean <a href="\/en\/search\?q=evictions(\+|%20)kampot">evictions kampot<\/a>\?/);
      const km = await t.app.inject(url('km', { q: 'torturr' }));
      assert.match(km.body, /តើអ្នកចង់ស្វែងរក <a href="\/km\/search\?q=torture">torture<\/a> ឬ\?/);
      // A well-spelt query that finds its page is not second-guessed.
      assert.doesNotMatch((await t.app.inject(url('en', { q: 'torture' }))).body, /Did you mean/);
    });

    it('marks each result with the language of its text and links to that language', async () => {
      const res = await t.app.inject(url('km', { q: 'mangrove' }));
      assert.match(res.body, /<li class="card search-result" lang="en">/);
      assert.equal(resultLinks(res.body)[0], '/en/publications/coastal-communities-fact-sheet');
      assert.match(res.body, /<p class="card__meta" lang="km">/);
    });

    it('is not kept in the page cache, and may be cached briefly by browsers', async () => {
      const first = await t.app.inject(url('en', { q: 'torture' }));
      const second = await t.app.inject(url('en', { q: 'torture' }));
      assert.equal(second.headers['x-page-cache'], undefined);
      assert.equal(first.headers['cache-control'], 'public, max-age=60');
    });

    it('filters by type, year and language', async () => {
      const byType = resultLinks((await t.app.inject(url('en', { q: 'monitors', type: 'page' }))).body);
      assert.deepEqual(byType, ['/en/about/who-we-are']);
      const byYear = resultLinks((await t.app.inject(url('en', { q: 'quarterly newsletter', year: '2023' }))).body);
      assert.deepEqual(byYear, ['/en/publications/quarterly-newsletter-2023']);
      const byLanguage = resultLinks((await t.app.inject(url('en', { q: 'LGBTIQ', language: 'km' }))).body);
      assert.deepEqual(byLanguage, ['/km/publications/lgbtiq-equality']);
      const events = await t.app.inject(url('en', { q: 'legal aid', type: 'event', year: '', language: '' }));
      assert.equal(events.statusCode, 200);
      assert.deepEqual(resultLinks(events.body), ['/en/events/legal-aid-clinic-siem-reap']);
      assert.match(events.body, /<option value="event" selected>Event<\/option>/);
    });

    it('pages through results, keeping the query and filters in the links', async () => {
      const first = await t.app.inject(url('en', { q: 'lanterns', type: 'page' }));
      assert.equal(resultLinks(first.body).length, 10);
      // Title matches first (newest first, as they are equally relevant), then body matches.
      assert.deepEqual(resultLinks(first.body).slice(0, 7), [6, 5, 4, 3, 2, 1, 12].map((i) => `/en/lanterns-${i}`));
      assert.match(first.body, /12 results for “lanterns”/);
      assert.match(first.body, /<a rel="next" href="\/en\/search\?q=lanterns&amp;type=page&amp;page=2">/);
      const second = await t.app.inject(url('en', { q: 'lanterns', type: 'page', page: '2' }));
      assert.deepEqual(resultLinks(second.body), ['/en/lanterns-8', '/en/lanterns-7']);
      assert.match(second.body, /<a rel="prev" href="\/en\/search\?q=lanterns&amp;type=page">/);
      const beyond = await t.app.inject(url('en', { q: 'lanterns', page: '9' }));
      assert.equal(beyond.statusCode, 200);
      assert.match(beyond.body, /There are no more results/);
    });

    it('explains an empty search instead of failing', async () => {
      for (const path of ['/en/search', '/en/search?q=', '/en/search?q=%20%20']) {
        const res = await t.app.inject(path);
        assert.equal(res.statusCode, 200, path);
        assert.match(res.body, /Type a word or two to search/);
      }
      const km = await t.app.inject('/km/search');
      assert.match(km.body, /សូមវាយពាក្យមួយ ឬពីរ/);
    });

    it('says so when nothing matches, and never shows a draft', async () => {
      const res = await t.app.inject(url('en', { q: 'quixotry' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Nothing matched your search/);
      assert.equal(resultLinks(res.body).length, 0);
    });

    for (const q of AWKWARD_QUERIES) {
      it(`answers 200 to the query ${JSON.stringify(q)}`, async () => {
        const res = await t.app.inject(url('en', { q }));
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+/);
      });
    }

    it('finds through search syntax around real words', async () => {
      const res = await t.app.inject(url('en', { q: '(torture) AND -detention* NEAR "pre-trial' }));
      assert.equal(resultLinks(res.body)[0], '/en/publications/torture-in-detention');
    });

    for (const encoded of BROKEN_ENCODINGS) {
      it(`answers 200 or a friendly 400 to q=${encoded}`, async () => {
        const res = await t.app.inject(`/en/search?q=${encoded}`);
        assert.ok([200, 400].includes(res.statusCode), String(res.statusCode));
        assert.match(res.body, /<html lang="en"/);
        assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+/);
      });
    }

    it('shortens a very long query and says so', async () => {
      const res = await t.app.inject(url('en', { q: `torture ${'x'.repeat(1_500)}` }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Your search was very long/);
      const echoed = /<input id="search-query" type="search" name="q" value="([^"]*)"/.exec(res.body)?.[1] ?? '';
      assert.ok(echoed.length <= 200, String(echoed.length));
    });

    it('answers a 10,000-character query with a page, never an error page', async () => {
      const res = await t.app.inject(url('km', { q: 'ក'.repeat(10_000) }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="km"/);
      const latin = await t.app.inject(url('en', { q: `rights ${'y'.repeat(10_000)}` }));
      assert.equal(latin.statusCode, 200);
      assert.match(latin.body, /Your search was very long/);
      assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+/);
    });

    it('echoes the query escaped', async () => {
      const res = await t.app.inject(url('en', { q: '<script>alert(1)</script> "x' }));
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /value="&lt;script>alert\(1\)&lt;\/script> &quot;x"/);
    });

    it('refuses unknown filter values with the localized 400 page', async () => {
      for (const query of ['type=%3Cscript%3E', 'year=20x4', 'page=0', 'page=abc', 'language=fr', 'page=100000']) {
        const res = await t.app.inject(`/km/search?q=torture&${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.body, /<html lang="km"/);
      }
    });

    it('has a labelled search box in the header of every page', async () => {
      for (const [path, action] of [['/en/about/who-we-are', '/en/search'], ['/km/about/who-we-are', '/km/search'], ['/en/search', '/en/search']]) {
        const res = await t.app.inject(path!);
        assert.equal(res.statusCode, 200, path);
        assert.match(res.body, new RegExp(`<form class="search-box" role="search" method="get" action="${action}">`));
        assert.match(res.body, /<label class="search-box__label" for="site-search">/);
        assert.match(res.body, /<input class="search-box__input" id="site-search" type="search" name="q"/);
      }
    });
  });
}

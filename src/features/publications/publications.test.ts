import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPublication } from '../../../test/factories/publications.js';
import { topicId } from '../../../test/factories/topics.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** The slugs of the cards on a list page, in order. */
function cardSlugs(body: string): string[] {
  return [...body.matchAll(/class="card__title"[^>]*><a href="\/(?:en|km)\/publications\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

function jsonLdOf(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body);
  assert.ok(match, 'the page has JSON-LD');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

const BULK = 12;

for (const engine of testEngines()) {
  describe(`publications (${engine})`, () => {
    let t: TestContext;
    let landFiles: Array<{ sha256: string; locale: string }>;
    before(async () => {
      t = await createTestApp(engine);
      const now = new Date().toISOString();
      const project = await t.db
        .insertInto('projects')
        .values({ slug: 'land-reform', kind: 'current', status: 'published', publishedAt: '2020-01-01', startedOn: null, endedOn: null, coverFileId: null, sortOrder: 0, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('projectTranslations').values({ itemId: project.id, locale: 'en', title: 'Land Reform Project', summary: null, bodyHtml: '' }).execute();
      const land = await createPublication(t.db, {
        slug: 'land-report-2023',
        type: 'report',
        publishedAt: '2023-05-10',
        projectId: project.id,
        topicIds: [await topicId(t.db, 'land-rights')],
        translations: {
          en: { title: 'Land Conflicts in 2023', summary: 'How disputes over land unfolded.', bodyHtml: '<p>Findings on land.</p>' },
          km: { title: 'ជម្លោះដីធ្លីឆ្នាំ២០២៣', summary: 'សេចក្តីសង្ខេប', bodyHtml: '<p>លទ្ធផល</p>' },
        },
        files: [
          { locale: 'en', size: 250_000 },
          { locale: 'km', size: 2_400_000, label: 'Full report' },
        ],
      });
      landFiles = land.files;
      await createPublication(t.db, {
        slug: 'freedoms-statement',
        type: 'statement',
        publishedAt: '2024-03-01',
        topicIds: [await topicId(t.db, 'fundamental-freedoms')],
        translations: { en: { title: 'Statement on Assembly', summary: 'A statement.' } },
      });
      await createPublication(t.db, {
        slug: 'khmer-only-factsheet',
        type: 'fact_sheet',
        publishedAt: '2024-06-01',
        translations: { km: { title: 'សន្លឹកព័ត៌មានជាភាសាខ្មែរ', summary: 'អត្ថបទខ្មែរ', bodyHtml: '<p>ខ្លឹមសារ</p>' } },
      });
      await createPublication(t.db, { slug: 'draft-report', status: 'draft', translations: { en: { title: 'Secret draft' } } });
      await createPublication(t.db, { slug: 'future-report', publishedAt: '2999-01-01', translations: { en: { title: 'Not yet out' } } });
      for (let i = 1; i <= BULK; i++) {
        await createPublication(t.db, {
          slug: `bulk-${i}`,
          type: 'infographic',
          publishedAt: `2022-01-${String(i).padStart(2, '0')}`,
          translations: { en: { title: `Infographic ${i}` } },
        });
      }
    });
    after(() => t.close());

    it('lists public publications newest first (those in the reader’s language before the others), in both languages, with feed links', async () => {
      const en = await t.app.inject('/en/publications');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /<h1>Reports &amp; Publications<\/h1>/);
      assert.deepEqual(cardSlugs(en.body).slice(0, 3), ['freedoms-statement', 'land-report-2023', 'bulk-12']);
      assert.equal(cardSlugs(en.body).length, 12);
      assert.match(en.body, /<span class="badge">Statement<\/span>/);
      assert.match(en.body, /<time datetime="2024-03-01">1 March 2024<\/time>/);
      assert.match(en.body, /href="\/en\/feeds\/publications.rss"/);
      assert.match(en.body, /type="application\/atom\+xml"[^>]*href="\/en\/feeds\/publications.atom"/);
      assert.match(en.body, /<form class="filters" method="get" action="\/en\/publications"/);
      const km = await t.app.inject('/km/publications');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<html lang="km"/);
      assert.match(km.body, /<h1>របាយការណ៍ និងឯកសារបោះពុម្ពផ្សាយ<\/h1>/);
      assert.match(km.body, /<span class="badge">សន្លឹកព័ត៌មាន<\/span>/);
      assert.match(km.body, /href="\/km\/feeds\/publications.rss"/);
      // A card shown in a stand-in language says so with lang.
      assert.match(km.body, /<h2 class="card__title" lang="en"><a href="\/km\/publications\/freedoms-statement">/);
    });

    it('filters by type, topic, year and language, returning exactly the matching items', async () => {
      const cases: Array<[string, string[]]> = [
        ['type=statement', ['freedoms-statement']],
        ['type=fact_sheet', ['khmer-only-factsheet']],
        ['topic=land-rights', ['land-report-2023']],
        ['topic=fundamental-freedoms', ['freedoms-statement']],
        ['year=2023', ['land-report-2023']],
        ['year=2024', ['freedoms-statement', 'khmer-only-factsheet']],
        ['language=km', ['land-report-2023', 'khmer-only-factsheet']],
        ['type=report&year=2024', []],
      ];
      for (const [query, expected] of cases) {
        const res = await t.app.inject(`/en/publications?${query}`);
        assert.equal(res.statusCode, 200, query);
        assert.deepEqual(cardSlugs(res.body), expected, query);
      }
      const english = await t.app.inject('/en/publications?language=en');
      assert.match(english.body, /14 publications/);
      assert.ok(!cardSlugs(english.body).includes('khmer-only-factsheet'));
      const infographics = await t.app.inject('/en/publications?year=2022');
      assert.equal(cardSlugs(infographics.body).length, BULK);
    });

    it('offers the years that have publications and marks the chosen filters', async () => {
      const res = await t.app.inject('/en/publications?year=2023&type=report');
      assert.match(res.body, /<option value="2024">2024<\/option><option value="2023" selected>2023<\/option><option value="2022">2022<\/option><\/select>/);
      assert.doesNotMatch(res.body, /value="2999"/);
      assert.match(res.body, /<option value="report" selected>Report<\/option>/);
      const km = await t.app.inject('/km/publications');
      assert.match(km.body, /<option value="2023">២០២៣<\/option>/);
    });

    it('offers a new year once content changes, and counts every match though the page shows a few', async () => {
      const before = await t.app.inject('/en/publications');
      assert.doesNotMatch(before.body, /<option value="2019">/);
      await createPublication(t.db, { slug: 'old-report-2019', type: 'report', publishedAt: '2019-02-01', translations: { en: { title: 'Report of 2019' } } });
      // The options are kept until content changes: an edit through the editor says so.
      assert.doesNotMatch((await t.app.inject('/en/publications')).body, /<option value="2019">/);
      t.app.contentChanged();
      const after = await t.app.inject('/en/publications?year=2019');
      assert.match(after.body, /<option value="2019" selected>2019<\/option>/);
      assert.match(after.body, /Report of 2019/);
      await t.db.deleteFrom('publicationTranslations').where('itemId', 'in', (eb) => eb.selectFrom('publications').select('id').where('slug', '=', 'old-report-2019')).execute();
      await t.db.deleteFrom('publications').where('slug', '=', 'old-report-2019').execute();
      t.app.contentChanged();
      assert.doesNotMatch((await t.app.inject('/en/publications')).body, /<option value="2019">/);
    });

    it('treats empty filter values from the form as no filter', async () => {
      const res = await t.app.inject('/en/publications?type=&topic=&year=&language=');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /15 publications/);
    });

    it('paginates, keeping the filters, and answers 404 beyond the last page', async () => {
      const first = await t.app.inject('/en/publications?language=en');
      assert.match(first.body, /<a rel="next" href="\/en\/publications\?language=en&amp;page=2">/);
      const second = await t.app.inject('/en/publications?language=en&page=2');
      assert.equal(second.statusCode, 200);
      assert.deepEqual(cardSlugs(second.body), ['bulk-2', 'bulk-1']);
      assert.match(second.body, /<a rel="prev" href="\/en\/publications\?language=en">/);
      const all2 = await t.app.inject('/en/publications?page=2');
      // The Khmer-only item comes after every English one on /en.
      assert.deepEqual(cardSlugs(all2.body), ['bulk-2', 'bulk-1', 'khmer-only-factsheet']);
      const km = await t.app.inject('/km/publications?page=2');
      assert.match(km.body, /ទំព័រ ២ នៃ ២/);
      assert.equal((await t.app.inject('/en/publications?page=3')).statusCode, 404);
      const beyond = await t.app.inject('/km/publications?type=statement&page=2');
      assert.equal(beyond.statusCode, 404);
      assert.match(beyond.body, /រកមិនឃើញទំព័រ/);
    });

    it('answers bad filters with the 400 page in the visitor language, never a 500', async () => {
      const bad = ['page=-1', 'page=abc', 'page=0', 'year=20x4', 'year=1800', 'type=%3Cscript%3E', 'topic=land%20rights', 'language=fr', 'type=report&type=letter'];
      for (const query of bad) {
        for (const [locale, title] of [['en', 'We could not read that request'], ['km', 'យើងមិនអាចអានសំណើនោះបានទេ']] as const) {
          const res = await t.app.inject(`/${locale}/publications?${query}`);
          assert.equal(res.statusCode, 400, `${locale} ${query}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}"`));
          assert.ok(res.body.includes(title), `${locale} ${query}`);
          assert.doesNotMatch(res.body, /ZodError|at .*\.ts:\d+|<script>/);
        }
      }
    });

    it('shows a publication with its downloads, topics, project, licence and JSON-LD', async () => {
      const res = await t.app.inject('/en/publications/land-report-2023');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<body class="publication">/);
      assert.match(res.body, /<article class="publication" lang="en">/);
      assert.match(res.body, /<h1>Land Conflicts in 2023<\/h1>/);
      assert.match(res.body, /<span class="badge">Report<\/span>/);
      assert.match(res.body, /<time datetime="2023-05-10">10 May 2023<\/time>/);
      assert.match(res.body, /<p>Findings on land.<\/p>/);
      const [enFile, kmFile] = landFiles;
      assert.ok(enFile && kmFile);
      assert.match(res.body, /<ul class="file-list">/);
      assert.ok(res.body.includes(`href="/files/${enFile.sha256}/land-report-2023-en.pdf" hreflang="en"`));
      assert.ok(res.body.includes(`href="/files/${kmFile.sha256}/land-report-2023-km.pdf" hreflang="km"`));
      assert.match(res.body, /Full document<\/a> <span class="file-list__meta">English version · 244 KB<\/span>/);
      assert.match(res.body, /Full report<\/a> <span class="file-list__meta">Khmer version · 2.3 MB<\/span>/);
      // The first document is offered again as a button under the title, before the text.
      const top = /<p class="publication__download"><a class="button" href="([^"]+)"[^>]*>[\s\S]*?Download: Full document<\/a>/.exec(res.body);
      assert.equal(top?.[1], `/files/${enFile.sha256}/land-report-2023-en.pdf`);
      assert.ok(res.body.indexOf('publication__download') < res.body.indexOf('<p>Findings on land.</p>'));
      assert.match(res.body, /href="\/en\/publications\?topic=land-rights">Land rights<\/a>/);
      assert.match(res.body, /href="\/en\/projects\/land-reform">Land Reform Project<\/a>/);
      assert.match(res.body, /rel="license"/);
      const ld = jsonLdOf(res.body);
      assert.equal(ld['@type'], 'Report');
      assert.equal(ld.name, 'Land Conflicts in 2023');
      assert.equal(ld.url, 'http://dove.test/en/publications/land-report-2023');
      assert.match(res.body, /hreflang="km"/);

      const km = await t.app.inject('/km/publications/land-report-2023');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<h1>ជម្លោះដីធ្លីឆ្នាំ២០២៣<\/h1>/);
      assert.match(km.body, /១០ ឧសភា ២០២៣/);
      assert.match(km.body, /២៤៤ គីឡូបៃ/);
      assert.match(km.body, /href="\/km\/publications\?topic=land-rights">សិទ្ធិដីធ្លី<\/a>/);
      // The project has no Khmer title: the English one stands in, marked as such.
      assert.match(km.body, /href="\/km\/projects\/land-reform" lang="en">Land Reform Project<\/a>/);
      assert.equal(jsonLdOf(km.body).inLanguage, 'km');
    });

    it('describes statements as creative works, not reports', async () => {
      const res = await t.app.inject('/en/publications/freedoms-statement');
      assert.equal(jsonLdOf(res.body)['@type'], 'CreativeWork');
      assert.doesNotMatch(res.body, /class="file-list"/);
    });

    it('shows a Khmer-only publication on /en in Khmer, with the notice and lang="km"', async () => {
      const res = await t.app.inject('/en/publications/khmer-only-factsheet');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en"/);
      assert.match(res.body, /<article class="publication" lang="km">/);
      assert.match(res.body, /<h1>សន្លឹកព័ត៌មានជាភាសាខ្មែរ<\/h1>/);
      assert.match(res.body, /not available in English/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/km\/publications\/khmer-only-factsheet"/);
      assert.match(res.body, /hreflang="km"/);
      assert.doesNotMatch(res.body, /hreflang="en"/);
      assert.equal(jsonLdOf(res.body).inLanguage, 'km');
    });

    it('never shows drafts or future-dated publications', async () => {
      for (const locale of ['en', 'km']) {
        const list = await t.app.inject(`/${locale}/publications?page=1`);
        assert.doesNotMatch(list.body, /draft-report|future-report|Secret draft|Not yet out/);
        assert.equal((await t.app.inject(`/${locale}/publications/draft-report`)).statusCode, 404);
        assert.equal((await t.app.inject(`/${locale}/publications/future-report`)).statusCode, 404);
      }
      assert.equal((await t.app.inject('/en/publications/Not%20A%20Slug')).statusCode, 404);
    });
  });
}

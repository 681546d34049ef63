import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../db/database.js';
import { createProject, createTestImage } from '../../../test/factories/projects.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

async function createPublication(db: Db, projectId: number, slug: string, title: string, status: 'draft' | 'published' = 'published') {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('publications')
    .values({ slug, status, publishedAt: '2024-07-19T02:00:00.000Z', type: 'report', projectId, coverFileId: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('publicationTranslations').values({ itemId: row.id, locale: 'en', title, summary: null, bodyHtml: '' }).execute();
}

for (const engine of testEngines()) {
  describe(`projects (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const cover = await createTestImage(t.db, { en: 'Villagers at a meeting', km: 'អ្នកភូមិនៅក្នុងកិច្ចប្រជុំ' });
      await createProject(t.db, {
        slug: 'land-reform',
        kind: 'current',
        sortOrder: 2,
        startedOn: '2019-03-01',
        coverFileId: cover,
        translations: {
          en: { title: 'Land Reform Project', summary: 'Securing land tenure.', bodyHtml: '<p>Land for communities.</p>' },
          km: { title: 'គម្រោងកំណែទម្រង់ដីធ្លី', summary: 'ធានាសិទ្ធិកាន់កាប់ដីធ្លី។' },
        },
      });
      await createProject(t.db, {
        slug: 'digital-rights',
        kind: 'current',
        sortOrder: 1,
        translations: { en: { title: 'Digital Rights Project' }, km: { title: 'គម្រោងសិទ្ធិឌីជីថល' } },
      });
      const trial = await createProject(t.db, {
        slug: 'trial-monitoring',
        kind: 'past',
        startedOn: '2009',
        endedOn: '2016-12-31',
        translations: { en: { title: 'Trial Monitoring Project' }, km: { title: 'គម្រោងតាមដានសវនាការ' } },
      });
      await createPublication(t.db, trial.id, 'fair-trial-report', 'Fair Trial Rights Report');
      await createPublication(t.db, trial.id, 'draft-report', 'Unfinished Draft', 'draft');
      await createProject(t.db, { slug: 'where-is-my-justice', kind: 'campaign', translations: { en: { title: 'Where is My Justice' } } });
      await createProject(t.db, { slug: 'khmer-only-project', kind: 'current', translations: { km: { title: 'គម្រោងតែភាសាខ្មែរ', bodyHtml: '<p>អត្ថបទ</p>' } } });
      await createProject(t.db, { slug: 'draft-project', kind: 'current', status: 'draft', translations: { en: { title: 'Secret Draft Project' } } });
    });
    after(() => t.close());

    it('lists current projects, past projects and campaigns in both languages', async () => {
      for (const locale of ['en', 'km']) {
        for (const path of ['/projects/current', '/projects/past', '/campaigns']) {
          const res = await t.app.inject(`/${locale}${path}`);
          assert.equal(res.statusCode, 200, `${locale}${path}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}"`));
        }
      }
      const past = await t.app.inject('/en/projects/past');
      assert.match(past.body, /Trial Monitoring Project/);
      assert.doesNotMatch(past.body, /Land Reform Project/);
      const campaigns = await t.app.inject('/en/campaigns');
      assert.match(campaigns.body, /href="\/en\/projects\/where-is-my-justice"/);
    });

    it('orders a list by the editors’ sort order and leaves drafts out', async () => {
      const res = await t.app.inject('/en/projects/current');
      const digital = res.body.indexOf('Digital Rights Project');
      const land = res.body.indexOf('Land Reform Project');
      assert.ok(digital > 0 && land > digital, 'sort order 1 comes before sort order 2');
      assert.doesNotMatch(res.body, /Secret Draft Project/);
    });

    it('shows a kind’s list whole, whatever the query string says (it has no pages)', async () => {
      const whole = await t.app.inject('/en/projects/current');
      for (const query of ['?page=2', '?page=abc', '?kind=past']) {
        const res = await t.app.inject(`/en/projects/current${query}`);
        assert.equal(res.statusCode, 200, query);
        assert.equal(res.body, whole.body, query);
      }
    });

    it('draws card covers lazily with sizes, and shows years and summaries', async () => {
      const res = await t.app.inject('/en/projects/current');
      assert.match(res.body, /<div class="card__media"><picture>/);
      assert.match(res.body, /sizes="\(min-width: 72rem\) 22rem/);
      assert.match(res.body, /loading="lazy"/);
      assert.match(res.body, /Since 2019/);
      assert.match(res.body, /Securing land tenure\./);
    });

    it('writes years in Khmer digits on /km', async () => {
      const res = await t.app.inject('/km/projects/past');
      assert.match(res.body, /២០០៩–២០១៦/);
      const current = await t.app.inject('/km/projects/current');
      assert.match(current.body, /ចាប់ពីឆ្នាំ ២០១៩/);
    });

    it('shows a project page with its kind, cover, body, licence and structured data', async () => {
      for (const locale of ['en', 'km']) {
        const res = await t.app.inject(`/${locale}/projects/land-reform`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, new RegExp(`<html lang="${locale}"`));
      }
      const res = await t.app.inject('/en/projects/land-reform');
      assert.match(res.body, /<h1>Land Reform Project<\/h1>/);
      assert.match(res.body, /href="\/en\/projects\/current">Current project<\/a>/);
      assert.match(res.body, /<p>Land for communities\.<\/p>/);
      assert.match(res.body, /<figure class="photo project__cover"><picture>/);
      assert.match(res.body, /loading="eager"/);
      assert.match(res.body, /alt="Villagers at a meeting"/);
      assert.match(res.body, /rel="license"/);
      const ld = /<script type="application\/ld\+json">([^<]*"CreativeWork"[^<]*)<\/script>/.exec(res.body);
      assert.ok(ld, 'CreativeWork JSON-LD is present');
      const data = JSON.parse(ld[1]!) as { name: string; url: string; license: string };
      assert.equal(data.name, 'Land Reform Project');
      assert.equal(data.url, 'http://dove.test/en/projects/land-reform');
      assert.equal(data.license, 'https://creativecommons.org/licenses/by/4.0/');
    });

    it('links the project’s public publications, not its drafts', async () => {
      const res = await t.app.inject('/en/projects/trial-monitoring');
      assert.match(res.body, /Publications from this project/);
      assert.match(res.body, /href="\/en\/publications\/fair-trial-report">Fair Trial Rights Report<\/a>/);
      assert.doesNotMatch(res.body, /Unfinished Draft/);
      const km = await t.app.inject('/km/projects/trial-monitoring');
      assert.match(km.body, /<li class="card" lang="en">/, 'an English-only publication keeps its lang on /km');
      assert.match(km.body, /១៩ កក្កដា ២០២៤/);
    });

    it('shows a one-language project in that language, marked, with its canonical', async () => {
      const res = await t.app.inject('/en/projects/khmer-only-project');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="project" lang="km"/);
      assert.match(res.body, /not available in English/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/km\/projects\/khmer-only-project"/);
      const list = await t.app.inject('/en/projects/current');
      assert.match(list.body, /<li class="card" lang="km">/);
    });

    it('answers 404 for drafts, unknown and malformed slugs', async () => {
      assert.equal((await t.app.inject('/en/projects/draft-project')).statusCode, 404);
      assert.equal((await t.app.inject('/km/projects/no-such-project')).statusCode, 404);
      const bad = await t.app.inject('/en/projects/Bad_Slug');
      assert.equal(bad.statusCode, 404);
      assert.match(bad.body, /<html lang="en"/);
    });
  });
}

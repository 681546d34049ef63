import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { todayIn } from '../../i18n/format.js';
import { createPage } from '../../../test/factories/pages.js';
import { createVacancy, dayFromToday } from '../../../test/factories/vacancies.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`vacancies (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createVacancy(t.db, {
        slug: 'project-officer',
        deadline: '2099-07-19',
        translations: {
          en: { title: 'Project Officer', summary: 'Coordinate our trainings.', location: 'Phnom Penh', bodyHtml: '<p>Send a CV.</p>' },
          km: { title: 'មន្ត្រីគម្រោង', location: 'ភ្នំពេញ' },
        },
      });
      await createVacancy(t.db, {
        slug: 'closes-today',
        deadline: todayIn(t.config.timeZone),
        translations: { en: { title: 'Closes Today Officer' } },
      });
      await createVacancy(t.db, {
        slug: 'expired-post',
        deadline: dayFromToday(-3),
        translations: { en: { title: 'Expired Post' }, km: { title: 'មុខតំណែងផុតកំណត់' } },
      });
      await createVacancy(t.db, { slug: 'khmer-only-post', deadline: '2099-01-01', translations: { km: { title: 'អ្នកបកប្រែ', location: 'សៀមរាប' } } });
      await createVacancy(t.db, { slug: 'draft-post', status: 'draft', translations: { en: { title: 'Draft Post' } } });
      await createPage(t.db, { slug: 'join-us', translations: { en: { title: 'Join Us', summary: 'Work with us.', bodyHtml: '<p>We recruit.</p>' } } });
    });
    after(() => t.close());

    it('serves Join Us and an open vacancy in each language', async () => {
      for (const locale of ['en', 'km']) {
        for (const path of ['/join-us', '/join-us/project-officer']) {
          const res = await t.app.inject(`/${locale}${path}`);
          assert.equal(res.statusCode, 200, `${locale}${path}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}"`));
        }
      }
    });

    it('lists open vacancies after the intro, soonest deadline first, with location, deadline and link', async () => {
      const res = await t.app.inject('/en/join-us');
      assert.match(res.body, /<p>We recruit\.<\/p>/);
      assert.match(res.body, /<a href="\/en\/join-us\/project-officer">Project Officer<\/a>/);
      assert.match(res.body, /<dd>Phnom Penh<\/dd>/);
      assert.match(res.body, /<time datetime="2099-07-19">19 July 2099<\/time>/);
      assert.ok(res.body.indexOf('Closes Today Officer') < res.body.indexOf('Project Officer'));
      assert.doesNotMatch(res.body, /Draft Post/);
    });

    it('shows the open vacancies whole, whatever the query string says (the list has no pages)', async () => {
      const res = await t.app.inject('/en/join-us?page=2');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<a href="\/en\/join-us\/project-officer">Project Officer<\/a>/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/en\/join-us"/);
    });

    it('keeps a vacancy listed on its deadline day and drops it afterwards', async () => {
      const res = await t.app.inject('/en/join-us');
      assert.match(res.body, /Closes Today Officer/);
      assert.doesNotMatch(res.body, /Expired Post/);
      const km = await t.app.inject('/km/join-us');
      assert.doesNotMatch(km.body, /មុខតំណែងផុតកំណត់/);
    });

    it('writes deadlines in Khmer digits and month names on /km', async () => {
      const res = await t.app.inject('/km/join-us');
      assert.match(res.body, /<time datetime="2099-07-19">១៩ កក្កដា ២០៩៩<\/time>/);
      const page = await t.app.inject('/km/join-us/project-officer');
      assert.match(page.body, /១៩ កក្កដា ២០៩៩/);
    });

    it('shows a Khmer-only vacancy on /en in Khmer with its lang', async () => {
      const list = await t.app.inject('/en/join-us');
      assert.match(list.body, /<li class="card vacancy-card" lang="km">/);
      const res = await t.app.inject('/en/join-us/khmer-only-post');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="vacancy" lang="km"/);
      assert.match(res.body, /not available in English/);
    });

    it('shows a vacancy with JobPosting structured data', async () => {
      const res = await t.app.inject('/en/join-us/project-officer');
      assert.match(res.body, /<h1>Project Officer<\/h1>/);
      assert.match(res.body, /<p>Send a CV\.<\/p>/);
      assert.match(res.body, /"@type":"JobPosting"/);
      assert.match(res.body, /"validThrough":"2099-07-19"/);
    });

    it('answers 410 Gone with a localized "vacancy closed" page after the deadline', async () => {
      const en = await t.app.inject('/en/join-us/expired-post');
      assert.equal(en.statusCode, 410);
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /This vacancy has closed/);
      assert.match(en.body, /<meta name="robots" content="noindex"/);
      assert.match(en.body, /href="\/en\/join-us"/);
      assert.doesNotMatch(en.body, /JobPosting/);
      const km = await t.app.inject('/km/join-us/expired-post');
      assert.equal(km.statusCode, 410);
      assert.match(km.body, /មុខតំណែងនេះបានបិទហើយ/);
    });

    it('answers 404 for drafts and unknown vacancies', async () => {
      assert.equal((await t.app.inject('/en/join-us/draft-post')).statusCode, 404);
      assert.equal((await t.app.inject('/km/join-us/no-such-post')).statusCode, 404);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPage } from '../../../test/factories/pages.js';
import { createPerson } from '../../../test/factories/people.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`people (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPerson(t.db, {
        group: 'staff',
        sortOrder: 2,
        translations: {
          en: { name: 'Sok Dara', role: 'Senior Researcher', bio: 'Writes our land reports.\n\nFormer journalist.' },
          km: { name: 'សុខ តារា', role: 'អ្នកស្រាវជ្រាវជាន់ខ្ពស់' },
        },
      });
      await createPerson(t.db, {
        group: 'staff',
        sortOrder: 1,
        translations: { en: { name: 'Chan Vanna', role: 'Executive Director' }, km: { name: 'ចាន់ វណ្ណា', role: 'នាយិកាប្រតិបត្តិ' } },
      });
      await createPerson(t.db, { group: 'board', translations: { en: { name: 'Board Member One', role: 'Chair of the Board' } } });
      await createPerson(t.db, { group: 'counselor', translations: { km: { name: 'ទីប្រឹក្សា មួយ', role: 'ទីប្រឹក្សា' } } });
      await createPerson(t.db, { group: 'staff', status: 'draft', translations: { en: { name: 'Hidden Person', role: 'Nobody' } } });
    });
    after(() => t.close());

    it('serves the people page in each language, with the URL locale on <html>', async () => {
      for (const locale of ['en', 'km']) {
        const res = await t.app.inject(`/${locale}/about/people`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, new RegExp(`<html lang="${locale}"`));
      }
    });

    it('shows staff, board and counselors as three lists, each person with name, role and bio', async () => {
      const res = await t.app.inject('/en/about/people');
      assert.equal(res.body.match(/<ul class="people-list">/g)?.length, 3);
      const staff = res.body.indexOf('<h2 id="people-staff">Staff</h2>');
      const board = res.body.indexOf('<h2 id="people-board">Board of Directors</h2>');
      const counselors = res.body.indexOf('<h2 id="people-counselor">Panel of Counselors</h2>');
      assert.ok(staff > 0 && board > staff && counselors > board);
      assert.ok(res.body.indexOf('Chan Vanna') < res.body.indexOf('Sok Dara'), 'staff in sort order');
      assert.match(res.body, /<p class="person__role">Senior Researcher<\/p>/);
      assert.match(res.body, /<p>Writes our land reports\.<\/p><p>Former journalist\.<\/p>/);
      assert.doesNotMatch(res.body, /Hidden Person/);
    });

    it('shows each person in the visitor’s language, and a one-language person with its lang', async () => {
      const km = await t.app.inject('/km/about/people');
      assert.match(km.body, /សុខ តារា/);
      assert.match(km.body, /<li class="person" lang="en"><h3 class="person__name">Board Member One<\/h3>/);
      const en = await t.app.inject('/en/about/people');
      assert.match(en.body, /<li class="person" lang="km"><h3 class="person__name">ទីប្រឹក្សា មួយ<\/h3>/);
    });

    it('opens with the about/people page text when editors have written one', async () => {
      const before = await t.app.inject('/en/about/people');
      assert.match(before.body, /<h1>Staff, Board &amp; Counselors<\/h1>/);
      await createPage(t.db, {
        slug: 'about/people',
        translations: { en: { title: 'Our People', summary: 'Who does the work.', bodyHtml: '<p>Meet the team.</p>' } },
      });
      t.app.contentChanged();
      const en = await t.app.inject('/en/about/people');
      assert.match(en.body, /<h1>Our People<\/h1>/);
      assert.match(en.body, /<p class="lead">Who does the work\.<\/p>/);
      assert.match(en.body, /<p>Meet the team\.<\/p>/);
      const km = await t.app.inject('/km/about/people');
      assert.match(km.body, /<h1>បុគ្គលិក ក្រុមប្រឹក្សាភិបាល និងទីប្រឹក្សា<\/h1>/, 'the heading stays Khmer');
      assert.match(km.body, /<p class="lead" lang="en">Who does the work\.<\/p>/);
    });
  });
}

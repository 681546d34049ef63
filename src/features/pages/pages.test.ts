import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPage } from '../../../test/factories/pages.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`pages (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPage(t.db, {
        slug: 'about/who-we-are',
        translations: { en: { title: 'Who We Are', bodyHtml: '<p>We defend rights.</p>' }, km: { title: 'យើងជានរណា' } },
      });
      await createPage(t.db, { slug: 'khmer-only', translations: { km: { title: 'តែភាសាខ្មែរ', bodyHtml: '<p>អត្ថបទ</p>' } } });
      await createPage(t.db, { slug: 'draft-page', status: 'draft' });
    });
    after(() => t.close());

    it('serves a page at its path in each language, with the URL locale on <html>', async () => {
      const en = await t.app.inject('/en/about/who-we-are');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /<h1>Who We Are<\/h1>/);
      const km = await t.app.inject('/km/about/who-we-are');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<html lang="km"/);
      assert.match(km.body, /យើងជានរណា/);
    });

    it('shows a one-language page in that language with a notice and its lang attribute', async () => {
      const res = await t.app.inject('/en/khmer-only');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="page" lang="km"/);
      assert.match(res.body, /not available in English/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/km\/khmer-only"/);
      assert.doesNotMatch(res.body, /hreflang="en"/);
    });

    it('answers 404 in the visitor language for drafts and unknown paths', async () => {
      const draft = await t.app.inject('/en/draft-page');
      assert.equal(draft.statusCode, 404);
      const km = await t.app.inject('/km/no/such/page');
      assert.equal(km.statusCode, 404);
      assert.match(km.body, /<html lang="km"/);
      assert.match(km.body, /រកមិនឃើញទំព័រ/);
    });

    it('lists the sub-pages of a section landing page from the main menu', async () => {
      await createPage(t.db, { slug: 'about', translations: { en: { title: 'About Us' } } });
      t.app.contentChanged();
      const res = await t.app.inject('/en/about');
      assert.match(res.body, /In this section/);
      assert.match(res.body, /href="\/en\/about\/who-we-are"/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPage } from '../../../test/factories/pages.js';
import { createProject } from '../../../test/factories/projects.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`follow us, contact and site map (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPage(t.db, {
        slug: 'follow-us',
        translations: {
          en: { title: 'Follow Us', summary: 'Keep up with our work.', bodyHtml: '<p>Choose a channel.</p>' },
          km: { title: 'តាមដានយើង', summary: 'តាមដានការងាររបស់យើង។' },
        },
      });
      await createPage(t.db, { slug: 'contact', translations: { en: { title: 'Contact Us', bodyHtml: '<p>Our office hours.</p>' } } });
      await createProject(t.db, { slug: 'digital-rights', kind: 'current', translations: { en: { title: 'Digital Rights Project' }, km: { title: 'គម្រោងសិទ្ធិឌីជីថល' } } });
      await createProject(t.db, { slug: 'acid-violence', kind: 'past', translations: { en: { title: 'Ending Acid Violence Project' } } });
      await createProject(t.db, { slug: 'justice-fund', kind: 'campaign', translations: { en: { title: '22/11 Justice Fund' } } });
      await createProject(t.db, { slug: 'hidden', kind: 'campaign', status: 'draft', translations: { en: { title: 'Hidden Campaign' } } });
    });
    after(() => t.close());

    it('serves each page in both languages with the URL locale on <html>', async () => {
      for (const locale of ['en', 'km']) {
        for (const path of ['/follow-us', '/contact', '/sitemap']) {
          const res = await t.app.inject(`/${locale}${path}`);
          assert.equal(res.statusCode, 200, `${locale}${path}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}"`));
        }
      }
    });

    it('follow us: the intro, the social links of the settings and every feed in every language', async () => {
      const res = await t.app.inject('/en/follow-us');
      assert.match(res.body, /<h1>Follow Us<\/h1>/);
      assert.match(res.body, /<p>Choose a channel\.<\/p>/);
      assert.match(res.body, /<a href="https:\/\/www.facebook.com\/example" rel="me noopener">Facebook<\/a>/);
      for (const locale of ['en', 'km']) {
        for (const feed of ['news.rss', 'news.atom', 'publications.rss', 'publications.atom']) {
          assert.match(res.body, new RegExp(`<a href="/${locale}/feeds/${feed.replace('.', '\\.')}"`), `${locale} ${feed}`);
        }
      }
      assert.match(res.body, /News in Khmer/);
      assert.match(res.body, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/en\/feeds\/news\.rss"/);
      const km = await t.app.inject('/km/follow-us');
      assert.match(km.body, /<h1>តាមដានយើង<\/h1>/);
      assert.match(km.body, /ព័ត៌មានជាភាសាអង់គ្លេស/);
    });

    it('contact: the intro, then the address, email and phone from the settings', async () => {
      const res = await t.app.inject('/en/contact');
      const main = /<main[\s\S]*<\/main>/.exec(res.body)?.[0] ?? '';
      assert.match(main, /<h1>Contact Us<\/h1>/);
      assert.match(main, /<address>1 Test Street<br\/>Phnom Penh<\/address>/);
      assert.match(main, /<a href="mailto:info@example.org">info@example.org<\/a>/);
      assert.match(main, /<a href="tel:\+85523000000">\+855 23 000 000<\/a>/);
      assert.match(main, /<p>Our office hours\.<\/p>/);
      // The contact form follows the details (src/features/contact).
      assert.match(main, /<form class="public-form" method="post" action="\/en\/contact"/);
      const km = await t.app.inject('/km/contact');
      assert.match(km.body, /<h1>ទំនាក់ទំនងយើង<\/h1>/);
      assert.match(km.body, /ផ្លូវសាកល្បងលេខ ១/);
      assert.match(km.body, /<div class="page-intro" lang="en">/, 'the English-only intro keeps its lang');
    });

    it('home leaves out the events section when no event is coming', async () => {
      const res = await t.app.inject('/en/');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /home-events/);
    });

    it('site map: the main menu as a nested list and every public project by kind', async () => {
      const res = await t.app.inject('/en/sitemap');
      const main = /<main[\s\S]*<\/main>/.exec(res.body)?.[0] ?? '';
      assert.match(main, /<a href="\/en\/about">About Us<\/a><ul class="menu-list"><li><a href="\/en\/about\/who-we-are">Who We Are<\/a>/);
      assert.match(main, /<a href="\/en\/projects\/current">Current Projects<\/a>/);
      assert.match(main, /<a href="\/en\/projects\/digital-rights">Digital Rights Project<\/a>/);
      assert.match(main, /<a href="\/en\/projects\/acid-violence">Ending Acid Violence Project<\/a>/);
      assert.match(main, /<a href="\/en\/projects\/justice-fund">22\/11 Justice Fund<\/a>/);
      assert.doesNotMatch(main, /Hidden Campaign/);
      const km = await t.app.inject('/km/sitemap');
      assert.match(km.body, /គម្រោងសិទ្ធិឌីជីថល/);
      assert.match(km.body, /<li lang="en"><a href="\/km\/projects\/acid-violence">/);
    });
  });
}

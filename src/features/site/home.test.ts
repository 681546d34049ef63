import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEvent, daysFromNow } from '../../../test/factories/events.js';
import { createNewsPost } from '../../../test/factories/news.js';
import { createOrganisation } from '../../../test/factories/organisations.js';
import { createProject, createTestImage } from '../../../test/factories/projects.js';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** The front page's weight limit: HTML and its stylesheet, brotli-compressed, in bytes. */
const HOME_BUDGET_BYTES = 35 * 1024;

const LONG_SUMMARY =
  'A detailed look at how communities, activists and journalists have been affected over the past year, ' +
  'with recommendations to the authorities and to development partners.';

for (const engine of testEngines()) {
  describe(`home page (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const cover = await createTestImage(t.db, { en: 'An illustration', km: 'រូបគំនូរ' });
      // Seven publications: the home page shows the newest six.
      for (let i = 1; i <= 7; i++) {
        await createPublication(t.db, {
          slug: `report-${i}`,
          publishedAt: `2024-07-${String(10 + i).padStart(2, '0')}T02:00:00.000Z`,
          coverFileId: cover,
          translations: {
            en: { title: `Human Rights Report Number ${i} on Freedom of Expression`, summary: LONG_SUMMARY },
            km: { title: `របាយការណ៍សិទ្ធិមនុស្សលេខ ${i}`, summary: 'សេចក្តីសង្ខេបនៃរបាយការណ៍។' },
          },
        });
      }
      for (let i = 1; i <= 5; i++) {
        const post = await createNewsPost(t.db, {
          slug: `statement-${i}`,
          publishedAt: `2024-06-0${i}T02:00:00.000Z`,
          translations: { en: { title: `Statement ${i} on the Arrest of Activists`, summary: LONG_SUMMARY } },
        });
        await t.db.updateTable('newsPosts').set({ coverFileId: cover }).where('id', '=', post.id).execute();
      }
      for (let i = 1; i <= 7; i++) {
        await createProject(t.db, {
          slug: `current-${i}`,
          kind: 'current',
          sortOrder: i,
          coverFileId: cover,
          translations: { en: { title: `Current Project ${i}`, summary: LONG_SUMMARY }, km: { title: `គម្រោងបច្ចុប្បន្ន ${i}` } },
        });
      }
      await createEvent(t.db, {
        slug: 'public-forum',
        startsAt: daysFromNow(10),
        coverFileId: cover,
        translations: { en: { title: 'Public Forum on Land Rights', location: 'Phnom Penh' }, km: { title: 'វេទិកាសាធារណៈស្តីពីសិទ្ធិដីធ្លី' } },
      });
      await createEvent(t.db, { slug: 'last-year-forum', startsAt: daysFromNow(-300), translations: { en: { title: 'Forum Long Past' } } });
      await createProject(t.db, { slug: 'old-one', kind: 'past', translations: { en: { title: 'Old Finished Project' } } });
      const logo = await createTestImage(t.db, { en: 'Logo of Second Donor' });
      await createOrganisation(t.db, { slug: 'third', inDonorsStrip: true, sortOrder: 3, url: 'https://third.example.org/', translations: { en: { name: 'Third Donor' } } });
      await createOrganisation(t.db, { slug: 'first', inDonorsStrip: true, sortOrder: 1, url: 'https://first.example.org/', translations: { en: { name: 'First Donor' } } });
      await createOrganisation(t.db, {
        slug: 'second',
        inDonorsStrip: true,
        sortOrder: 2,
        url: 'https://second.example.org/',
        logoFileId: logo,
        translations: { en: { name: 'Second Donor' } },
      });
      await createOrganisation(t.db, { slug: 'not-in-strip', sortOrder: 0, translations: { en: { name: 'Quiet Partner' } } });
    });
    after(() => t.close());

    it('serves the home page in each language with the URL locale on <html>', async () => {
      for (const path of ['/en/', '/km/', '/en']) {
        const res = await t.app.inject(path);
        assert.equal(res.statusCode, 200, path);
        assert.match(res.body, new RegExp(`<html lang="${path.slice(1, 3)}"`));
      }
    });

    it('welcomes with the organisation’s name, tagline and description, and describes it as an NGO', async () => {
      const res = await t.app.inject('/en/');
      assert.match(res.body, /<h1 id="home-title">Test Center for Human Rights<\/h1>/);
      assert.match(res.body, /<p class="lead">Rights for all<\/p>/);
      assert.match(res.body, /A test organisation\./);
      assert.match(res.body, /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"NGO"/);
      const km = await t.app.inject('/km/');
      assert.match(km.body, /សិទ្ធិសម្រាប់គ្រប់គ្នា/);
    });

    it('shows the six latest publications and four latest news, newest first', async () => {
      const res = await t.app.inject('/en/');
      assert.ok(res.body.indexOf('/en/publications/report-7"') < res.body.indexOf('/en/publications/report-6"'));
      assert.match(res.body, /\/en\/publications\/report-2"/);
      assert.doesNotMatch(res.body, /\/en\/publications\/report-1"/);
      assert.match(res.body, /\/en\/news\/statement-2"/);
      assert.doesNotMatch(res.body, /\/en\/news\/statement-1"/);
    });

    it('shows current projects only, in sort order', async () => {
      const res = await t.app.inject('/en/');
      assert.ok(res.body.indexOf('Current Project 1') < res.body.indexOf('Current Project 2'));
      assert.doesNotMatch(res.body, /Old Finished Project/);
      assert.match(res.body, /href="\/en\/projects\/current"/);
    });

    it('shows upcoming events, not past ones', async () => {
      const res = await t.app.inject('/en/');
      assert.match(res.body, /<h2 id="home-events">Upcoming events<\/h2>/);
      assert.match(res.body, /href="\/en\/events\/public-forum">Public Forum on Land Rights<\/a>/);
      assert.doesNotMatch(res.body, /Forum Long Past/);
    });

    it('writes dates in Khmer digits on /km and keeps the lang of English-only news', async () => {
      const res = await t.app.inject('/km/');
      assert.match(res.body, /១៧ កក្កដា ២០២៤/);
      assert.match(res.body, /<h3 class="card__title" lang="en"><a href="\/km\/news\/statement-5">/);
    });

    it('lists the donors strip in sort order, logo or wordmark, each linking to its site', async () => {
      const res = await t.app.inject('/en/');
      const strip = /<section class="donors"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      assert.match(strip, /Generously supported by/);
      const order = ['first.example.org', 'second.example.org', 'third.example.org'].map((h) => strip.indexOf(h));
      assert.ok(order.every((x) => x > 0) && order[0]! < order[1]! && order[1]! < order[2]!, `strip order ${order}`);
      assert.match(strip, /<a href="https:\/\/first.example.org\/" rel="noopener"><span class="donors-strip__wordmark">First Donor<\/span><\/a>/);
      assert.match(strip, /<picture class="donors-strip__logo">[\s\S]*alt="Logo of Second Donor"/);
      assert.doesNotMatch(strip, /Quiet Partner/);
    });

    it('loads every cover lazily, with sizes', async () => {
      const res = await t.app.inject('/en/');
      const imgs = res.body.match(/<img [^>]*>/g) ?? [];
      assert.ok(imgs.length >= 16, `found ${imgs.length} images`);
      for (const img of imgs) {
        assert.match(img, /loading="lazy"/);
        assert.match(img, /sizes="[^"]+"/);
      }
    });

    it('stays within its budget: at most 35 KB of compressed HTML, CSS and preloaded files, and no script', async () => {
      const page = await t.app.inject({ url: '/en/', headers: { 'accept-encoding': 'br' } });
      assert.equal(page.headers['content-encoding'], 'br');
      const html = (await t.app.inject('/en/')).body;
      const cssHref = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(html)?.[1];
      assert.ok(cssHref, 'the page links the site stylesheet');
      const css = await t.app.inject({ url: cssHref, headers: { 'accept-encoding': 'br' } });
      assert.equal(css.statusCode, 200);
      // Anything preloaded is fetched with the page: it counts against the budget too.
      let preloaded = 0;
      for (const [, href] of html.matchAll(/<link rel="preload" href="([^"]+)"/g)) {
        preloaded += (await t.app.inject({ url: href!, headers: { 'accept-encoding': 'br' } })).rawPayload.length;
      }
      const total = page.rawPayload.length + css.rawPayload.length + preloaded;
      assert.ok(total <= HOME_BUDGET_BYTES, `home page weighs ${total} bytes compressed`);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.equal(tag, '<script type="application/ld+json">');
    });
  });

  describe(`home page rendered on each request, its content kept (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { env: { PAGE_CACHE: 'off' } });
    });
    after(() => t.close());

    const home = async () => (await t.app.inject('/en/')).body;

    it('keeps its lists until content changes', async () => {
      await home();
      await createPublication(t.db, { slug: 'written-quietly', publishedAt: '2026-01-01T00:00:00.000Z', translations: { en: { title: 'Written Quietly' } } });
      assert.doesNotMatch(await home(), /written-quietly/, 'kept until a change is announced');
      t.app.contentChanged();
      assert.match(await home(), /\/en\/publications\/written-quietly"/);
    });

    it('shows an item whose publication time comes, and drops an event that ends, without an edit', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      await createPublication(t.db, { slug: 'due-soon', publishedAt: soon, translations: { en: { title: 'Due Soon' } } });
      await createEvent(t.db, { slug: 'ending-soon', startsAt: daysFromNow(-1), endsAt: soon, translations: { en: { title: 'Ending Soon' } } });
      t.app.contentChanged();
      const before = await home();
      assert.doesNotMatch(before, /due-soon/);
      assert.match(before, /\/en\/events\/ending-soon"/);
      await sleep(Date.parse(soon) - Date.now() + 20);
      const after = await home();
      assert.match(after, /\/en\/publications\/due-soon"/);
      assert.doesNotMatch(after, /ending-soon/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProject, createTestImage } from '../../../test/factories/projects.js';
import { createPublication } from '../../../test/factories/publications.js';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { DbOrTx } from '../../db/database.js';

/** A published public alert, written straight into the public tables (publishing is the alerts feature's test). */
async function insertAlert(db: DbOrTx, slug: string, title: Record<string, string>, publishedAt: string): Promise<void> {
  const row = await db
    .insertInto('hrdAlerts')
    .values({ slug, status: 'published', publishedAt, caseId: null, caseStatus: 'open', provinceId: null, districtId: null, withdrawnAt: null, createdBy: null, submissionKey: null, createdAt: publishedAt, updatedAt: publishedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [locale, text] of Object.entries(title)) {
    await db.insertInto('hrdAlertTranslations').values({ itemId: row.id, locale, title: text, summary: `${text}: what happened.` }).execute();
  }
}

for (const engine of testEngines()) {
  describe(`home page featured slot and alerts band (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    const choose = (agent: StaffAgent, featured: string) =>
      t.app.inject({ method: 'POST', url: '/admin/featured', ...form({ _csrf: agent.csrfToken, featured }), headers: { ...form({}).headers, cookie: agent.cookie } });

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      for (let i = 1; i <= 4; i++) {
        await insertAlert(t.db, `arrest-${i}`, { en: `Activist ${i} arrested`, km: `សកម្មជនទី ${i} ត្រូវបានចាប់ខ្លួន` }, `2026-0${i}-10T02:00:00.000Z`);
      }
      const cover = await createTestImage(t.db, { en: 'Marchers with banners', km: 'ក្បួនដង្ហែ' });
      await createPublication(t.db, { slug: 'land-report', coverFileId: cover, translations: { en: { title: 'Land Rights Report', summary: 'Evictions in 2025.' } } });
      await createProject(t.db, { slug: 'free-speech', kind: 'campaign', translations: { en: { title: 'Speak Freely Campaign' } } });
    });
    after(() => t.close());

    it('shows the three latest alerts on an alerts band, linking to all alerts and to the portal', async () => {
      const res = await t.app.inject('/en/');
      const band = /<section class="home-alerts"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      assert.match(band, /<h2 id="home-alerts">HRD alerts<\/h2>/);
      assert.ok(band.indexOf('/en/hrd-alerts/arrest-4"') > 0 && band.indexOf('/en/hrd-alerts/arrest-4"') < band.indexOf('/en/hrd-alerts/arrest-2"'));
      assert.doesNotMatch(band, /arrest-1"/);
      assert.match(band, /href="\/en\/hrd-alerts">All HRD alerts</);
      assert.match(band, /href="\/en\/human-rights-portal">/);
      const km = await t.app.inject('/km/');
      assert.match(km.body, /សកម្មជនទី ៤|សកម្មជនទី 4/);
    });

    it('opens with the welcome alone while nothing is featured', async () => {
      const res = await t.app.inject('/en/');
      assert.match(res.body, /<div class="home-hero">/);
      assert.doesNotMatch(res.body, /class="featured/);
    });

    it('offers editors the public alerts, campaigns and publications to feature', async () => {
      const res = await t.app.inject({ url: '/admin/featured', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<option value="alert:arrest-4">Activist 4 arrested<\/option>/);
      assert.match(res.body, /<option value="project:free-speech">Speak Freely Campaign<\/option>/);
      assert.match(res.body, /<option value="publication:land-report">Land Rights Report<\/option>/);
    });

    it('puts the alert an editor chose first on the home page, marked urgent, in both languages', async () => {
      const saved = await choose(editor, 'alert:arrest-2');
      assert.equal(saved.statusCode, 200);
      assert.match(saved.body, /The home page now shows your choice\./);
      const res = await t.app.inject('/en/');
      assert.match(res.body, /<article class="featured featured--urgent"/);
      assert.match(res.body, /<p class="featured__tag">Urgent alert<\/p>/);
      assert.match(res.body, /<a href="\/en\/hrd-alerts\/arrest-2">Activist 2 arrested<\/a>/);
      const km = await t.app.inject('/km/');
      assert.match(km.body, /ការជូនដំណឹងបន្ទាន់/);
    });

    it('features a publication with its cover loaded at once', async () => {
      await choose(editor, 'publication:land-report');
      const res = await t.app.inject('/en/');
      const featured = /<article class="featured"[\s\S]*?<\/article>/.exec(res.body)?.[0] ?? '';
      assert.match(featured, /New publication/);
      assert.match(featured, /<img [^>]*alt="Marchers with banners"[^>]*loading="eager"/);
      assert.match(featured, /href="\/en\/publications\/land-report"/);
    });

    it('refuses an item that is not public, in the editor’s language, and keeps the previous choice', async () => {
      const res = await choose(editor, 'alert:no-such-alert');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /no longer public/);
      const km = await signInAs(t, 'editor', { locale: 'km' });
      const kmRes = await choose(km, 'project:none');
      assert.equal(kmRes.statusCode, 400);
      assert.match(kmRes.body, /ធាតុនេះលែងជាសាធារណៈហើយ/);
      assert.match((await t.app.inject('/en/')).body, /publications\/land-report"/);
    });

    it('empties the slot when the editor chooses nothing', async () => {
      const res = await choose(editor, '');
      assert.match(res.body, /no longer features an item/);
      assert.doesNotMatch((await t.app.inject('/en/')).body, /class="featured/);
    });

    it('lets neither authors nor the public choose', async () => {
      const author = await signInAs(t, 'author');
      assert.equal((await choose(author, 'alert:arrest-1')).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/admin/featured', headers: { cookie: author.cookie } })).statusCode, 403);
      const anonymous = await t.app.inject({ method: 'POST', url: '/admin/featured', ...form({ featured: 'alert:arrest-1' }) });
      assert.notEqual(anonymous.statusCode, 200);
      assert.doesNotMatch((await t.app.inject('/en/')).body, /class="featured/);
    });
  });
}

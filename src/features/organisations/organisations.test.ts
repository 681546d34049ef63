import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganisation } from '../../../test/factories/organisations.js';
import { createPage } from '../../../test/factories/pages.js';
import { createTestImage } from '../../../test/factories/projects.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`organisations (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const logo = await createTestImage(t.db, { en: 'Logo of the Rights Fund' });
      await createOrganisation(t.db, {
        kind: 'donor',
        sortOrder: 2,
        url: 'https://rights-fund.example.org/',
        logoFileId: logo,
        translations: { en: { name: 'Rights Fund', description: 'Funds our trial monitoring.' }, km: { name: 'មូលនិធិសិទ្ធិ' } },
      });
      await createOrganisation(t.db, {
        kind: 'donor',
        sortOrder: 1,
        url: 'https://first-donor.example.org/',
        translations: { en: { name: 'First Donor' } },
      });
      await createOrganisation(t.db, {
        kind: 'partner',
        url: 'https://partner.example.org/',
        translations: { en: { name: 'Legal Aid Partner', description: 'Takes the cases we refer.' } },
      });
      await createOrganisation(t.db, { kind: 'partner', url: 'javascript:alert(1)', translations: { en: { name: 'Odd Link Partner' } } });
      await createOrganisation(t.db, { kind: 'donor', status: 'draft', translations: { en: { name: 'Unannounced Donor' } } });
      await createPage(t.db, {
        slug: 'about/donors-and-partners',
        translations: { en: { title: 'Donors & Partners', summary: 'Those who make our work possible.' } },
      });
    });
    after(() => t.close());

    it('serves the donors and partners page in each language', async () => {
      for (const locale of ['en', 'km']) {
        const res = await t.app.inject(`/${locale}/about/donors-and-partners`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, new RegExp(`<html lang="${locale}"`));
      }
    });

    it('lists donors then partners, in sort order, linked with rel="noopener" and described', async () => {
      const res = await t.app.inject('/en/about/donors-and-partners');
      assert.match(res.body, /<p class="lead">Those who make our work possible\.<\/p>/);
      const donors = res.body.indexOf('<h2 id="org-donor">Donors</h2>');
      const partners = res.body.indexOf('<h2 id="org-partner">Partners</h2>');
      assert.ok(donors > 0 && partners > donors);
      assert.ok(res.body.indexOf('First Donor') < res.body.indexOf('Rights Fund'));
      assert.match(res.body, /<a href="https:\/\/rights-fund.example.org\/" rel="noopener">Rights Fund<\/a>/);
      assert.match(res.body, /Funds our trial monitoring\./);
      assert.match(res.body, /Takes the cases we refer\./);
      assert.doesNotMatch(res.body, /Unannounced Donor/);
    });

    it('never links an address that is not http(s)', async () => {
      const res = await t.app.inject('/en/about/donors-and-partners');
      assert.match(res.body, /Odd Link Partner/);
      assert.doesNotMatch(res.body, /javascript:/);
    });

    it('shows an English-only organisation on /km with its lang', async () => {
      const res = await t.app.inject('/km/about/donors-and-partners');
      assert.match(res.body, /<li class="org" lang="en">/);
      assert.match(res.body, /មូលនិធិសិទ្ធិ/);
    });
  });
}

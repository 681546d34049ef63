import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPage } from '../../../test/factories/pages.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

const ONION = `${'a'.repeat(50)}234567.onion`;

for (const engine of testEngines()) {
  describe(`quick exit and onion service on the report and HRD support pages (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { env: { ONION_ADDRESS: ONION, QUICK_EXIT_URL: 'https://weather.example/today', QUICK_EXIT_PATHS: '/human-rights-defenders' } });
      await createPage(t.db, { slug: 'human-rights-defenders', translations: { en: { title: 'Human Rights Defenders' }, km: { title: 'អ្នកការពារសិទ្ធិមនុស្ស' } } });
      await createPage(t.db, { slug: 'about-us' });
    });
    after(() => t?.close());

    for (const path of ['/report', '/report/follow-up', '/human-rights-defenders']) {
      for (const locale of ['en', 'km']) {
        it(`${locale}${path}: the exit button, its script, the safe-browsing note, the onion link and header`, async () => {
          for (let attempt = 0; attempt < 2; attempt++) {
            // Twice: a page answered from the page cache keeps the header.
            const res = await t.app.inject(`/${locale}${path}`);
            assert.equal(res.statusCode, 200);
            assert.equal(res.headers['onion-location'], `http://${ONION}/${locale}${path}`);
            assert.match(res.body, /<a class="quick-exit__button" href="https:\/\/weather.example\/today" rel="noreferrer" data-quick-exit="true">/);
            assert.match(res.body, /<script src="\/assets\/quick-exit\.[\w-]+\.js" defer><\/script>/);
            assert.match(res.body, new RegExp(`<a href="http://${ONION}/${locale}${path}">`));
            assert.match(res.body, locale === 'km' ? /ចុចគ្រាប់ចុច Escape/ : /Press Escape or the Quick exit button/);
            // The HRD support pages lead to the secure report; the report's own pages do not offer it again.
            const offersReport = new RegExp(`<a class="quick-exit__report" href="/${locale}/report">`).test(res.body);
            assert.equal(offersReport, !path.startsWith('/report'), 'a link to the secure report');
          }
        });
      }
    }

    it('leaves other pages without a quick exit or a script (the onion address is on every page)', async () => {
      for (const url of ['/en/about-us', '/en/contact', '/km/']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['onion-location']), /^http:\/\/[a-z2-7]{56}\.onion\//, url);
        assert.doesNotMatch(res.body, /quick-exit|<script src=/, url);
      }
    });
  });
}

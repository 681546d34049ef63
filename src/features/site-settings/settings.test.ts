import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`site settings (${engine})`, () => {
    let t: TestContext;
    let admin: StaffAgent;
    const base = (csrf: string) => ({
      _csrf: csrf,
      name_en: 'Renamed Centre for Rights',
      name_km: 'មជ្ឈមណ្ឌលថ្មី',
      shortName_en: 'RCR',
      shortName_km: '',
      tagline_en: 'Rights for all',
      email: 'hello@example.org',
      phone: '+855 12 345 678',
      social_network_0: 'facebook',
      social_url_0: 'https://www.facebook.com/example',
      social_order_0: '2',
      social_network_1: 'youtube',
      social_url_1: 'https://www.youtube.com/@example',
      social_order_1: '1',
      logo: '',
    });
    before(async () => {
      t = await createTestApp(engine);
      admin = await signInAs(t, 'admin');
    });
    after(() => t.close());

    it('saves the settings, writes an audit row and shows the new name on the public site at once', async () => {
      const first = await t.app.inject('/en/');
      assert.match(first.body, /Test Center for Human Rights/);
      const res = await t.app.inject({ method: 'POST', url: '/admin/settings', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(base(admin.csrfToken)).toString() });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /The settings were saved/);
      const home = await t.app.inject('/en/');
      assert.match(home.body, /Renamed Centre for Rights/);
      assert.doesNotMatch(home.body, /Test Center for Human Rights/);
      assert.ok(home.body.indexOf('youtube.com') < home.body.indexOf('facebook.com'), 'social links follow the chosen order');
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'settings.update').where('actor', '=', `user:${admin.userId}`).execute();
      assert.equal(audit.length, 1);
    });

    it('keeps typed values and shows a message beside a bad field, storing nothing', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/settings',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...base(admin.csrfToken), name_en: 'Never Saved Name', email: 'not-an-email' }).toString(),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter an email address/);
      assert.match(res.body, /value="Never Saved Name"/);
      const home = await t.app.inject('/en/');
      assert.doesNotMatch(home.body, /Never Saved Name/);
    });

    it('refuses an author with 403 and an audit row', async () => {
      const author = await signInAs(t, 'author');
      const res = await t.app.inject({ method: 'POST', url: '/admin/settings', headers: { cookie: author.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...base(author.csrfToken), name_en: 'Hijacked' }).toString() });
      assert.equal(res.statusCode, 403);
      const denied = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'permission.denied').where('actor', '=', `user:${author.userId}`).execute();
      assert.equal(denied.length, 1);
      const home = await t.app.inject('/en/');
      assert.doesNotMatch(home.body, /Hijacked/);
    });

    it('refuses an editor the settings page', async () => {
      const editor = await signInAs(t, 'editor');
      const res = await t.app.inject({ url: '/admin/settings', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 403);
    });
  });
}

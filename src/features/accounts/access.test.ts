import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`deny by default and CSRF (${engine})`, () => {
    let t: TestContext;
    let changes = 0;
    before(async () => {
      t = await createTestApp(engine, {
        extraRoutes: (app) => {
          app.get('/admin/test-area', async (request) => ({ user: request.user?.email }));
          app.post('/admin/test-change', async () => {
            changes += 1;
            return { ok: true };
          });
          app.post('/test-public-form', { config: { public: true, csrf: 'same-origin' } }, async () => {
            changes += 1;
            return { ok: true };
          });
          app.post('/test-signed-link', { config: { public: true, csrf: 'signed-url' } }, async () => ({ ok: true }));
        },
      });
    });
    after(() => t.close());

    it('sends an anonymous visitor of a non-public page to the sign-in page', async () => {
      const res = await t.app.inject('/admin/test-area');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/sign-in?next=%2Fadmin%2Ftest-area');
    });

    it('lets a signed-in staff member in', async () => {
      const agent = await signInAs(t, 'author');
      const res = await t.app.inject({ url: '/admin/test-area', headers: { cookie: agent.cookie } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /@example.org/);
    });

    it('refuses a state change without a CSRF token, or with a wrong one, and changes nothing', async () => {
      const agent = await signInAs(t, 'admin');
      const before = changes;
      const missing = await t.app.inject({ method: 'POST', url: '/admin/test-change', headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
      assert.equal(missing.statusCode, 403);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/admin/test-change',
        headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: '_csrf=forged-token',
      });
      assert.equal(wrong.statusCode, 403);
      assert.equal(changes, before);
      assert.match(wrong.body, /not allowed/);
    });

    it('accepts a state change with a valid token', async () => {
      const agent = await signInAs(t, 'admin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/test-change',
        headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(agent.csrfToken)}`,
      });
      assert.equal(res.statusCode, 200);
    });

    it('refuses an expired session', async () => {
      const agent = await signInAs(t, 'editor');
      await t.db.updateTable('sessions').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).where('userId', '=', agent.userId).execute();
      const res = await t.app.inject({ url: '/admin/test-area', headers: { cookie: agent.cookie } });
      assert.equal(res.statusCode, 303);
      const left = await t.db.selectFrom('sessions').select('id').where('userId', '=', agent.userId).execute();
      assert.equal(left.length, 0);
    });

    it('refuses a session idle for too long', async () => {
      const agent = await signInAs(t, 'editor');
      await t.db.updateTable('sessions').set({ lastSeenAt: '2000-01-01T00:00:00.000Z' }).where('userId', '=', agent.userId).execute();
      const res = await t.app.inject({ url: '/admin/test-area', headers: { cookie: agent.cookie } });
      assert.equal(res.statusCode, 303);
    });

    it('accepts a public form sent from this site without a token, and refuses one from elsewhere', async () => {
      const post = (headers: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/test-public-form', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: 'a=1' });
      const before = changes;
      assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).statusCode, 200);
      assert.equal((await post({ origin: 'http://dove.test' })).statusCode, 200);
      assert.equal(changes, before + 2);
      assert.equal((await post({ 'sec-fetch-site': 'cross-site', origin: 'http://dove.test' })).statusCode, 403);
      assert.equal((await post({ origin: 'https://evil.example' })).statusCode, 403);
      assert.equal((await post({ origin: 'null' })).statusCode, 403);
      assert.equal((await post({})).statusCode, 403, 'a request that says nowhere where it comes from needs a token');
      assert.equal(changes, before + 2);
    });

    it('lets a route authorised by a signed URL take a POST with neither token nor origin', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/test-signed-link', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
    });

    it('keeps public pages free of session lookups', async () => {
      const res = await t.app.inject({ url: '/robots.txt', headers: { cookie: 'dove_session=whatever' } });
      assert.equal(res.statusCode, 200);
    });
  });
}

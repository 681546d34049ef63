import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookiesFrom, createUser, csrfFrom, TEST_PASSWORD } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, signInLimits } from './sign-in.service.js';

for (const engine of testEngines()) {
  describe(`sign-in (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    /** Opens the sign-in form (for the CSRF pair), then posts it. */
    async function signIn(email: string, password: string, opts: { cookie?: string; ip?: string; next?: string } = {}) {
      const page = await t.app.inject({ url: '/admin/sign-in', headers: opts.cookie ? { cookie: opts.cookie } : {} });
      const cookie = cookiesFrom(page, opts.cookie);
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/sign-in',
        remoteAddress: opts.ip ?? '203.0.113.1',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password, next: opts.next ?? '' }).toString(),
      });
      return { res, cookie: cookiesFrom(res, cookie) };
    }

    const audits = (action: string) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute();

    it('signs an editor in with a new session and lands on the dashboard (or a safe next)', async () => {
      const user = await createUser(t, { role: 'editor', email: 'ed@example.org' });
      const { res } = await signIn('ed@example.org', TEST_PASSWORD, { next: '/admin/account' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/account');
      const session = res.cookies.find((c) => c.name === 'dove_session');
      assert.ok(session?.httpOnly);
      assert.equal(session?.sameSite, 'Lax');
      const row = await t.db.selectFrom('sessions').selectAll().where('userId', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(row.twoFactorVerified, 1);
      assert.ok((await audits('sign-in')).some((a) => a.subjectId === String(user.id)));
      const offsite = await signIn('ed@example.org', TEST_PASSWORD, { next: '//evil.example/admin' });
      assert.equal(offsite.res.headers.location, '/admin');
      const publicPage = await signIn('ed@example.org', TEST_PASSWORD, { next: '/en/' });
      assert.equal(publicPage.res.headers.location, '/admin');
    });

    it('gives the same message for an unknown email and a wrong password, keeps the email, never the password', async () => {
      await createUser(t, { email: 'known@example.org' });
      const wrong = await signIn('known@example.org', 'not the right password', { ip: '203.0.113.2' });
      const unknown = await signIn('nobody@example.org', 'not the right password', { ip: '203.0.113.2' });
      assert.equal(wrong.res.statusCode, 401);
      assert.equal(unknown.res.statusCode, 401);
      const message = /The email address or the password is not correct\./;
      assert.match(wrong.res.body, message);
      assert.match(unknown.res.body, message);
      assert.match(unknown.res.body, /value="nobody@example.org"/);
      assert.doesNotMatch(unknown.res.body, /not the right password/);
      const attempts = await t.db.selectFrom('signInAttempts').selectAll().where('ip', '=', '203.0.113.2').execute();
      assert.equal(attempts.length, 2);
      assert.ok(attempts.every((a) => a.succeeded === 0));
      assert.equal((await audits('sign-in.failed')).length >= 2, true);
    });

    it('locks an account after repeated failures, even for the right password, and audits it', async () => {
      const user = await createUser(t, { email: 'lock@example.org' });
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) await signIn('lock@example.org', 'wrong password here', { ip: '203.0.113.3' });
      const row = await t.db.selectFrom('users').select('lockedUntil').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(row.lockedUntil && row.lockedUntil > new Date().toISOString());
      const locked = await signIn('lock@example.org', TEST_PASSWORD, { ip: '203.0.113.4' });
      assert.equal(locked.res.statusCode, 401);
      assert.match(locked.res.body, /Too many failed attempts for this account/);
      assert.equal(locked.res.cookies.some((c) => c.name === 'dove_session'), false);
      const lockAudits = (await audits('user.locked')).filter((a) => a.subjectId === String(user.id));
      assert.equal(lockAudits.length, 1);
      // An unknown address is answered the same way once it had as many failures.
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) await signIn('ghost@example.org', 'wrong password here', { ip: '203.0.113.5' });
      const ghost = await signIn('ghost@example.org', 'wrong password here', { ip: '203.0.113.6' });
      assert.match(ghost.res.body, /Too many failed attempts for this account/);
    });

    it('checks simultaneous wrong passwords for one account at most as often as the lockout allows', async () => {
      const user = await createUser(t, { email: 'race@example.org' });
      const tries = await Promise.all(Array.from({ length: 24 }, (_, i) => signIn('race@example.org', 'wrong password here', { ip: `203.0.113.${100 + i}` })));
      assert.ok(tries.every((r) => r.res.statusCode === 401));
      const checked = await t.db.selectFrom('signInAttempts').select('id').where('email', '=', 'race@example.org').execute();
      assert.equal(checked.length, MAX_FAILURES_PER_ACCOUNT);
      const lockAudits = (await audits('user.locked')).filter((a) => a.subjectId === String(user.id));
      assert.equal(lockAudits.length, 1);
    });

    it('refuses an address with too many failures, with a clear message', async () => {
      // As many failures as the address may have, counted where every server counts them.
      assert.equal((await signInLimits(t.app.rateLimits).address.take('198.51.100.9', MAX_FAILURES_PER_ADDRESS)).ok, true);
      await createUser(t, { email: 'fine@example.org' });
      const refused = await signIn('fine@example.org', TEST_PASSWORD, { ip: '198.51.100.9' });
      assert.equal(refused.res.statusCode, 429);
      assert.match(refused.res.body, /Too many failed sign-ins from your network/);
      const elsewhere = await signIn('fine@example.org', TEST_PASSWORD, { ip: '198.51.100.10' });
      assert.equal(elsewhere.res.statusCode, 303);
    });

    it('never reuses a session token the browser presented before signing in', async () => {
      const user = await createUser(t, { email: 'fix@example.org' });
      const first = await signIn('fix@example.org', TEST_PASSWORD, { ip: '203.0.113.7' });
      const oldToken = first.res.cookies.find((c) => c.name === 'dove_session')!.value;
      const planted = `dove_session=${oldToken}`;
      const second = await signIn('fix@example.org', TEST_PASSWORD, { ip: '203.0.113.7', cookie: planted });
      const newToken = second.res.cookies.find((c) => c.name === 'dove_session')!.value;
      assert.notEqual(newToken, oldToken);
      const old = await t.app.inject({ url: '/admin/account', headers: { cookie: `dove_session=${oldToken}` } });
      assert.equal(old.statusCode, 303);
      assert.match(String(old.headers.location), /^\/admin\/sign-in/);
      const fresh = await t.app.inject({ url: '/admin/account', headers: { cookie: `dove_session=${newToken}` } });
      assert.equal(fresh.statusCode, 200);
      const sessions = await t.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
      assert.equal(sessions.length, 1);
    });

    it('signs out with a CSRF token and ends the session', async () => {
      await createUser(t, { email: 'out@example.org' });
      const { cookie } = await signIn('out@example.org', TEST_PASSWORD, { ip: '203.0.113.8' });
      const account = await t.app.inject({ url: '/admin/account', headers: { cookie } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/sign-out',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrfFrom(account.body))}`,
      });
      assert.equal(res.statusCode, 303);
      const after = await t.app.inject({ url: '/admin/account', headers: { cookie } });
      assert.equal(after.statusCode, 303);
    });
  });
}

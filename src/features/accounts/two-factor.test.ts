import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { cookiesFrom, createUser, csrfFrom, TEST_PASSWORD } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { MAX_FAILURES_PER_ACCOUNT } from './sign-in.service.js';

for (const engine of testEngines()) {
  describe(`two-step verification and setup (${engine})`, () => {
    let t: TestContext;
    let empty: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      empty = await createTestApp(engine, { contentDir: false });
    });
    after(async () => {
      await t.close();
      await empty.close();
    });

    async function post(ctx: TestContext, url: string, cookie: string, fields: Record<string, string>) {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      return { res, cookie: cookiesFrom(res, cookie) };
    }

    async function signIn(ctx: TestContext, email: string, password = TEST_PASSWORD) {
      const page = await ctx.app.inject('/admin/sign-in');
      return post(ctx, '/admin/sign-in', cookiesFrom(page), { _csrf: csrfFrom(page.body), email, password });
    }

    /** Enrols from the enrolment page: reads the key, answers with a computed code. */
    async function enrol(ctx: TestContext, cookie: string) {
      const page = await ctx.app.inject({ url: '/admin/account/two-factor', headers: { cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<img class="qr-code" src="data:image\/svg\+xml;base64,/);
      const secret = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
      const code = new OTPAuth.TOTP({ secret }).generate();
      const done = await post(ctx, '/admin/account/two-factor', cookiesFrom(page, cookie), { _csrf: csrfFrom(page.body), code });
      assert.equal(done.res.statusCode, 200);
      const codes = [...done.res.body.matchAll(/<li><code>([0-9a-f-]{23})<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(codes.length, 10);
      return { secret, codes, cookie: done.cookie };
    }

    it('forces an admin without a second factor to enrol before anything else, then lets them in', async () => {
      const admin = await createUser(t, { role: 'admin', email: 'boss@example.org' });
      const { res, cookie } = await signIn(t, 'boss@example.org');
      assert.equal(res.headers.location, '/admin/sign-in/two-factor?next=%2Fadmin');
      const dashboard = await t.app.inject({ url: '/admin', headers: { cookie } });
      assert.equal(dashboard.headers.location, '/admin/sign-in/two-factor');
      const step = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie } });
      assert.equal(step.headers.location, '/admin/account/two-factor');
      const enrolled = await enrol(t, cookie);
      const row = await t.db.selectFrom('users').selectAll().where('id', '=', admin.id).executeTakeFirstOrThrow();
      assert.ok(row.totpEnabledAt);
      const hashes = await t.db.selectFrom('recoveryCodes').select('codeHash').where('userId', '=', admin.id).execute();
      assert.equal(hashes.length, 10);
      assert.ok(hashes.every((h) => !enrolled.codes.some((c) => h.codeHash.includes(c))));
      const now = await t.app.inject({ url: '/admin', headers: { cookie: enrolled.cookie } });
      assert.equal(now.statusCode, 200);
    });

    it('asks an enrolled user for a code, accepts a fresh one once, and refuses the same code again', async () => {
      await createUser(t, { role: 'monitor', email: 'mon@example.org' });
      const first = await signIn(t, 'mon@example.org');
      const { secret } = await enrol(t, first.cookie);
      const again = await signIn(t, 'mon@example.org');
      const page = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie: again.cookie } });
      assert.equal(page.statusCode, 200);
      const wrong = await post(t, '/admin/sign-in/two-factor', cookiesFrom(page, again.cookie), { _csrf: csrfFrom(page.body), code: '000000', next: '/admin' });
      assert.equal(wrong.res.statusCode, 401);
      assert.match(wrong.res.body, /This code is not valid/);
      // The enrolment used the current step: a code of the next step is fresh.
      const code = new OTPAuth.TOTP({ secret }).generate({ timestamp: Date.now() + 30_000 });
      const ok = await post(t, '/admin/sign-in/two-factor', wrong.cookie, { _csrf: csrfFrom(wrong.res.body), code, next: '/admin/account' });
      assert.equal(ok.res.statusCode, 303);
      assert.equal(ok.res.headers.location, '/admin/account');
      assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: ok.cookie } })).statusCode, 200);
      const third = await signIn(t, 'mon@example.org');
      const page3 = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie: third.cookie } });
      const reused = await post(t, '/admin/sign-in/two-factor', cookiesFrom(page3, third.cookie), { _csrf: csrfFrom(page3.body), code });
      assert.equal(reused.res.statusCode, 401);
    });

    it('accepts a recovery code once', async () => {
      await createUser(t, { role: 'editor', email: 'rec@example.org' });
      const first = await signIn(t, 'rec@example.org');
      assert.equal(first.res.headers.location, '/admin');
      const { codes } = await enrol(t, first.cookie);
      for (const expected of [303, 401]) {
        const s = await signIn(t, 'rec@example.org');
        assert.match(String(s.res.headers.location), /two-factor/);
        const page = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie: s.cookie } });
        const res = await post(t, '/admin/sign-in/two-factor', cookiesFrom(page, s.cookie), { _csrf: csrfFrom(page.body), code: codes[0]!.toUpperCase() });
        assert.equal(res.res.statusCode, expected);
      }
    });

    it('locks an account after repeated wrong codes, even when the password is entered again between them', async () => {
      const user = await createUser(t, { role: 'editor', email: 'guess@example.org' });
      const first = await signIn(t, 'guess@example.org');
      await enrol(t, first.cookie);
      let wrongCodes = 0;
      for (let round = 0; round < 3; round += 1) {
        const s = await signIn(t, 'guess@example.org');
        if (s.res.statusCode !== 303) break;
        let cookie = s.cookie;
        for (let i = 0; i < 4; i += 1) {
          const page = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie } });
          if (page.statusCode !== 200) break;
          const res = await post(t, '/admin/sign-in/two-factor', cookiesFrom(page, cookie), { _csrf: csrfFrom(page.body), code: '000000' });
          wrongCodes += 1;
          cookie = res.cookie;
        }
      }
      // The fifth wrong code locks the account; the password alone never reset the count.
      assert.equal(wrongCodes, MAX_FAILURES_PER_ACCOUNT);
      const row = await t.db.selectFrom('users').select('lockedUntil').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(row.lockedUntil && row.lockedUntil > new Date().toISOString());
      assert.equal((await signIn(t, 'guess@example.org')).res.statusCode, 401);
    });

    it('shows the setup page only while no account exists, and sends the first admin to enrol', async () => {
      const page = await empty.app.inject('/admin/setup');
      assert.equal(page.statusCode, 200);
      const cookie = cookiesFrom(page);
      const weak = await post(empty, '/admin/setup', cookie, { _csrf: csrfFrom(page.body), name: 'First', email: 'first@example.org', password: 'password1234', password2: 'password1234' });
      assert.equal(weak.res.statusCode, 400);
      assert.match(weak.res.body, /one of the most common/);
      assert.match(weak.res.body, /value="first@example.org"/);
      assert.doesNotMatch(weak.res.body, /password1234/);
      const strong = 'a long and unusual passphrase';
      const ok = await post(empty, '/admin/setup', weak.cookie, { _csrf: csrfFrom(weak.res.body), name: 'First', email: 'first@example.org', password: strong, password2: strong });
      assert.equal(ok.res.statusCode, 303);
      assert.equal(ok.res.headers.location, '/admin/account/two-factor');
      const user = await empty.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.equal(user.role, 'admin');
      assert.equal((await empty.app.inject('/admin/setup')).statusCode, 404);
      const late = await post(empty, '/admin/setup', ok.cookie, { _csrf: csrfFrom(weak.res.body), name: 'Second', email: 'second@example.org', password: strong, password2: strong });
      assert.equal(late.res.statusCode, 404);
      assert.equal((await empty.app.inject({ url: '/admin', headers: { cookie: ok.cookie } })).headers.location, '/admin/sign-in/two-factor');
    });
  });
}

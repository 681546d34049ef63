import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { cookiesFrom, createUser, csrfFrom, signInAs, TEST_PASSWORD } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { createVault, generateKeyBase64, keyFromBase64, loadKeyEncryptionKey } from '../../crypto/envelope.js';
import { checkEncryptionKey } from '../hrd-cases/key-check.js';
import { rotateEncryptionKey } from '../hrd-cases/key-rotation.js';
import { TOTP_SECRET_CONTEXT } from './totp-secret.js';
import { newTotpSecret } from './two-factor.js';
import { sealClearTotpSecrets } from './users.repository.js';

for (const engine of testEngines()) {
  describe(`TOTP secrets are sealed at rest (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
    });
    after(() => t.close());

    const storedSecret = async (id: number) => (await t.db.selectFrom('users').select('totpSecret').where('id', '=', id).executeTakeFirstOrThrow()).totpSecret;

    /** Password, then a fresh code for the secret: the status of the second step. */
    async function signInWithCode(email: string, secret: string): Promise<number> {
      const page = await t.app.inject('/admin/sign-in');
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const first = await t.app.inject({ method: 'POST', url: '/admin/sign-in', headers: { cookie: cookiesFrom(page), ...form }, payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password: TEST_PASSWORD }).toString() });
      const cookie = cookiesFrom(first, cookiesFrom(page));
      const step = await t.app.inject({ url: '/admin/sign-in/two-factor', headers: { cookie } });
      const code = new OTPAuth.TOTP({ secret }).generate();
      const res = await t.app.inject({ method: 'POST', url: '/admin/sign-in/two-factor', headers: { cookie: cookiesFrom(step, cookie), ...form }, payload: new URLSearchParams({ _csrf: csrfFrom(step.body), code }).toString() });
      return res.statusCode;
    }

    async function enrolledWithClearSecret(email: string) {
      const user = await createUser(t, { email });
      const secret = newTotpSecret();
      await t.db.updateTable('users').set({ totpSecret: secret, totpEnabledAt: new Date().toISOString() }).where('id', '=', user.id).execute();
      return { user, secret };
    }

    it('stores a new secret sealed, never the secret shown for enrolment', async () => {
      const agent = await signInAs(t, 'editor');
      const page = await t.app.inject({ url: '/admin/account/two-factor', headers: { cookie: agent.cookie } });
      const shown = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
      const stored = (await storedSecret(agent.userId))!;
      assert.match(stored, /^dv1\./);
      assert.ok(!stored.includes(shown));
      assert.equal(t.app.vault.open(stored, TOTP_SECRET_CONTEXT), shown);
      // Shown again, the page keeps the same secret.
      const again = await t.app.inject({ url: '/admin/account/two-factor', headers: { cookie: agent.cookie } });
      assert.ok(again.body.includes(shown.slice(0, 4)));
    });

    it('still accepts a clear secret from before sealing, and seals it once at start', async () => {
      const { user, secret } = await enrolledWithClearSecret('legacy@example.org');
      assert.equal((await checkEncryptionKey(t.db, t.config)).ok, true, 'a clear secret does not fail the key check');
      assert.equal(await signInWithCode('legacy@example.org', secret), 303);
      assert.equal(await sealClearTotpSecrets(t.db, () => t.app.vault), 1);
      assert.equal(await sealClearTotpSecrets(t.db, () => t.app.vault), 0);
      const stored = (await storedSecret(user.id))!;
      assert.match(stored, /^dv1\./);
      assert.equal(t.app.vault.open(stored, TOTP_SECRET_CONTEXT), secret);
      const check = await checkEncryptionKey(t.db, t.config);
      assert.deepEqual(check, { ok: true, state: 'opens' });
      // A later step than the one just used: the code of the next period.
      await t.db.updateTable('users').set({ totpLastStep: null }).where('id', '=', user.id).execute();
      assert.equal(await signInWithCode('legacy@example.org', secret), 303);
    });

    it('re-seals secrets, clear ones included, under the new key when the key is rotated', async () => {
      const sealedUser = await enrolledWithClearSecret('sealed@example.org');
      await sealClearTotpSecrets(t.db, () => t.app.vault);
      const clearUser = await enrolledWithClearSecret('clear@example.org');
      const from = loadKeyEncryptionKey(t.config.encryptionKey, t.config.dataDir);
      const to = keyFromBase64(generateKeyBase64());
      await rotateEncryptionKey(t.db, { storage: t.app.storage, from, to, actor: 'test' });
      for (const { user, secret } of [sealedUser, clearUser]) {
        const stored = (await storedSecret(user.id))!;
        assert.equal(stored.split('.')[1], to.id);
        assert.equal(createVault(to).open(stored, TOTP_SECRET_CONTEXT), secret);
        assert.throws(() => createVault(from).open(stored, TOTP_SECRET_CONTEXT));
      }
    });
  });
}

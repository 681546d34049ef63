import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { can as canAudit } from '../audit/audit.policy.js';
import { can } from './accounts.policy.js';
import { createSession } from './sessions.repository.js';
import type { Role } from './roles.js';

const SELF = 1;
const OTHER = 2;
/** Every role and action of the accounts and audit policies: true where allowed. */
const MATRIX: Array<[string, (role: Role) => boolean, Record<Role, boolean>]> = [
  ['users.list', (r) => can({ id: SELF, role: r }, 'users.list'), { admin: true, editor: false, author: false, monitor: false, fund_manager: false }],
  ['users.create', (r) => can({ id: SELF, role: r }, 'users.create'), { admin: true, editor: false, author: false, monitor: false, fund_manager: false }],
  ['users.changeRole (other)', (r) => can({ id: SELF, role: r }, 'users.changeRole', { id: OTHER }), { admin: true, editor: false, author: false, monitor: false, fund_manager: false }],
  ['users.changeRole (self)', (r) => can({ id: SELF, role: r }, 'users.changeRole', { id: SELF }), { admin: false, editor: false, author: false, monitor: false, fund_manager: false }],
  ['users.disable (other)', (r) => can({ id: SELF, role: r }, 'users.disable', { id: OTHER }), { admin: true, editor: false, author: false, monitor: false, fund_manager: false }],
  ['users.disable (self)', (r) => can({ id: SELF, role: r }, 'users.disable', { id: SELF }), { admin: false, editor: false, author: false, monitor: false, fund_manager: false }],
  ['account.edit', (r) => can({ id: SELF, role: r }, 'account.edit'), { admin: true, editor: true, author: true, monitor: true, fund_manager: true }],
  ['twoFactor.disable', (r) => can({ id: SELF, role: r }, 'twoFactor.disable'), { admin: false, editor: true, author: true, monitor: false, fund_manager: false }],
  ['audit.view', (r) => canAudit({ role: r }, 'audit.view'), { admin: true, editor: false, author: false, monitor: false, fund_manager: false }],
];

describe('accounts and audit permission matrix', () => {
  for (const [action, check, expected] of MATRIX) {
    for (const role of Object.keys(expected) as Role[]) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(check(role), expected[role]);
      });
    }
  }
  it('denies everything to nobody', () => {
    assert.equal(can(null, 'account.edit'), false);
    assert.equal(canAudit(null, 'audit.view'), false);
  });
});

for (const engine of testEngines()) {
  describe(`own account and users admin (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    const post = (url: string, cookie: string, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    const times = () => ({ idleMinutes: t.config.sessionIdleMinutes, maxHours: t.config.sessionMaxHours });

    it('changes the password only with the current one and a good new one, and ends the other sessions', async () => {
      const me = await signInAs(t, 'author');
      await createSession(t.db, me.userId, { ip: '10.0.0.2', userAgent: 'phone', twoFactorVerified: true }, times());
      const page = await t.app.inject({ url: '/admin/account', headers: { cookie: me.cookie } });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /phone/);
      const wrong = await post('/admin/account/password', me.cookie, { _csrf: me.csrfToken, current: 'nope', password: 'short', password2: 'short' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /This is not your current password/);
      assert.match(wrong.body, /Use at least 12 characters/);
      const next = 'another fine long passphrase';
      const ok = await post('/admin/account/password', me.cookie, { _csrf: me.csrfToken, current: 'correct horse battery staple 42', password: next, password2: next });
      assert.equal(ok.statusCode, 303);
      const left = await t.db.selectFrom('sessions').select('ip').where('userId', '=', me.userId).execute();
      assert.deepEqual(left.map((s) => s.ip), ['127.0.0.1']);
    });

    it('switches the admin language to Khmer', async () => {
      const me = await signInAs(t, 'editor');
      assert.equal((await post('/admin/account/language', me.cookie, { _csrf: me.csrfToken, locale: 'km' })).statusCode, 303);
      const page = await t.app.inject({ url: '/admin/account', headers: { cookie: me.cookie } });
      assert.match(page.body, /<html lang="km"/);
      assert.match(page.body, /ប្ដូរពាក្យសម្ងាត់/);
    });

    it('does not let an admin turn off two-step verification', async () => {
      const admin = await signInAs(t, 'admin');
      const res = await post('/admin/account/two-factor/disable', admin.cookie, { _csrf: admin.csrfToken, current: 'correct horse battery staple 42' });
      assert.equal(res.statusCode, 403);
    });

    it('lets an admin create a user, change a role, and disable an account (ending its sessions)', async () => {
      const admin = await signInAs(t, 'admin');
      const list = await t.app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
      assert.equal(list.statusCode, 200);
      const bad = await post('/admin/users/new', admin.cookie, { _csrf: admin.csrfToken, name: 'New', email: 'not-an-email', role: 'author', password: 'x' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value="New"/);
      const created = await post('/admin/users/new', admin.cookie, { _csrf: admin.csrfToken, name: 'New Person', email: 'new@example.org', role: 'author', password: 'temporary but long enough' });
      assert.equal(created.statusCode, 303);
      const user = await t.db.selectFrom('users').selectAll().where('email', '=', 'new@example.org').executeTakeFirstOrThrow();
      assert.equal(user.role, 'author');
      assert.equal((await post(`/admin/users/${user.id}/role`, admin.cookie, { _csrf: admin.csrfToken, role: 'editor' })).statusCode, 303);
      await createSession(t.db, user.id, { ip: null, userAgent: null, twoFactorVerified: true }, times());
      assert.equal((await post(`/admin/users/${user.id}/disable`, admin.cookie, { _csrf: admin.csrfToken })).statusCode, 303);
      const after = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(after.role, 'editor');
      assert.ok(after.disabledAt);
      assert.equal((await t.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute()).length, 0);
      const actions = (await t.db.selectFrom('auditLog').select('action').where('subjectId', '=', String(user.id)).execute()).map((a) => a.action);
      assert.deepEqual(actions.sort(), ['user.create', 'user.disable', 'user.role']);
    });

    it('refuses the users admin to an editor and records the refusal', async () => {
      const editor = await signInAs(t, 'editor');
      assert.equal((await t.app.inject({ url: '/admin/users', headers: { cookie: editor.cookie } })).statusCode, 403);
      const res = await post('/admin/users/new', editor.cookie, { _csrf: editor.csrfToken, name: 'X', email: 'x@example.org', role: 'admin', password: 'temporary but long enough' });
      assert.equal(res.statusCode, 403);
      assert.equal(await t.db.selectFrom('users').select('id').where('email', '=', 'x@example.org').executeTakeFirst(), undefined);
      const denied = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'permission.denied').where('actor', '=', `user:${editor.userId}`).execute();
      assert.equal(denied.length, 2);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPage } from '../../../test/factories/pages.js';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { writeAudit } from './audit.repository.js';

for (const engine of testEngines()) {
  describe(`audit log and dashboard (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await createPage(t.db, { slug: 'work-in-progress', status: 'draft' });
      await writeAudit(t.db, { actor: 'user:999', action: 'page.update', subjectType: 'page', subjectId: '7', before: { title: '<b>old</b>' }, after: { title: 'new' } });
    });
    after(() => t.close());

    it('shows admins the log with before and after, escaped, and filters it', async () => {
      const admin = await signInAs(t, 'admin');
      const res = await t.app.inject({ url: '/admin/audit?type=page', headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /&lt;b>old&lt;\/b>|&lt;b&gt;old&lt;\/b&gt;/);
      assert.doesNotMatch(res.body, /<b>old<\/b>/);
      assert.match(res.body, /<code>page.update<\/code>/);
      const none = await t.app.inject({ url: '/admin/audit?type=page&from=2000-01-01&to=2000-01-02', headers: { cookie: admin.cookie } });
      assert.match(none.body, /No entries match/);
      const byActor = await t.app.inject({ url: `/admin/audit?actor=user:${admin.userId}`, headers: { cookie: admin.cookie } });
      assert.doesNotMatch(byActor.body, /<code>page.update<\/code>/);
      const bad = await t.app.inject({ url: '/admin/audit?from=20x4-01-01&page=-1', headers: { cookie: admin.cookie } });
      assert.equal(bad.statusCode, 400);
    });

    it('refuses the log to non-admins', async () => {
      for (const role of ['editor', 'author', 'monitor'] as const) {
        const agent = await signInAs(t, role);
        assert.equal((await t.app.inject({ url: '/admin/audit', headers: { cookie: agent.cookie } })).statusCode, 403);
      }
    });

    it('has no route that changes or deletes audit rows', async () => {
      const admin = await signInAs(t, 'admin');
      const before = await t.db.selectFrom('auditLog').select('id').execute();
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        for (const url of ['/admin/audit', `/admin/audit/${before[0]!.id}`]) {
          const res = await t.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
          assert.equal(res.statusCode, 404, `${method} ${url}`);
        }
      }
      const routes = t.app.printRoutes({ commonPrefix: false, includeMeta: false });
      const auditLines = routes.split('\n').filter((l) => l.includes('audit'));
      assert.ok(auditLines.length > 0);
      assert.ok(auditLines.every((l) => !/POST|PUT|PATCH|DELETE/.test(l)), auditLines.join('\n'));
    });

    it('lands staff on a dashboard of work, and links the audit log for admins only', async () => {
      const admin = await signInAs(t, 'admin');
      const res = await t.app.inject({ url: '/admin', headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /My drafts/);
      assert.doesNotMatch(res.body, /Recent activity/, 'the audit log stays in its own section');
      assert.match(res.body, /href="\/admin\/audit"/);
      const editor = await signInAs(t, 'editor', { locale: 'km' });
      const km = await t.app.inject({ url: '/admin', headers: { cookie: editor.cookie } });
      assert.match(km.body, /សេចក្ដីព្រាង/);
      assert.doesNotMatch(km.body, /href="\/admin\/audit"/);
      assert.doesNotMatch(km.body, /href="\/admin\/users"/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { announceChange } from '../../db/change-notices.js';
import { openDatabase } from '../../db/connection.js';
import { redirectKeyOf } from './redirect-paths.js';
import { insertRedirect } from './redirects.repository.js';

describe('redirect keys', () => {
  it('treat encoded and plain, trailing slash and letter case alike', () => {
    assert.equal(redirectKeyOf('https://old.example.org/2019/05/A-Report/'), '/2019/05/a-report');
    assert.equal(redirectKeyOf('/km/%E1%9E%80%E1%9E%B6/'), '/km/កា');
    assert.equal(redirectKeyOf('/km/កា'), '/km/កា');
  });
  it('keep the one parameter of a WordPress query link', () => {
    assert.equal(redirectKeyOf('https://old.example.org/?p=12'), '/?p=12');
    assert.equal(redirectKeyOf('/?page_id=3&lang=km'), '/?page_id=3');
    assert.equal(redirectKeyOf('/blog/?p=12'), '/blog/?p=12');
    assert.equal(redirectKeyOf('/?utm_source=x'), '/');
  });
});

for (const engine of testEngines()) {
  describe(`redirects admin (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let author: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      author = await signInAs(t, 'author');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, fields: Record<string, string>) => {
      const body = form({ _csrf: agent.csrfToken, ...fields });
      return t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...body.headers }, payload: body.payload });
    };
    const redirectId = async (fromPath: string) =>
      Number((await t.db.withTables<{ redirects: { id: number; fromPath: string } }>().selectFrom('redirects').select('id').where('fromPath', '=', fromPath).executeTakeFirstOrThrow()).id);
    const auditCount = async (action: string) => (await t.db.selectFrom('auditLog').select('id').where('action', '=', action).execute()).length;

    it('adds a redirect that answers the old address with a 301 at once, and records it', async () => {
      const res = await post(editor, '/admin/redirects/new', { from: 'https://old.example.org/2019/05/Old-Report/', to: '/en/about/who-we-are' });
      assert.equal(res.statusCode, 303, res.body);
      const hit = await t.app.inject('/2019/05/old-report');
      assert.equal(hit.statusCode, 301);
      assert.equal(hit.headers.location, '/en/about/who-we-are');
      assert.equal((await t.app.inject('/2019/05/Old-Report/')).statusCode, 301);
      assert.equal(await auditCount('redirect.create'), 1);
      const list = await t.app.inject({ url: '/admin/redirects', headers: { cookie: editor.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /\/2019\/05\/old-report/);
      assert.match(list.body, /href="\/admin\/redirects"/, 'the admin menu links the redirects');
    });

    it('redirects a WordPress query link that the home page would otherwise answer', async () => {
      assert.equal((await post(editor, '/admin/redirects/new', { from: '/?p=42', to: '/en/news' })).statusCode, 303);
      const hit = await t.app.inject('/?p=42');
      assert.equal(hit.statusCode, 301);
      assert.equal(hit.headers.location, '/en/news');
      assert.notEqual((await t.app.inject('/?p=43')).headers.location, '/en/news');
    });

    it('refuses a taken old address, a bad target and the home page, keeping what was typed', async () => {
      const taken = await post(editor, '/admin/redirects/new', { from: '/2019/05/old-report/', to: '/en/news' });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /already has a redirect/);
      const bad = await post(editor, '/admin/redirects/new', { from: '/somewhere', to: 'javascript:alert(1)' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value="\/somewhere"/);
      const home = await post(editor, '/admin/redirects/new', { from: '/km/', to: '/en/' });
      assert.equal(home.statusCode, 400);
      assert.match(home.body, /home page/);
    });

    it('edits and deletes a redirect, each audited; the old address then gives 404', async () => {
      const id = await redirectId('/2019/05/old-report');
      assert.equal((await post(editor, `/admin/redirects/${id}/edit`, { from: '/2019/05/old-report', to: '/en/publications' })).statusCode, 303);
      assert.equal((await t.app.inject('/2019/05/old-report')).headers.location, '/en/publications');
      assert.equal(await auditCount('redirect.update'), 1);
      const confirm = await t.app.inject({ url: `/admin/redirects/${id}/delete`, headers: { cookie: editor.cookie } });
      assert.equal(confirm.statusCode, 200);
      assert.equal((await post(editor, `/admin/redirects/${id}/delete`, {})).statusCode, 303);
      assert.equal((await t.app.inject('/2019/05/old-report')).statusCode, 404);
      assert.equal(await auditCount('redirect.delete'), 1);
    });

    it('refuses a change without the CSRF token', async () => {
      const body = form({ from: '/no-token', to: '/en/' });
      const res = await t.app.inject({ method: 'POST', url: '/admin/redirects/new', headers: { cookie: editor.cookie, ...body.headers }, payload: body.payload });
      assert.equal(res.statusCode, 403);
      assert.equal((await t.app.inject('/no-token')).statusCode, 404);
    });

    it('reads the redirects again once a command (another process) announces its change', async () => {
      assert.equal((await t.app.inject('/en/')).statusCode, 200, 'the table is in memory');
      const command = openDatabase(t.config.databaseUrl);
      try {
        await insertRedirect(command, { fromPath: '/2018/old-press-release', toPath: '/en/news', origin: 'import' }, new Date().toISOString());
        assert.notEqual((await t.app.inject('/2018/old-press-release')).statusCode, 301, 'not read again for every request');
        await announceChange(command);
        const deadline = Date.now() + 10_000;
        while ((await t.app.inject('/2018/old-press-release')).statusCode !== 301) {
          assert.ok(Date.now() < deadline, 'the announced redirect is answered');
          await sleep(50);
        }
      } finally {
        await command.destroy();
      }
    });

    it('refuses authors and visitors', async () => {
      assert.equal((await t.app.inject({ url: '/admin/redirects', headers: { cookie: author.cookie } })).statusCode, 403);
      assert.equal((await post(author, '/admin/redirects/new', { from: '/by-author', to: '/en/' })).statusCode, 403);
      assert.equal((await t.app.inject('/by-author')).statusCode, 404);
      const visitor = await t.app.inject('/admin/redirects');
      assert.notEqual(visitor.statusCode, 200);
    });
  });
}

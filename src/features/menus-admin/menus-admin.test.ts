import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`menus admin (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, fields: Record<string, string>) => {
      const body = form({ _csrf: agent.csrfToken, ...fields });
      return t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...body.headers }, payload: body.payload });
    };
    const itemId = async (label: string) => {
      const row = await t.db.selectFrom('menuItemTranslations').select('itemId').where('locale', '=', 'en').where('label', '=', label).executeTakeFirstOrThrow();
      return row.itemId;
    };
    const headerOf = (html: string) => /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    const countMenuRows = async () => Number((await t.db.selectFrom('menuItems').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    it('shows both menus as nested lists to an editor, never cached', async () => {
      const res = await t.app.inject({ url: '/admin/menus', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /About Us[\s\S]*<ol class="menu-tree">[\s\S]*Who We Are/);
      assert.match(res.body, /Site map/);
    });

    it('adds an item that shows at once in the header and on the site map, with an audit row', async () => {
      const res = await post(editor, '/admin/menus/main/new', { href: '/vacancies', label_en: 'Job Openings', label_km: 'ឱកាសការងារ', parent: '' });
      assert.equal(res.statusCode, 303, res.body);
      assert.match(headerOf((await t.app.inject('/en/')).body), /href="\/en\/vacancies"[^>]*>\s*Job Openings/);
      assert.match((await t.app.inject('/en/sitemap')).body, /Job Openings/);
      assert.match(headerOf((await t.app.inject('/km/')).body), /ឱកាសការងារ/);
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'menu.item.create').where('actor', '=', `user:${editor.userId}`).execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.after ?? '', /Job Openings/);
    });

    it('hides an item labelled only in English from the Khmer pages', async () => {
      const res = await post(editor, '/admin/menus/footer/new', { href: 'https://example.org/annual-report', label_en: 'Annual Report Online', label_km: '' });
      assert.equal(res.statusCode, 303, res.body);
      assert.match((await t.app.inject('/en/sitemap')).body, /href="https:\/\/example\.org\/annual-report"/);
      const km = await t.app.inject('/km/sitemap');
      assert.doesNotMatch(km.body, /annual-report/);
      assert.doesNotMatch(km.body, /Annual Report Online/);
    });

    it('moves an item up among its siblings', async () => {
      const before = headerOf((await t.app.inject('/en/')).body);
      assert.ok(before.indexOf('Reports &amp; Publications') < before.indexOf('Contact Us'));
      const res = await post(editor, `/admin/menus/items/${await itemId('Contact Us')}/move`, { direction: 'up' });
      assert.equal(res.statusCode, 303);
      const header = headerOf((await t.app.inject('/en/')).body);
      assert.ok(header.indexOf('Contact Us') < header.indexOf('Reports &amp; Publications'), header);
    });

    it('nests an item under another and refuses a cycle', async () => {
      const about = await itemId('About Us');
      const contact = await itemId('Contact Us');
      const res = await post(editor, `/admin/menus/items/${contact}/edit`, { href: '/contact', label_en: 'Contact Us', label_km: 'ទំនាក់ទំនងយើង', parent: String(about) });
      assert.equal(res.statusCode, 303, res.body);
      assert.match((await t.app.inject('/en/sitemap')).body, /About Us<\/a>\s*<ul class="menu-list">[\s\S]*Contact Us[\s\S]*?<\/ul>/);
      // In the header it moves into About Us's sub-menu, no longer a top-level entry.
      const header = headerOf((await t.app.inject('/en/')).body);
      assert.match(header, /About Us<\/a><details class="main-nav__sub">[\s\S]*?Contact Us[\s\S]*?<\/details>/);
      assert.doesNotMatch(header.replace(/<details[\s\S]*?<\/details>/g, ''), /Contact Us/);

      const cycle = await post(editor, `/admin/menus/items/${about}/edit`, { href: '/about', label_en: 'About Us Renamed', label_km: 'អំពីយើង', parent: String(contact) });
      assert.equal(cycle.statusCode, 400);
      assert.match(cycle.body, /cannot be placed under itself/);
      assert.match(cycle.body, /value="About Us Renamed"/);
      assert.doesNotMatch((await t.app.inject('/en/sitemap')).body, /About Us Renamed/);
    });

    it('keeps typed values and refuses a bad link, storing nothing', async () => {
      const rows = await countMenuRows();
      const res = await post(editor, '/admin/menus/main/new', { href: 'javascript:alert(1)', label_en: 'Never Stored', label_km: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /full address starting with https:\/\//);
      assert.match(res.body, /value="Never Stored"/);
      const localized = await post(editor, '/admin/menus/main/new', { href: '/en/about', label_en: 'Never Stored', label_km: '' });
      assert.match(localized.body, /Leave out the language/);
      assert.equal(await countMenuRows(), rows);
    });

    it('refuses an item with no label, or a label or link too long, storing nothing', async () => {
      const rows = await countMenuRows();
      const unlabelled = await post(editor, '/admin/menus/main/new', { href: '/about', label_en: '  ', label_km: '' });
      assert.equal(unlabelled.statusCode, 400);
      assert.match(unlabelled.body, /Give the item a label in at least one language/);
      const long = await post(editor, '/admin/menus/main/new', { href: `/${'a'.repeat(600)}`, label_en: 'x'.repeat(201), label_km: '' });
      assert.equal(long.statusCode, 400);
      assert.equal(long.body.match(/This is too long/g)?.length, 2);
      assert.equal(await countMenuRows(), rows);
    });

    it('deletes an item with its children after a confirmation page', async () => {
      const about = await itemId('About Us');
      const confirm = await t.app.inject({ url: `/admin/menus/items/${about}/delete`, headers: { cookie: editor.cookie } });
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Who We Are/);
      assert.match(confirm.body, /the 2 items below it/);
      const res = await post(editor, `/admin/menus/items/${about}/delete`, {});
      assert.equal(res.statusCode, 303);
      const sitemap = (await t.app.inject('/en/sitemap')).body;
      assert.doesNotMatch(sitemap, /About Us|Who We Are|Contact Us/);
      const audit = await t.db.selectFrom('auditLog').select('before').where('action', '=', 'menu.item.delete').executeTakeFirstOrThrow();
      assert.match(audit.before ?? '', /Who We Are/);
    });

    it('refuses an author with 403 and an audit row', async () => {
      const author = await signInAs(t, 'author');
      const page = await t.app.inject({ url: '/admin/menus', headers: { cookie: author.cookie } });
      assert.equal(page.statusCode, 403);
      const res = await post(author, '/admin/menus/main/new', { href: '/hijack', label_en: 'Hijacked', label_km: '' });
      assert.equal(res.statusCode, 403);
      const denied = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'permission.denied').where('actor', '=', `user:${author.userId}`).execute();
      assert.equal(denied.length, 2);
      assert.doesNotMatch((await t.app.inject('/en/sitemap')).body, /Hijacked/);
    });

    it('refuses a change without its CSRF token, changing nothing', async () => {
      const rows = await countMenuRows();
      const body = form({ href: '/forged', label_en: 'Forged Item', label_km: '' });
      const res = await t.app.inject({ method: 'POST', url: '/admin/menus/main/new', headers: { cookie: editor.cookie, ...body.headers }, payload: body.payload });
      assert.equal(res.statusCode, 403);
      assert.equal(await countMenuRows(), rows);
      assert.doesNotMatch((await t.app.inject('/en/sitemap')).body, /Forged Item/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`menu order by drag and drop (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const postOrder = (agent: StaffAgent, order: string, csrf = agent.csrfToken) => {
      const body = form({ _csrf: csrf, order });
      return t.app.inject({ method: 'POST', url: '/admin/menus/order', headers: { cookie: agent.cookie, ...body.headers }, payload: body.payload });
    };
    /** The ids of one level of the main menu, in their order. */
    const level = async (parentId: number | null) => {
      const rows = await t.db
        .selectFrom('menuItems')
        .innerJoin('menus', 'menus.id', 'menuItems.menuId')
        .select(['menuItems.id', 'menuItems.parentId'])
        .where('menus.key', '=', 'main')
        .orderBy('menuItems.sortOrder')
        .orderBy('menuItems.id')
        .execute();
      return rows.filter((r) => r.parentId === parentId).map((r) => r.id);
    };
    const headerOf = (html: string) => /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

    it('puts a whole level in the order given, shows it in the header at once, and audits it', async () => {
      const top = await level(null);
      assert.ok(top.length >= 3);
      const reversed = [...top].reverse();
      const res = await postOrder(editor, reversed.join(','));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { ok: true, message: 'The new order is saved.' });
      assert.deepEqual(await level(null), reversed);
      const labels = await t.db.selectFrom('menuItemTranslations').select(['itemId', 'label']).where('locale', '=', 'en').where('itemId', 'in', [reversed[0]!, reversed.at(-1)!]).execute();
      const label = (id: number) => labels.find((l) => l.itemId === id)!.label.replace(/&/g, '&amp;');
      const header = headerOf((await t.app.inject('/en/')).body);
      assert.ok(header.indexOf(label(reversed[0]!)) < header.indexOf(label(reversed.at(-1)!)), 'the header follows the new order');
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'menu.item.reorder').execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.after ?? '', new RegExp(reversed.join(',')));
    });

    it('refuses a list that is not exactly one level, in the editor’s language, and changes nothing', async () => {
      const khmer = await signInAs(t, 'editor', { locale: 'km' });
      const top = await level(null);
      const parent = (await t.db.selectFrom('menuItems').select('parentId').where('parentId', 'is not', null).executeTakeFirstOrThrow()).parentId!;
      const children = await level(parent);
      for (const order of [top.slice(1).join(','), [...top, top[0]].join(','), [...top, children[0]].join(','), '999999', '1,,2', 'drop table']) {
        const res = await postOrder(khmer, order);
        assert.equal(res.statusCode, 400, order);
        assert.deepEqual(res.json(), { ok: false, message: 'ធាតុទាំងនេះមិនមែនជាធាតុនៃកម្រិតតែមួយរបស់ម៉ឺនុយតែមួយទេ។ សូមផ្ទុកទំព័រឡើងវិញ ហើយព្យាយាមម្តងទៀត។' });
      }
      assert.deepEqual(await level(null), top);
    });

    it('reorders the items under one parent', async () => {
      const parent = (await t.db.selectFrom('menuItems').select('parentId').where('parentId', 'is not', null).executeTakeFirstOrThrow()).parentId!;
      const body = form({ _csrf: editor.csrfToken, href: '/about/history', label_en: 'Our History', label_km: 'ប្រវត្តិរបស់យើង', parent: String(parent) });
      const added = await t.app.inject({ method: 'POST', url: '/admin/menus/main/new', headers: { cookie: editor.cookie, ...body.headers }, payload: body.payload });
      assert.equal(added.statusCode, 303, added.body);
      const children = await level(parent);
      assert.ok(children.length >= 2);
      const rotated = [...children.slice(1), children[0]!];
      assert.equal((await postOrder(editor, rotated.join(','))).statusCode, 200);
      assert.deepEqual(await level(parent), rotated);
    });

    it('refuses an order without the CSRF token, and from a staff member who may not edit menus', async () => {
      const top = await level(null);
      const reversed = [...top].reverse().join(',');
      assert.equal((await postOrder(editor, reversed, 'forged')).statusCode, 403);
      const author = await signInAs(t, 'author');
      assert.equal((await postOrder(author, reversed)).statusCode, 403);
      assert.deepEqual(await level(null), top);
    });

    it('serves the page with its script, and Move up / Move down only where the move is possible', async () => {
      const res = await t.app.inject({ url: '/admin/menus', headers: { cookie: editor.cookie } });
      const src = /<script src="(\/admin\/menus\/menu-order\.[0-9a-f]{12}\.js)" defer/.exec(res.body)?.[1];
      assert.ok(src, 'the page links its script');
      const script = await t.app.inject({ url: src, headers: { cookie: editor.cookie } });
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['content-type']), /^text\/javascript/);
      assert.match(script.body, /\/admin\/menus\/order/);
      assert.equal((await t.app.inject({ url: '/admin/menus/menu-order.000000000000.js', headers: { cookie: editor.cookie } })).statusCode, 404);
      const top = await level(null);
      const itemHtml = (id: number) => new RegExp(`<li class="menu-tree__item" data-id="${id}">[\\s\\S]*?</span></div>`).exec(res.body)?.[0] ?? '';
      assert.match(itemHtml(top[0]!), /data-move="up" hidden/);
      assert.doesNotMatch(itemHtml(top[0]!), /data-move="down" hidden/);
      assert.match(itemHtml(top.at(-1)!), /data-move="down" hidden/);
      assert.match(res.body, /data-menu-order data-csrf="[^"]+"/);
      assert.match(res.body, /id="menu-order-live" aria-live="assertive"/);
    });
  });
}

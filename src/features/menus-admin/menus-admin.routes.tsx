import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { AdminLayout } from '../admin/admin-layout.js';
import { adminNavFor } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { denyAccess } from '../site-settings/deny.js';
import { allowedParents, formFromBody, formFromItem, validateMenuItemForm, type MenuItemErrorKey, type MenuItemForm } from './menu-item-form.js';
import { menusAdminMessages } from './menus-admin.messages.js';
import { can } from './menus-admin.policy.js';
import { menuOrderMessages } from './menu-order.messages.js';
import { menuOrderScript } from './menu-order.script.js';
import {
  areAllSiblings,
  buildMenuTree,
  collectSubtree,
  deleteMenuItems,
  findItemMenuKey,
  insertMenuItem,
  listMenuItems,
  MENU_KEYS,
  moveMenuItem,
  reorderMenuSiblings,
  updateMenuItem,
  type AdminMenuItem,
  type MenuKey,
} from './menus-admin.repository.js';
import { DeleteConfirmPage, ItemFormPage, MenusPage } from './menus-admin.views.js';

const menuParams = z.object({ menu: z.enum(MENU_KEYS) });
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const doneQuery = z.object({ done: z.enum(['added', 'saved', 'moved', 'deleted']).optional() });
const moveBody = z.object({ direction: z.enum(['up', 'down']) }).passthrough();
/** The ids of one level of a menu in their new order, as the drag-and-drop script sends them. */
const orderBody = z.object({ order: z.string().max(2000).regex(/^\d{1,10}(,\d{1,10})*$/) }).passthrough();

type Refusal = { errors: Record<string, MenuItemErrorKey>; items: AdminMenuItem[] };

/** `/admin/menus`: the header and footer menus, edited item by item without any script. */
export async function menusAdminRoutes(app: FastifyInstance): Promise<void> {
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, 'editMenus')) await denyAccess(request, reply, 'menu', 'editMenus');
  };
  const actor = (request: FastifyRequest) => `user:${request.user!.id}`;

  app.get('/admin/menus', { schema: { querystring: doneQuery }, preHandler: guard }, async (request, reply) => {
    const user = request.user!;
    const menus = await Promise.all(MENU_KEYS.map(async (key) => ({ key, tree: buildMenuTree(await listMenuItems(app.db, key)) })));
    const { done } = request.query as z.infer<typeof doneQuery>;
    const csrfToken = reply.generateCsrf();
    const script = <script src={`/admin/menus/menu-order.${menuOrderScript().hash}.js`} defer />;
    return page(request, reply, menusAdminMessages[user.locale].title, csrfToken, (
      <MenusPage locale={user.locale} locales={app.config.locales} csrfToken={csrfToken} menus={menus} notice={done && menusAdminMessages[user.locale][done]} />
    ), 200, script);
  });

  app.get('/admin/menus/:menu/new', { schema: { params: menuParams }, preHandler: guard }, async (request, reply) => {
    const { menu } = request.params as z.infer<typeof menuParams>;
    const items = await listMenuItems(app.db, menu);
    return renderForm(request, reply, menu, undefined, formFromItem(undefined, app.config.locales), {}, items);
  });

  app.post('/admin/menus/:menu/new', { schema: { params: menuParams }, preHandler: guard }, async (request, reply) => {
    const { menu } = request.params as z.infer<typeof menuParams>;
    const form = formFromBody((request.body ?? {}) as Record<string, unknown>, app.config.locales);
    const refused = await app.db.transaction().execute(async (tx): Promise<Refusal | undefined> => {
      const items = await listMenuItems(tx, menu);
      const result = validateMenuItemForm(request.body, app.config.locales, items, undefined);
      if (!result.ok) return { errors: result.errors, items };
      const created = await insertMenuItem(tx, menu, items, result.input);
      await writeAudit(tx, { actor: actor(request), action: 'menu.item.create', subjectType: 'menuItem', subjectId: String(created.id), before: null, after: { menu, ...created } });
      return undefined;
    });
    if (refused) return renderForm(request, reply, menu, undefined, form, refused.errors, refused.items, 400);
    app.contentChanged();
    return reply.redirect('/admin/menus?done=added', 303);
  });

  app.get('/admin/menus/items/:id/edit', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const found = await findItem(app.db, id);
    if (!found) return reply.callNotFound();
    return renderForm(request, reply, found.menu, id, formFromItem(found.item, app.config.locales), {}, found.items);
  });

  app.post('/admin/menus/items/:id/edit', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const form = formFromBody((request.body ?? {}) as Record<string, unknown>, app.config.locales);
    const outcome = await app.db.transaction().execute(async (tx): Promise<Refusal | 'missing' | { menu: MenuKey }> => {
      const menu = await findItemMenuKey(tx, id);
      if (!menu) return 'missing';
      const items = await listMenuItems(tx, menu);
      const current = items.find((i) => i.id === id)!;
      const result = validateMenuItemForm(request.body, app.config.locales, items, id);
      if (!result.ok) return { errors: result.errors, items };
      const updated = await updateMenuItem(tx, items, current, result.input);
      await writeAudit(tx, { actor: actor(request), action: 'menu.item.update', subjectType: 'menuItem', subjectId: String(id), before: { menu, ...current }, after: { menu, ...updated } });
      return { menu };
    });
    if (outcome === 'missing') return reply.callNotFound();
    if ('errors' in outcome) {
      const menu = (await findItemMenuKey(app.db, id))!;
      return renderForm(request, reply, menu, id, form, outcome.errors, outcome.items, 400);
    }
    app.contentChanged();
    return reply.redirect('/admin/menus?done=saved', 303);
  });

  app.post('/admin/menus/items/:id/move', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    // Read after the permission check, so a refused user learns nothing from a validation answer.
    const parsed = moveBody.safeParse(request.body ?? {});
    if (!parsed.success) return reply.redirect('/admin/menus', 303);
    const { direction } = parsed.data;
    const outcome = await app.db.transaction().execute(async (tx) => {
      const menu = await findItemMenuKey(tx, id);
      if (!menu) return 'missing' as const;
      const items = await listMenuItems(tx, menu);
      const item = items.find((i) => i.id === id)!;
      const before = items.filter((i) => i.parentId === item.parentId).map((i) => i.id);
      const after = await moveMenuItem(tx, items, id, direction);
      if (!after) return 'unchanged' as const;
      await writeAudit(tx, { actor: actor(request), action: 'menu.item.move', subjectType: 'menuItem', subjectId: String(id), before: { menu, siblingOrder: before }, after: { menu, siblingOrder: after } });
      return 'moved' as const;
    });
    if (outcome === 'missing') return reply.callNotFound();
    if (outcome === 'moved') app.contentChanged();
    return reply.redirect(outcome === 'moved' ? '/admin/menus?done=moved' : '/admin/menus', 303);
  });

  app.get('/admin/menus/menu-order.:hash.js', { preHandler: guard }, async (request, reply) => {
    const script = menuOrderScript();
    if ((request.params as { hash: string }).hash !== script.hash) return reply.callNotFound();
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'private, max-age=31536000, immutable').send(script.body);
  });

  // The order of one level set at once (drag and drop, or the keyboard), answered in JSON for
  // the script; the Move up / Move down forms above do the same one step at a time.
  app.post('/admin/menus/order', { preHandler: guard }, async (request, reply) => {
    const t = menuOrderMessages[request.user!.locale];
    const answer = (status: number, ok: boolean, message: string) => reply.code(status).header('cache-control', 'no-store').send({ ok, message });
    const parsed = orderBody.safeParse(request.body ?? {});
    if (!parsed.success) return answer(400, false, t.notSiblings);
    const ids = parsed.data.order.split(',').map(Number);
    const outcome = await app.db.transaction().execute(async (tx) => {
      const menu = await findItemMenuKey(tx, ids[0]!);
      if (!menu) return 'refused' as const;
      const items = await listMenuItems(tx, menu);
      if (!areAllSiblings(items, ids)) return 'refused' as const;
      const before = await reorderMenuSiblings(tx, items, ids);
      if (before.join() === ids.join()) return 'unchanged' as const;
      await writeAudit(tx, { actor: actor(request), action: 'menu.item.reorder', subjectType: 'menu', subjectId: menu, before: { siblingOrder: before }, after: { siblingOrder: ids } });
      return 'saved' as const;
    });
    if (outcome === 'refused') return answer(400, false, t.notSiblings);
    if (outcome === 'saved') app.contentChanged();
    return answer(200, true, t.saved);
  });

  app.get('/admin/menus/items/:id/delete', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const found = await findItem(app.db, id);
    if (!found) return reply.callNotFound();
    const user = request.user!;
    const csrfToken = reply.generateCsrf();
    return page(request, reply, menusAdminMessages[user.locale].confirmDeleteTitle, csrfToken, (
      <DeleteConfirmPage locale={user.locale} locales={app.config.locales} csrfToken={csrfToken} subtree={collectSubtree(found.items, id)} />
    ));
  });

  app.post('/admin/menus/items/:id/delete', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const deleted = await app.db.transaction().execute(async (tx) => {
      const menu = await findItemMenuKey(tx, id);
      if (!menu) return false;
      const subtree = collectSubtree(await listMenuItems(tx, menu), id);
      await deleteMenuItems(tx, subtree);
      await writeAudit(tx, { actor: actor(request), action: 'menu.item.delete', subjectType: 'menuItem', subjectId: String(id), before: { menu, items: subtree }, after: null });
      return true;
    });
    if (!deleted) return reply.callNotFound();
    app.contentChanged();
    return reply.redirect('/admin/menus?done=deleted', 303);
  });
}

async function findItem(db: Db, id: number) {
  const menu = await findItemMenuKey(db, id);
  if (!menu) return undefined;
  const items = await listMenuItems(db, menu);
  return { menu, items, item: items.find((i) => i.id === id)! };
}

function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  menu: MenuKey,
  itemId: number | undefined,
  form: MenuItemForm,
  errors: Record<string, MenuItemErrorKey>,
  items: AdminMenuItem[],
  status = 200,
) {
  const locale: Locale = request.user!.locale;
  const t = menusAdminMessages[locale];
  const csrfToken = reply.generateCsrf();
  return page(request, reply, itemId === undefined ? t.addItem : t.editItem, csrfToken, (
    <ItemFormPage
      locale={locale}
      locales={request.server.config.locales}
      csrfToken={csrfToken}
      menu={menu}
      itemId={itemId}
      form={form}
      errors={errors}
      parents={allowedParents(items, itemId)}
    />
  ), status);
}

function page(request: FastifyRequest, reply: FastifyReply, title: string, csrfToken: string, body: ComponentChildren, status = 200, head?: ComponentChildren) {
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout nav={adminNavFor(request)} user={request.user!} title={title} path="/admin/menus" csrfToken={csrfToken} head={head}>
      {body}
    </AdminLayout>,
    status,
  );
}

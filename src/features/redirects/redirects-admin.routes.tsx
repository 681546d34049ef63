import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import type { DbOrTx } from '../../db/database.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { readRedirectForm, type RedirectFormRead, type RedirectFormValues } from './redirect-form.js';
import { redirectsMessages, type RedirectErrorKey } from './redirects.messages.js';
import { can } from './redirects.policy.js';
import { deleteRedirect, findRedirect, findRedirectByFrom, insertRedirect, listRedirects, updateRedirect } from './redirects.repository.js';
import { DeleteRedirectPage, RedirectFormPage, RedirectsPage } from './redirects.views.js';

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  done: z.enum(['added', 'saved', 'deleted']).optional(),
});

type Errors = Partial<Record<keyof RedirectFormValues, RedirectErrorKey>>;

/** `/admin/redirects`: old addresses and where they lead, kept by editors and admins. */
export async function redirectsAdminRoutes(app: FastifyInstance): Promise<void> {
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, 'redirects.edit')) return refuse(app, request, reply, 'redirects.edit');
  };
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, children: ComponentChildren, status = 200) =>
    sendAdminPage(request, reply, { title, path: '/admin/redirects', status, children });
  const renderForm = (request: FastifyRequest, reply: FastifyReply, id: number | undefined, values: RedirectFormValues, errors: Errors, status = 200) => {
    const locale = request.user!.locale;
    const t = redirectsMessages[locale];
    return page(request, reply, id === undefined ? t.add : t.editTitle, (
      <RedirectFormPage locale={locale} csrfToken={csrfTokenFor(reply)} id={id} values={values} errors={errors} />
    ), status);
  };
  /** The form's outcome, with the old address checked against the others (in the same transaction). */
  const checked = async (tx: DbOrTx, read: RedirectFormRead, id?: number): Promise<RedirectFormRead> => {
    if (!read.ok) return read;
    const other = await findRedirectByFrom(tx, read.fromPath);
    if (other && other.id !== id) return { ok: false, values: { from: read.fromPath, to: read.toPath }, errors: { from: 'taken' } };
    return read;
  };

  app.get('/admin/redirects', { schema: { querystring: listQuery }, preHandler: guard }, async (request, reply) => {
    const { q = '', page: n = 1, done } = request.query as z.infer<typeof listQuery>;
    const locale = request.user!.locale;
    const t = redirectsMessages[locale];
    const { rows, total } = await listRedirects(app.db, q.trim(), n);
    return page(request, reply, t.title, <RedirectsPage locale={locale} rows={rows} total={total} page={n} q={q} notice={done && t[done]} />);
  });

  app.get('/admin/redirects/new', { preHandler: guard }, async (request, reply) => renderForm(request, reply, undefined, { from: '', to: '' }, {}));

  app.post('/admin/redirects/new', { preHandler: guard }, async (request, reply) => {
    const outcome = await app.db.transaction().execute(async (tx) => {
      const read = await checked(tx, readRedirectForm(request.body, app.config.locales));
      if (!read.ok) return read;
      const now = new Date().toISOString();
      const id = await insertRedirect(tx, { fromPath: read.fromPath, toPath: read.toPath, origin: 'editor' }, now);
      await writeAudit(tx, { actor: userActor(request.user!.id), action: 'redirect.create', subjectType: 'redirect', subjectId: String(id), before: null, after: { fromPath: read.fromPath, toPath: read.toPath } });
      return read;
    });
    if (!outcome.ok) return renderForm(request, reply, undefined, outcome.values, outcome.errors, 400);
    app.contentChanged();
    return reply.redirect('/admin/redirects?done=added', 303);
  });

  app.get('/admin/redirects/:id/edit', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const found = await findRedirect(app.db, id);
    if (!found) return reply.callNotFound();
    return renderForm(request, reply, id, { from: found.fromPath, to: found.toPath }, {});
  });

  app.post('/admin/redirects/:id/edit', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const outcome = await app.db.transaction().execute(async (tx) => {
      const before = await findRedirect(tx, id);
      if (!before) return 'missing' as const;
      const read = await checked(tx, readRedirectForm(request.body, app.config.locales), id);
      if (!read.ok) return read;
      await updateRedirect(tx, id, { fromPath: read.fromPath, toPath: read.toPath }, new Date().toISOString());
      await writeAudit(tx, {
        actor: userActor(request.user!.id), action: 'redirect.update', subjectType: 'redirect', subjectId: String(id),
        before: { fromPath: before.fromPath, toPath: before.toPath }, after: { fromPath: read.fromPath, toPath: read.toPath },
      });
      return read;
    });
    if (outcome === 'missing') return reply.callNotFound();
    if (!outcome.ok) return renderForm(request, reply, id, outcome.values, outcome.errors, 400);
    app.contentChanged();
    return reply.redirect('/admin/redirects?done=saved', 303);
  });

  app.get('/admin/redirects/:id/delete', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const found = await findRedirect(app.db, id);
    if (!found) return reply.callNotFound();
    const locale = request.user!.locale;
    return page(request, reply, redirectsMessages[locale].deleteTitle, <DeleteRedirectPage locale={locale} csrfToken={csrfTokenFor(reply)} redirect={found} />);
  });

  app.post('/admin/redirects/:id/delete', { schema: { params: idParams }, preHandler: guard }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const deleted = await app.db.transaction().execute(async (tx) => {
      const before = await findRedirect(tx, id);
      if (!before) return false;
      await deleteRedirect(tx, id);
      await writeAudit(tx, { actor: userActor(request.user!.id), action: 'redirect.delete', subjectType: 'redirect', subjectId: String(id), before: { fromPath: before.fromPath, toPath: before.toPath }, after: null });
      return true;
    });
    if (!deleted) return reply.callNotFound();
    app.contentChanged();
    return reply.redirect('/admin/redirects?done=deleted', 303);
  });
}

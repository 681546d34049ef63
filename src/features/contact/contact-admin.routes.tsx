import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { ContactInboxPage, ContactMessagePage } from './contact-admin.views.js';
import { contactMessages } from './contact.messages.js';
import { can } from './contact.policy.js';
import { countContactByStatus, findContactMessage, listContactMessages, setContactStatus } from './contact.repository.js';
import { CONTACT_STATUSES } from './contact.tables.js';

export const INBOX_PAGE_SIZE = 50;

const listQuery = z.object({
  status: z.enum(CONTACT_STATUSES).catch('new'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const statusBody = z.object({ status: z.enum(CONTACT_STATUSES) });

/** `/admin/contact`: the messages sent through Contact Us, by state; each change is audited. */
export async function contactAdminRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/contact', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'contact.read')) return refuse(app, request, reply, 'contact.read');
    const q = listQuery.parse(request.query ?? {});
    const [{ rows, total }, counts] = await Promise.all([listContactMessages(app.db, q.status, q.page, INBOX_PAGE_SIZE), countContactByStatus(app.db)]);
    return sendAdminPage(request, reply, {
      title: contactMessages[user.locale].title,
      path: '/admin/contact',
      children: (
        <ContactInboxPage
          locale={user.locale}
          timeZone={app.config.timeZone}
          status={q.status}
          counts={counts}
          rows={rows}
          page={q.page}
          totalPages={Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE))}
        />
      ),
    });
  });

  app.get('/admin/contact/:id', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'contact.read')) return refuse(app, request, reply, 'contact.read');
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const message = await findContactMessage(app.db, params.data.id);
    if (!message) return reply.callNotFound();
    const done = (request.query as Record<string, unknown> | undefined)?.done === 'status';
    return sendAdminPage(request, reply, {
      title: message.subject,
      path: '/admin/contact',
      children: (
        <ContactMessagePage
          locale={user.locale}
          timeZone={app.config.timeZone}
          csrfToken={csrfTokenFor(reply)}
          message={message}
          notice={done ? contactMessages[user.locale].statusChanged : undefined}
        />
      ),
    });
  });

  app.post('/admin/contact/:id/status', async (request, reply) => {
    const user = request.user!;
    const params = idParams.safeParse(request.params);
    if (!can(user, 'contact.update')) return refuse(app, request, reply, 'contact.update', params.success ? params.data.id : undefined);
    if (!params.success) return reply.callNotFound();
    const body = statusBody.safeParse(request.body ?? {});
    if (!body.success) return reply.redirect(`/admin/contact/${params.data.id}`, 303);
    const id = params.data.id;
    const status = body.data.status;
    const changed = await app.db.transaction().execute(async (tx) => {
      const before = await findContactMessage(tx, id);
      if (!before) return false;
      if (before.status !== status) {
        await setContactStatus(tx, id, status);
        await writeAudit(tx, {
          actor: userActor(user.id),
          action: 'contact.status',
          subjectType: 'contact_message',
          subjectId: String(id),
          before: { status: before.status },
          after: { status },
        });
      }
      return true;
    });
    if (!changed) return reply.callNotFound();
    return reply.redirect(`/admin/contact/${id}?done=status`, 303);
  });
}

import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { pausedBannerFor } from '../operations/operations.routes.js';
import { can, type MailAction } from './mail.policy.js';
import { outboxMessages } from './mail.messages.js';
import { MAIL_KINDS, messageIdFor } from './outbox.js';
import {
  countByState,
  findOutboxMessage,
  liftBounce,
  listOutbox,
  OUTBOX_STATES,
  requeueMessage,
  suppressionsFor,
  type OutboxMessage,
} from './outbox.repository.js';
import { OutboxListPage, OutboxShowPage } from './outbox.views.js';
import { emlFileName, outboxDir } from './transport.js';

export const OUTBOX_PAGE_SIZE = 50;

const listQuery = z.object({
  state: z.union([z.enum(OUTBOX_STATES as [string, ...string[]]), z.literal('')]).optional(),
  kind: z.union([z.enum(MAIL_KINDS as [string, ...string[]]), z.literal('')]).optional(),
  to: z.string().max(254).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const showQuery = z.object({ done: z.enum(['retried', 'lifted', 'notRetryable']).optional() });

/** The preview of a message's HTML: its own strict policy, no scripts, framed only by the admin. */
const PREVIEW_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

/** `/admin/outbox`: every message the site sends, for admins; retry a failed one, lift a bounce. */
export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  const folder = app.config.smtpUrl ? undefined : outboxDir(app.config);

  const allowed = async (request: FastifyRequest, reply: FastifyReply, action: MailAction, id?: number) => {
    if (can(request.user, action)) return true;
    await refuse(app, request, reply, action, id);
    return false;
  };

  const load = async (request: FastifyRequest, reply: FastifyReply, action: MailAction): Promise<OutboxMessage | undefined> => {
    const { id } = request.params as z.infer<typeof idParams>;
    if (!(await allowed(request, reply, action, id))) return undefined;
    const message = await findOutboxMessage(app.db, id);
    if (!message) await sendErrorPage(app, request, reply, 'notFound');
    return message;
  };

  const readEml = async (message: OutboxMessage): Promise<string | undefined> => {
    if (!folder) return undefined;
    try {
      return await fs.promises.readFile(path.join(folder, emlFileName(message.idempotencyKey)), 'utf8');
    } catch {
      return undefined;
    }
  };

  app.get('/admin/outbox', { schema: { querystring: listQuery } }, async (request, reply) => {
    if (!(await allowed(request, reply, 'outbox.view'))) return reply;
    const user = request.user!;
    const q = request.query as z.infer<typeof listQuery>;
    const filter = {
      state: (q.state || undefined) as (typeof OUTBOX_STATES)[number] | undefined,
      kind: q.kind || undefined,
      to: q.to?.trim() || undefined,
    };
    const [{ rows, total }, counts, banner] = await Promise.all([
      listOutbox(app.db, filter, q.page, OUTBOX_PAGE_SIZE),
      countByState(app.db),
      pausedBannerFor(app, request, reply),
    ]);
    return sendAdminPage(request, reply, {
      title: outboxMessages[user.locale].title,
      path: '/admin/outbox',
      children: (
        <>
        {banner}
        <OutboxListPage
          locale={user.locale}
          timeZone={app.config.timeZone}
          filter={filter}
          counts={counts}
          rows={rows}
          total={total}
          page={q.page}
          totalPages={Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE))}
          folder={folder}
        />
        </>
      ),
    });
  });

  app.get('/admin/outbox/:id', { schema: { params: idParams, querystring: showQuery } }, async (request, reply) => {
    const message = await load(request, reply, 'outbox.view');
    if (!message) return reply;
    const user = request.user!;
    const t = outboxMessages[user.locale];
    const { done } = request.query as z.infer<typeof showQuery>;
    const [suppressions, eml] = await Promise.all([suppressionsFor(app.db, message.toAddress), readEml(message)]);
    return sendAdminPage(request, reply, {
      title: t.messageTitle(String(message.id)),
      path: '/admin/outbox',
      children: (
        <OutboxShowPage
          locale={user.locale}
          timeZone={app.config.timeZone}
          message={message}
          messageId={messageIdFor(message.idempotencyKey, app.config.mailFrom)}
          suppressions={suppressions}
          eml={eml}
          folderMode={folder !== undefined}
          csrfToken={csrfTokenFor(reply)}
          notice={done ? t[done] : undefined}
        />
      ),
    });
  });

  // The message's own HTML, shown in a sandboxed frame on the page above.
  app.get('/admin/outbox/:id/html', { schema: { params: idParams } }, async (request, reply) => {
    const message = await load(request, reply, 'outbox.view');
    if (!message) return reply;
    return reply
      .header('content-security-policy', PREVIEW_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(message.html);
  });

  app.get('/admin/outbox/:id/eml', { schema: { params: idParams } }, async (request, reply) => {
    const message = await load(request, reply, 'outbox.view');
    if (!message) return reply;
    const eml = await readEml(message);
    if (eml === undefined) return sendErrorPage(app, request, reply, 'notFound');
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="message-${message.id}.eml"`)
      .type('message/rfc822')
      .send(eml);
  });

  app.post('/admin/outbox/:id/retry', { schema: { params: idParams } }, async (request, reply) => {
    const message = await load(request, reply, 'outbox.retry');
    if (!message) return reply;
    const requeued = await app.db.transaction().execute(async (tx) => {
      const ok = await requeueMessage(tx, message.id);
      if (ok) {
        await writeAudit(tx, {
          actor: userActor(request.user!.id),
          action: 'outbox.retry',
          subjectType: 'outboxMessage',
          subjectId: String(message.id),
          before: { state: message.state, attempts: message.attempts, lastError: message.lastError },
          after: { state: 'queued', attempts: 0 },
        });
      }
      return ok;
    });
    return reply.redirect(`/admin/outbox/${message.id}?done=${requeued ? 'retried' : 'notRetryable'}`, 303);
  });

  app.post('/admin/outbox/:id/lift-bounce', { schema: { params: idParams } }, async (request, reply) => {
    const message = await load(request, reply, 'outbox.liftBounce');
    if (!message) return reply;
    await app.db.transaction().execute(async (tx) => {
      if (await liftBounce(tx, message.toAddress)) {
        await writeAudit(tx, {
          actor: userActor(request.user!.id),
          action: 'outbox.liftBounce',
          // By the message only: audit rows are kept for good, and the address is personal data.
          subjectType: 'outboxMessage',
          subjectId: String(message.id),
          before: { suppression: 'bounce' },
          after: null,
        });
      }
    });
    return reply.redirect(`/admin/outbox/${message.id}?done=lifted`, 303);
  });
}

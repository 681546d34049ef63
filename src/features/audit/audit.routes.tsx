import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendAdminPage } from '../admin/admin-page.js';
import { refuse } from './refusals.js';
import { can } from './audit.policy.js';
import { auditMessages } from './audit.messages.js';
import { listActorNames, listAudit, listAuditTypes } from './audit.repository.js';
import { AuditPage } from './audit.views.js';

export const AUDIT_PAGE_SIZE = 50;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)));
const auditQuery = z.object({
  actor: z.string().max(200).regex(/^[\w:.@-]*$/).optional(),
  type: z.string().max(100).regex(/^[\w.-]*$/).optional(),
  from: z.union([isoDate, z.literal('')]).optional(),
  to: z.union([isoDate, z.literal('')]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** Read-only: the audit log has GET routes only, and no route changes or deletes a row. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/audit', { schema: { querystring: auditQuery } }, async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'audit.view')) return refuse(app, request, reply, 'audit.view');
    const q = request.query as z.infer<typeof auditQuery>;
    const filter = { actor: q.actor || undefined, type: q.type || undefined, from: q.from || undefined, to: q.to || undefined };
    const [{ rows, total }, types, actorNames] = await Promise.all([
      listAudit(app.db, filter, q.page, AUDIT_PAGE_SIZE),
      listAuditTypes(app.db),
      listActorNames(app.db),
    ]);
    const actors = [...actorNames].map(([value, label]) => ({ value, label }));
    return sendAdminPage(request, reply, {
      title: auditMessages[user.locale].title,
      path: '/admin/audit',
      children: (
        <AuditPage
          locale={user.locale}
          timeZone={app.config.timeZone}
          filter={filter}
          actors={actors}
          types={types}
          rows={rows}
          total={total}
          page={q.page}
          totalPages={Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))}
          actorNames={actorNames}
        />
      ),
    });
  });
}

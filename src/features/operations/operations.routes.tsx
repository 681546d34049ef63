import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { csrfTokenFor } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { can } from './operations.policy.js';
import { findOperationsPause, resumeOperations } from './operations.repository.js';
import { PausedBanner } from './operations.views.js';

/**
 * The banner for an admin page while operations are paused (null otherwise, and for staff who
 * are not admins: they can do nothing about it). Carries the Resume form.
 */
export async function pausedBannerFor(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<VNode | null> {
  const user = request.user;
  if (!can(user, 'operations.resume')) return null;
  const pause = await findOperationsPause(app.db);
  if (!pause) return null;
  return <PausedBanner locale={user!.locale} timeZone={app.config.timeZone} pause={pause} csrfToken={csrfTokenFor(reply)} />;
}

/** `POST /admin/operations/resume`: an admin lets mail and scheduled publishing run again. */
export async function operationsRoutes(app: FastifyInstance): Promise<void> {
  app.post('/admin/operations/resume', async (request, reply) => {
    if (!can(request.user, 'operations.resume')) return refuse(app, request, reply, 'operations.resume');
    await app.db.transaction().execute(async (tx) => {
      const lifted = await resumeOperations(tx);
      if (!lifted) return;
      await writeAudit(tx, {
        actor: userActor(request.user!.id),
        action: 'operations.resume',
        subjectType: 'operations',
        subjectId: null,
        before: { paused: true, reason: lifted.reason, pausedAt: lifted.pausedAt, backupCreatedAt: lifted.backupCreatedAt },
        after: { paused: false },
      });
    });
    return reply.redirect('/admin?resumed=1', 303);
  });
}

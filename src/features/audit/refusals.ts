import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { userActor } from './actors.js';
import { writeAudit } from './audit.repository.js';

/** A refusal: recorded in the audit log, then the 403 page. */
export async function refuse(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, action: string, subjectId?: string | number) {
  await writeAudit(app.db, {
    actor: request.user ? userActor(request.user.id) : `ip:${request.ip}`,
    action: 'permission.denied',
    subjectType: action.split('.')[0] ?? action,
    subjectId: subjectId === undefined ? null : String(subjectId),
    after: { action, method: request.method, url: request.url },
  });
  return sendErrorPage(app, request, reply, 'forbidden');
}

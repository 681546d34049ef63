import type { FastifyReply, FastifyRequest } from 'fastify';
import { writeAudit } from '../audit/audit.repository.js';

/** Records a refused permission and answers with the 403 page (the error handler renders it). */
export async function denyAccess(request: FastifyRequest, reply: FastifyReply, subjectType: string, action: string): Promise<never> {
  const user = request.user;
  await writeAudit(request.server.db, {
    actor: user ? `user:${user.id}` : 'anonymous',
    action: 'permission.denied',
    subjectType,
    subjectId: null,
    after: { attempted: action, method: request.method, url: request.url.split('?')[0] },
  });
  reply.code(403);
  throw Object.assign(new Error('Forbidden'), { statusCode: 403 });
}

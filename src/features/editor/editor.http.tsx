import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import type { SessionUser } from '../accounts/session-user.js';
import { AdminLayout } from '../admin/admin-layout.js';
import { adminNavFor } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { contentFiles } from '../media/storage.js';
import { editorMessages } from './editor.messages.js';
import { can, type EditorAction, type EditorSubject } from './editor.policy.js';
import { findItemById, type LoadedItem } from './editor.repository.js';
import { actorOf, type ChangeContext } from './editor.service.js';
import type { ContentTypeDescriptor } from './editor.types.js';
import { findItemOwner } from './revisions.repository.js';

/** Shared pieces of the editor's handlers: the signed-in user, rights, the admin frame. */
export const userOf = (request: FastifyRequest): SessionUser => request.user!;
export const localeOf = (request: FastifyRequest): Locale => request.user?.locale ?? 'en';

export function changeContext(app: FastifyInstance, request: FastifyRequest): ChangeContext {
  return { db: app.db, storage: contentFiles(app.storage), actor: actorOf(userOf(request)) };
}

export function sendAdmin(request: FastifyRequest, reply: FastifyReply, title: string, children: ComponentChildren, status = 200, head?: ComponentChildren) {
  const user = userOf(request);
  return reply
    .header('cache-control', 'no-store')
    .sendHtml(
      <AdminLayout nav={adminNavFor(request)} user={user} title={title} path={request.url.split('?')[0]!} csrfToken={reply.generateCsrf()} head={head}>
        {children}
      </AdminLayout>,
      status,
    );
}

/** Refuses with 403 and records the attempt; the audit row is written on its own. */
export async function deny(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor, action: EditorAction, itemId?: number) {
  const user = userOf(request);
  await writeAudit(app.db, {
    actor: user.email,
    action: 'permission.denied',
    subjectType: type.key,
    subjectId: itemId === undefined ? null : String(itemId),
    after: { attempted: action, role: user.role },
  });
  const t = editorMessages[localeOf(request)];
  return sendAdmin(request, reply, t.forbidden, <p class="notice">{t.forbidden}</p>, 403);
}

export async function subjectOf(app: FastifyInstance, type: ContentTypeDescriptor, item: LoadedItem): Promise<EditorSubject> {
  return { ownerId: await findItemOwner(app.db, type.key, item.id), status: (item.snapshot.item.status as string | undefined) ?? null };
}

/**
 * Loads the item named in the URL and checks the user may do `action` with it; answers 404
 * or 403 itself and returns undefined when the handler should stop.
 */
export async function loadAuthorized(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  type: ContentTypeDescriptor,
  action: EditorAction,
): Promise<{ item: LoadedItem; subject: EditorSubject } | undefined> {
  const id = Number((request.params as { id: string }).id);
  const item = Number.isSafeInteger(id) && id > 0 ? await findItemById(app.db, type, id) : undefined;
  if (!item) {
    await reply.callNotFound();
    return undefined;
  }
  const subject = await subjectOf(app, type, item);
  if (!can(request.user, action, subject)) {
    await deny(app, request, reply, type, action, item.id);
    return undefined;
  }
  return { item, subject };
}

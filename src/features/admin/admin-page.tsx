import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { can as canAccounts } from '../accounts/accounts.policy.js';
import type { SessionUser } from '../accounts/session-user.js';
import { can as canCases } from '../hrd-cases/cases.policy.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { can as canAudit } from '../audit/audit.policy.js';
import { can as canSubscribers } from '../subscribers/subscribers.policy.js';
import { can as canMailings } from '../mailings/mailings.policy.js';
import { can as canComments } from '../comments/comments.policy.js';
import { can as canContact } from '../contact/contact.policy.js';
import { can as canMail } from '../mail/mail.policy.js';
import { ADMIN_NAV, AdminLayout } from './admin-layout.js';

/**
 * Who may see a menu item, for sections that are not open to every staff member. Each answer
 * comes from the section's own policy; the routes check again, so this only tidies the menu.
 */
const NAV_POLICIES: Record<string, (user: SessionUser | null) => boolean> = {
  '/admin/users': (user) => canAccounts(user, 'users.list'),
  '/admin/audit': (user) => canAudit(user, 'audit.view'),
  '/admin/outbox': (user) => canMail(user, 'outbox.view'),
  '/admin/subscribers': (user) => canSubscribers(user, 'subscribers.list'),
  '/admin/mailings': (user) => canMailings(user, 'mailings.list'),
  '/admin/comments': (user) => canComments(user, 'comments.moderate'),
  '/admin/contact': (user) => canContact(user, 'contact.read'),
  '/admin/hrd-alerts': (user) => canCases(user, 'alerts.publish'),
  '/admin/vocabularies': (user) => canCases(user, 'vocabularies.edit'),
  '/admin/cases': (user) => canCases(user, 'cases.list'),
  // Reports are triaged by those who create cases from them (incident-reports/reports.policy.ts).
  '/admin/reports': (user) => canCases(user, 'cases.create'),
  '/admin/fund': (user) => canCases(user, 'fund.view') || canCases(user, 'fund.request'),
};

/** Menu items this user may open; sections without an entry in NAV_POLICIES stay listed. */
export function visibleNavFor(user: SessionUser | null): string[] {
  return ADMIN_NAV.map((item) => item.href).filter((href) => NAV_POLICIES[href]?.(user) ?? true);
}

const tokens = new WeakMap<FastifyReply, string>();

/**
 * The CSRF token of this response. Made once per response: a second `generateCsrf()` on a
 * request without a secret cookie would set a new secret and invalidate the first token.
 */
export function csrfTokenFor(reply: FastifyReply): string {
  let token = tokens.get(reply);
  if (!token) {
    token = reply.generateCsrf();
    tokens.set(reply, token);
  }
  return token;
}

/** Renders an admin page in the user's language; admin pages are never stored by anyone. */
export function sendAdminPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: { title: string; path: string; status?: number; children: ComponentChildren },
): FastifyReply {
  const csrfToken = csrfTokenFor(reply);
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout user={request.user} title={page.title} path={page.path} visibleNav={visibleNavFor(request.user)} csrfToken={csrfToken}>
      {page.children}
    </AdminLayout>,
    page.status ?? 200,
  );
}

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

import type { SessionUser } from '../accounts/session-user.js';

export type CommentsAction = 'comments.moderate';

/**
 * Approving a comment publishes it, so moderation belongs to those who publish: admins and
 * editors. Authors cannot publish their own work and do not publish readers' words either;
 * monitors and fund managers have no part in the public site.
 */
export function can(user: Pick<SessionUser, 'role'> | null, action: CommentsAction): boolean {
  if (!user) return false;
  return action === 'comments.moderate' && (user.role === 'admin' || user.role === 'editor');
}

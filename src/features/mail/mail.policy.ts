import type { SessionUser } from '../accounts/session-user.js';

export const MAIL_ACTIONS = ['outbox.view', 'outbox.retry', 'outbox.liftBounce'] as const;
export type MailAction = (typeof MAIL_ACTIONS)[number];

/**
 * The outbox holds every address the organisation writes to and what it wrote (alerts,
 * replies to contact messages): admins only. Deny by default.
 */
export function can(user: Pick<SessionUser, 'role'> | null, action: MailAction): boolean {
  if (!user) return false;
  return (MAIL_ACTIONS as readonly string[]).includes(action) && user.role === 'admin';
}

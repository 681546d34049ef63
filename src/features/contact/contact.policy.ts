import type { SessionUser } from '../accounts/session-user.js';

export type ContactAction = 'contact.read' | 'contact.update';

/**
 * Readers' messages may hold personal details (and sometimes reports of abuses), so the inbox
 * is for admins and editors, who answer the public; other roles do not see it.
 */
export function can(user: Pick<SessionUser, 'role'> | null, action: ContactAction): boolean {
  if (!user) return false;
  return (action === 'contact.read' || action === 'contact.update') && (user.role === 'admin' || user.role === 'editor');
}

import type { SessionUser } from '../accounts/session-user.js';

export type SubscribersAction = 'subscribers.list' | 'subscribers.view' | 'subscribers.import' | 'subscribers.export' | 'subscribers.erase';

/**
 * The subscriber list is personal data that the communications staff run: admins and editors.
 * Authors, monitors and fund managers have no part in it; anything else is denied.
 */
export function can(user: SessionUser | null, action: SubscribersAction): boolean {
  if (!user) return false;
  void action;
  return user.role === 'admin' || user.role === 'editor';
}

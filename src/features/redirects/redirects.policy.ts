import type { SessionUser } from '../accounts/session-user.js';

export type RedirectsAction = 'redirects.edit';

/** Admins and editors keep the redirects, as they keep the menus; nobody else, and nothing by default. */
export function can(user: SessionUser | null, action: RedirectsAction): boolean {
  if (!user) return false;
  return action === 'redirects.edit' && (user.role === 'admin' || user.role === 'editor');
}

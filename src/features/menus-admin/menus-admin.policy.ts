import type { SessionUser } from '../accounts/session-user.js';

export type MenusAdminAction = 'editMenus';

/** Admins and editors arrange the header and footer menus; nobody else, and nothing by default. */
export function can(user: SessionUser | null, action: MenusAdminAction): boolean {
  if (!user) return false;
  return action === 'editMenus' && (user.role === 'admin' || user.role === 'editor');
}

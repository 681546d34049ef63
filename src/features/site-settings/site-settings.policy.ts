import type { SessionUser } from '../accounts/session-user.js';

export type SiteSettingsAction = 'editSettings' | 'editMenus' | 'editFeatured';

/** The organisation's identity is the admins' alone; editors also arrange the menus and choose the home page's featured item. */
export function can(user: SessionUser | null, action: SiteSettingsAction): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'editor' && (action === 'editMenus' || action === 'editFeatured');
}

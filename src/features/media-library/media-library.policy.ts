import type { SessionUser } from '../accounts/session-user.js';

export type MediaAction = 'view' | 'upload' | 'editAlt' | 'delete';

/**
 * Admins and editors manage every file; authors add files and describe them (alt text) but
 * remove nothing; monitors work on case data and have no business in the public media.
 */
export function can(user: SessionUser | null, action: MediaAction): boolean {
  if (!user) return false;
  switch (user.role) {
    case 'admin':
    case 'editor':
      return true;
    case 'author':
      return action === 'view' || action === 'upload' || action === 'editAlt';
    default:
      return false;
  }
}

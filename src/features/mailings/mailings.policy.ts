import type { SessionUser } from '../accounts/session-user.js';

export type MailingsAction = 'mailings.list' | 'mailings.edit' | 'mailings.send';

/** Newsletters are written and sent by the people who run the site's content: admins and editors. */
export function can(user: SessionUser | null, action: MailingsAction): boolean {
  if (!user) return false;
  void action;
  return user.role === 'admin' || user.role === 'editor';
}

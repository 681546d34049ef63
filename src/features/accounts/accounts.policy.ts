import { ROLES_REQUIRING_TWO_FACTOR } from './roles.js';
import type { SessionUser } from './session-user.js';

export const ACCOUNT_ACTIONS = [
  'users.list',
  'users.create',
  'users.changeRole',
  'users.disable',
  'account.edit',
  'twoFactor.disable',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** The account a users-admin action is about. */
export interface AccountSubject {
  id: number;
}

/**
 * Who may manage accounts. Deny by default: only what is listed here is allowed. Admins manage
 * other accounts but never their own role or status, so the last admin cannot lock everyone out.
 */
export function can(user: Pick<SessionUser, 'id' | 'role'> | null, action: AccountAction, subject?: AccountSubject): boolean {
  if (!user) return false;
  switch (action) {
    case 'users.list':
    case 'users.create':
      return user.role === 'admin';
    case 'users.changeRole':
    case 'users.disable':
      return user.role === 'admin' && subject !== undefined && subject.id !== user.id;
    case 'account.edit':
      return true;
    case 'twoFactor.disable':
      return !ROLES_REQUIRING_TWO_FACTOR.includes(user.role);
    default:
      return false;
  }
}

import type { SessionUser } from '../accounts/session-user.js';

export const OPERATIONS_ACTIONS = ['operations.resume'] as const;
export type OperationsAction = (typeof OPERATIONS_ACTIONS)[number];

/** Resuming lets the site mail every subscriber again: admins only. Deny by default. */
export function can(user: Pick<SessionUser, 'role'> | null, action: OperationsAction): boolean {
  if (!user) return false;
  return (OPERATIONS_ACTIONS as readonly string[]).includes(action) && user.role === 'admin';
}

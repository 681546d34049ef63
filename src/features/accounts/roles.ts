/**
 * Staff roles. Each feature decides what a role may do in its own `can(user, action, subject)`
 * (its `*.policy.ts`); anything a policy does not allow is denied.
 */
export const ROLES = ['admin', 'editor', 'author', 'monitor', 'fund_manager'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must use two-factor sign-in: they reach users, settings or case data. */
export const ROLES_REQUIRING_TWO_FACTOR: readonly Role[] = ['admin', 'monitor', 'fund_manager'];

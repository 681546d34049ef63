export const UPR_ACTIONS = ['upr.manage'] as const;
export type UprAction = (typeof UPR_ACTIONS)[number];

/**
 * Monitors and admins keep the UPR tracker: they import recommendations, record the cycles'
 * official totals and assess implementation, as they document the situation the assessments
 * speak of. Editors and authors do not; deny by default.
 */
export function can(user: { role: string } | null | undefined, action: UprAction): boolean {
  if (!user) return false;
  return action === 'upr.manage' && (user.role === 'admin' || user.role === 'monitor');
}

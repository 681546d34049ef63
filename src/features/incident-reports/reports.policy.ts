import type { SessionUser } from '../accounts/session-user.js';

export const REPORT_ACTIONS = ['reports.list', 'reports.read', 'reports.reply', 'reports.triage', 'reports.toCase'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * Incident reports come from people at risk and name them: only those who keep the case records
 * (monitors and admins) triage them. Deny by default; editors and authors never see one.
 */
export function can(user: Pick<SessionUser, 'role'> | null, action: ReportAction): boolean {
  if (!user) return false;
  return REPORT_ACTIONS.includes(action) && (user.role === 'admin' || user.role === 'monitor');
}

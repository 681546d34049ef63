export const AUDIT_ACTIONS = ['audit.view'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Only admins read the audit log; nobody may change it (there is no action for that). */
export function can(user: { role: string } | null, action: AuditAction): boolean {
  if (!user) return false;
  return action === 'audit.view' && user.role === 'admin';
}

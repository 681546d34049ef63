import type { SessionUser } from '../accounts/session-user.js';

/**
 * Who may do what with the protected case records, the support fund and HRD alerts (the
 * vocabularies have their own policy). Deny by default: a role or an action not named here gets nothing. Editors and
 * authors see only what is published, so no case action is ever theirs.
 */
export const CASE_ACTIONS = [
  'cases.list',
  'cases.read',
  'cases.create',
  'cases.edit',
  'cases.delete',
  'cases.export',
  'evidence.upload',
  'evidence.download',
  'interventions.edit',
  'fund.view',
  'fund.request',
  'fund.assess',
  'fund.decide',
  'fund.disburse',
  'alerts.publish',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What an action is about, where the answer depends on it. */
export interface CaseSubject {
  /** cases.read: the case has at least one support fund request (fund managers read only those). */
  hasFundRequest?: boolean;
  /** interventions.edit: the fund request an intervention carries out (null: not fund support). */
  fundRequestId?: number | null;
  /** fund.decide: who asked for the support (nobody decides on their own request). */
  requestedBy?: number | null;
}

export type CaseUser = Pick<SessionUser, 'id' | 'role'>;

export function can(user: CaseUser | null, action: CaseAction, subject?: CaseSubject): boolean {
  if (!user) return false;
  switch (user.role) {
    case 'admin':
      // Four eyes on money: an admin who asked for support does not also decide it.
      if (action === 'fund.decide') return subject?.requestedBy == null || subject.requestedBy !== user.id;
      return true;
    case 'monitor':
      return canMonitor(action, subject);
    case 'fund_manager':
      return canFundManager(user, action, subject);
    default:
      return false;
  }
}

function canMonitor(action: CaseAction, subject?: CaseSubject): boolean {
  switch (action) {
    case 'cases.list':
    case 'cases.read':
    case 'cases.create':
    case 'cases.edit':
    case 'cases.export':
    case 'evidence.upload':
    case 'evidence.download':
    case 'fund.request':
    case 'alerts.publish':
      return true;
    case 'interventions.edit':
      // Support paid by the fund is recorded by the fund's own workflow.
      return subject?.fundRequestId == null;
    default:
      return false;
  }
}

function canFundManager(user: CaseUser, action: CaseAction, subject?: CaseSubject): boolean {
  switch (action) {
    case 'cases.read':
      // Only the cases a decision is needed for.
      return subject?.hasFundRequest === true;
    case 'interventions.edit':
    case 'fund.view':
    case 'fund.assess':
    case 'fund.disburse':
      return true;
    case 'fund.decide':
      return subject?.requestedBy == null || subject.requestedBy !== user.id;
    default:
      return false;
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../accounts/roles.js';
import { CASE_ACTIONS, can, type CaseAction, type CaseSubject } from './cases.policy.js';

const SELF = 1;
const OTHER = 2;
const none = { admin: false, editor: false, author: false, monitor: false, fund_manager: false };
const allow = (...roles: Role[]) => ({ ...none, ...Object.fromEntries(roles.map((r) => [r, true])) }) as Record<Role, boolean>;

/** Every action of the case, fund, alert and vocabulary policy, for every role: true where allowed. */
const MATRIX: Array<[string, CaseAction, CaseSubject | undefined, Record<Role, boolean>]> = [
  ['cases.list', 'cases.list', undefined, allow('admin', 'monitor')],
  ['cases.read (case with a fund request)', 'cases.read', { hasFundRequest: true }, allow('admin', 'monitor', 'fund_manager')],
  ['cases.read (case without one)', 'cases.read', { hasFundRequest: false }, allow('admin', 'monitor')],
  ['cases.read (no subject)', 'cases.read', undefined, allow('admin', 'monitor')],
  ['cases.create', 'cases.create', undefined, allow('admin', 'monitor')],
  ['cases.edit', 'cases.edit', undefined, allow('admin', 'monitor')],
  ['cases.delete', 'cases.delete', undefined, allow('admin')],
  ['cases.export', 'cases.export', undefined, allow('admin', 'monitor')],
  ['evidence.upload', 'evidence.upload', undefined, allow('admin', 'monitor')],
  ['evidence.download', 'evidence.download', undefined, allow('admin', 'monitor')],
  ['interventions.edit (not from the fund)', 'interventions.edit', { fundRequestId: null }, allow('admin', 'monitor', 'fund_manager')],
  ['interventions.edit (paid by the fund)', 'interventions.edit', { fundRequestId: 7 }, allow('admin', 'fund_manager')],
  ['fund.view', 'fund.view', undefined, allow('admin', 'fund_manager')],
  ['fund.request', 'fund.request', undefined, allow('admin', 'monitor')],
  ['fund.assess', 'fund.assess', undefined, allow('admin', 'fund_manager')],
  ["fund.decide (someone else's request)", 'fund.decide', { requestedBy: OTHER }, allow('admin', 'fund_manager')],
  ['fund.decide (own request)', 'fund.decide', { requestedBy: SELF }, none],
  ['fund.disburse', 'fund.disburse', undefined, allow('admin', 'fund_manager')],
  ['alerts.publish', 'alerts.publish', undefined, allow('admin', 'monitor')],
];

describe('case, fund, alert and vocabulary permission matrix', () => {
  for (const [name, action, subject, expected] of MATRIX) {
    for (const role of Object.keys(expected) as Role[]) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} ${name}`, () => {
        assert.equal(can({ id: SELF, role }, action, subject), expected[role]);
      });
    }
  }

  it('covers every action of the policy', () => {
    assert.deepEqual(new Set(MATRIX.map((m) => m[1])), new Set(CASE_ACTIONS));
  });

  it('denies everything to nobody and to unknown roles', () => {
    for (const action of CASE_ACTIONS) {
      assert.equal(can(null, action, { hasFundRequest: true }), false);
      assert.equal(can({ id: SELF, role: 'guest' as Role }, action, { hasFundRequest: true }), false);
    }
  });

  it('gives editors and authors nothing at all, whatever the subject', () => {
    for (const role of ['editor', 'author'] as Role[]) {
      for (const action of CASE_ACTIONS) {
        for (const subject of [undefined, { hasFundRequest: true }, { fundRequestId: null }, { requestedBy: OTHER }]) {
          assert.equal(can({ id: SELF, role }, action, subject), false, `${role} ${action}`);
        }
      }
    }
  });
});

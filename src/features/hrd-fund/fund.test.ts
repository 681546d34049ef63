import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { buildCaseThroughForms, caseVersion, get, post, termId } from '../../../test/factories/hrd-cases.js';
import { STEP_FROM, stepAllowed, type FundStep } from '../hrd-cases/fund-requests.repository.js';

const audit = (t: TestContext, action: string) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute();

describe('support fund transitions', () => {
  const table: Array<[FundStep, string, boolean]> = [
    ['assess', 'requested', true],
    ['assess', 'assessing', true],
    ['assess', 'approved', false],
    ['assess', 'declined', false],
    ['assess', 'disbursed', false],
    ['approve', 'requested', false],
    ['approve', 'assessing', true],
    ['approve', 'declined', false],
    ['approve', 'disbursed', false],
    ['decline', 'requested', true],
    ['decline', 'assessing', true],
    ['decline', 'approved', false],
    ['decline', 'disbursed', false],
    ['disburse', 'requested', false],
    ['disburse', 'assessing', false],
    ['disburse', 'approved', true],
    ['disburse', 'declined', false],
    ['disburse', 'disbursed', false],
  ];
  for (const [step, from, ok] of table) {
    it(`${ok ? 'allows' : 'refuses'} ${step} from ${from}`, () => assert.equal(stepAllowed(step, from as never), ok));
  }
  it('never leaves a final status', () => {
    for (const froms of Object.values(STEP_FROM)) {
      assert.ok(!froms.includes('disbursed'));
      assert.ok(!froms.includes('declined'));
    }
  });
});

for (const engine of testEngines()) {
  describe(`support fund workflow (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    let manager: StaffAgent;
    let caseId: number;
    let requestId: number;
    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      manager = await signInAs(t, 'fund_manager', { name: 'Fiona Fund' });
      caseId = await buildCaseThroughForms(t, monitor, 'FUND');
      requestId = (await t.db.selectFrom('hrdFundRequests').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    it('records the request, audited, and shows the monitor only its status', async () => {
      const rows = await audit(t, 'fund.request');
      assert.equal(rows.at(-1)!.subjectId, String(requestId));
      assert.doesNotMatch(JSON.stringify(rows.at(-1)), /FUND-/);
      const list = await get(t, monitor, '/admin/fund');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Requested/);
      assert.doesNotMatch(list.body, /400/);
      const own = await get(t, monitor, `/admin/fund/${requestId}`);
      assert.equal(own.statusCode, 200);
      assert.doesNotMatch(own.body, /FUND-justification|400/);
      const otherMonitor = await signInAs(t, 'monitor');
      assert.equal((await get(t, otherMonitor, `/admin/fund/${requestId}`)).statusCode, 403);
      const mine = await get(t, otherMonitor, '/admin/fund');
      assert.doesNotMatch(mine.body, new RegExp(`/admin/fund/${requestId}"`));
      const page = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.match(page.body, /Requested/);
      assert.doesNotMatch(page.body, /400 USD/);
      for (const step of ['assess', 'decide', 'disburse']) {
        assert.equal((await post(t, monitor, `/admin/fund/${requestId}/${step}`, { assessment: 'x', decision: 'approve', approvedAmount: '1', amount: '1', paidOn: '2024-01-01' })).statusCode, 403, step);
      }
    });

    it('lets the fund manager see the amounts and the justification', async () => {
      const list = await get(t, manager, '/admin/fund');
      assert.match(list.body, /400 USD/);
      const page = await get(t, manager, `/admin/fund/${requestId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /FUND-justification/);
      assert.match(page.body, /FUND-victim/);
      const read = (await audit(t, 'case.read')).at(-1)!;
      assert.equal(read.subjectType, 'hrd_fund_request');
      assert.equal(read.subjectId, String(requestId));
      assert.doesNotMatch(JSON.stringify(read), /FUND-/);
    });

    it('refuses steps out of order with a clear message', async () => {
      const early = await post(t, manager, `/admin/fund/${requestId}/disburse`, { amount: '100', paidOn: '2024-04-01' });
      assert.equal(early.statusCode, 409);
      assert.match(early.body, /This request is Requested: it cannot be paid now\./);
      const approveEarly = await post(t, manager, `/admin/fund/${requestId}/decide`, { decision: 'approve', approvedAmount: '300' });
      assert.equal(approveEarly.statusCode, 409);
      const undecided = await post(t, manager, `/admin/fund/${requestId}/decide`, { approvedAmount: '300', note: 'kept' });
      assert.equal(undecided.statusCode, 400);
      assert.match(undecided.body, /Choose whether to approve or decline the request\./);
      const empty = await post(t, manager, `/admin/fund/${requestId}/assess`, { assessment: '  ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Fill in this field\./);
    });

    it('assesses, approves and pays, creating the intervention on the case', async () => {
      assert.equal((await post(t, manager, `/admin/fund/${requestId}/assess`, { assessment: 'FUND-assessment' })).statusCode, 303);
      const badAmount = await post(t, manager, `/admin/fund/${requestId}/decide`, { decision: 'approve', approvedAmount: 'lots', note: 'kept note' });
      assert.equal(badAmount.statusCode, 400);
      assert.match(badAmount.body, /kept note/);
      assert.equal((await post(t, manager, `/admin/fund/${requestId}/decide`, { decision: 'approve', approvedAmount: '350', note: 'FUND-reasons' })).statusCode, 303);
      const tooMuch = await post(t, manager, `/admin/fund/${requestId}/disburse`, { amount: '351', paidOn: '2024-04-01' });
      assert.equal(tooMuch.statusCode, 400);
      assert.match(tooMuch.body, /This is more than the amount approved\./);
      const future = await post(t, manager, `/admin/fund/${requestId}/disburse`, { amount: '350', paidOn: '2999-04-01' });
      assert.equal(future.statusCode, 400);
      assert.equal((await post(t, manager, `/admin/fund/${requestId}/disburse`, { amount: '350', paidOn: '2024-04-01' })).statusCode, 303);

      const r = await t.db.selectFrom('hrdFundRequests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
      assert.equal(r.status, 'disbursed');
      assert.equal(r.approvedAmount, 350);
      assert.equal(r.decidedBy, manager.userId);
      assert.equal(r.disbursedBy, manager.userId);
      const intervention = await t.db.selectFrom('hrdInterventions').selectAll().where('fundRequestId', '=', requestId).executeTakeFirstOrThrow();
      assert.equal(intervention.caseId, caseId);
      assert.equal(intervention.amount, 350);
      assert.equal(intervention.currency, 'USD');
      assert.equal(intervention.typeId, await termId(t, 'intervention_type', 'relocation'));
      assert.equal(intervention.startedOn, '2024-04-01');
      for (const action of ['fund.assess', 'fund.approve', 'fund.disburse']) {
        const row = (await audit(t, action)).at(-1);
        assert.ok(row, action);
        assert.equal(row.actor, `user:${manager.userId}`);
        assert.doesNotMatch(JSON.stringify(row), /FUND-/);
      }

      const again = await post(t, manager, `/admin/fund/${requestId}/disburse`, { amount: '350', paidOn: '2024-04-02' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /This request is Paid: it cannot be paid now\./);

      const managerCase = await get(t, manager, `/admin/cases/${caseId}`);
      assert.match(managerCase.body, /350 USD/);
      assert.match(managerCase.body, /Support paid: Temporary relocation/);
      const monitorCase = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.doesNotMatch(monitorCase.body, /350 USD/);
      assert.match(monitorCase.body, /Amount seen by fund managers/);
      assert.match(monitorCase.body, /Paid/);
      // The fund's intervention is the fund's: a monitor cannot change it.
      const change = await post(t, monitor, `/admin/cases/${caseId}/interventions/${intervention.id}/status`, { version: await caseVersion(t, caseId), status: 'cancelled' });
      assert.equal(change.statusCode, 403);
      const managerChange = await post(t, manager, `/admin/cases/${caseId}/interventions/${intervention.id}/status`, { version: await caseVersion(t, caseId), status: 'completed', endedOn: '2024-05-01' });
      assert.equal(managerChange.statusCode, 303);
    });

    it('refuses to pay a declined request, with the reason', async () => {
      const res = await post(t, monitor, `/admin/cases/${caseId}/fund-requests`, {
        version: await caseVersion(t, caseId),
        type: String(await termId(t, 'intervention_type', 'medical')),
        amount: '90',
        currency: 'USD',
        justification: 'FUND-second',
      });
      assert.equal(res.statusCode, 303);
      const id = (await t.db.selectFrom('hrdFundRequests').select('id').where('caseId', '=', caseId).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
      assert.equal((await post(t, manager, `/admin/fund/${id}/decide`, { decision: 'decline', note: 'FUND-no' })).statusCode, 303);
      const pay = await post(t, manager, `/admin/fund/${id}/disburse`, { amount: '90', paidOn: '2024-04-01' });
      assert.equal(pay.statusCode, 409);
      assert.match(pay.body, /This request is Declined: it cannot be paid now\./);
      const approve = await post(t, manager, `/admin/fund/${id}/decide`, { decision: 'approve', approvedAmount: '90' });
      assert.equal(approve.statusCode, 409);
      assert.equal((await t.db.selectFrom('hrdInterventions').select('id').where('fundRequestId', '=', id).execute()).length, 0);
    });

    it('does not let anyone decide a request they made themselves', async () => {
      const admin = await signInAs(t, 'admin');
      const res = await post(t, admin, `/admin/cases/${caseId}/fund-requests`, {
        version: await caseVersion(t, caseId),
        type: String(await termId(t, 'intervention_type', 'security')),
        amount: '50',
        currency: 'KHR',
        justification: 'FUND-admin',
      });
      assert.equal(res.statusCode, 303);
      const id = (await t.db.selectFrom('hrdFundRequests').select('id').where('caseId', '=', caseId).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
      assert.equal((await post(t, admin, `/admin/fund/${id}/assess`, { assessment: 'ok' })).statusCode, 303);
      const page = await get(t, admin, `/admin/fund/${id}`);
      assert.match(page.body, /You asked for this support, so another fund manager or admin decides it\./);
      assert.equal((await post(t, admin, `/admin/fund/${id}/decide`, { decision: 'approve', approvedAmount: '50' })).statusCode, 403);
      assert.equal((await post(t, manager, `/admin/fund/${id}/decide`, { decision: 'approve', approvedAmount: '50' })).statusCode, 303);
    });

    it('shows the fund in Khmer', async () => {
      const km = await signInAs(t, 'fund_manager', { locale: 'km' });
      const page = await get(t, km, '/admin/fund');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /មូលនិធិជំនួយ/);
      assert.match(page.body, /បានបង់ប្រាក់/);
    });
  });
}

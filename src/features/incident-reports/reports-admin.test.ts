import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { photoWithGps, sendReport } from '../../../test/factories/incident-reports.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';
import { readCaseForAlert } from '../hrd-cases/cases.repository.js';
import { listEvidence, openEvidenceFile } from '../hrd-cases/evidence.store.js';
import { sha256Of } from '../media/storage.js';

for (const engine of testEngines()) {
  describe(`incident report triage (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    const ids: number[] = [];
    let actTypeId = 0;
    let place: { province: number; district: number };

    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      const province = await t.db.selectFrom('places').select('id').where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
      const district = await t.db.selectFrom('places').select('id').where('parentId', '=', province.id).orderBy('id').executeTakeFirstOrThrow();
      place = { province: province.id, district: district.id };
      actTypeId = (await t.db.selectFrom('vocabularyTerms').select('id').where('vocabulary', '=', 'act_type').where('parentId', 'is not', null).orderBy('id').executeTakeFirstOrThrow()).id;
      const reports: Array<Record<string, string>> = [
        { what: 'Police came to the community meeting and took our banners.', date: '2025-04-12', accuracy: 'day', kind: String(actTypeId), province: String(place.province), district: String(place.district), name: 'Sok Dara', contact: '012 345 678', mayContact: 'on' },
        { what: 'A journalist received threats by telephone.' },
        { what: 'The same meeting, told again by a neighbour.' },
      ];
      for (const [i, fields] of reports.entries()) {
        const files = i === 0 ? [{ name: 'banner.jpg', type: 'image/jpeg', bytes: await photoWithGps() }] : [];
        const res = await sendReport(t, fields, { files });
        assert.equal(res.status, 200, res.body.slice(0, 1000));
        ids.push((await t.db.selectFrom('incidentReports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
      }
    });
    after(() => t?.close());

    const get = (url: string, agent: StaffAgent) => t.app.inject({ url, headers: { cookie: agent.cookie } });
    const post = (url: string, agent: StaffAgent, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: agent.csrfToken, ...fields }).toString(),
      });
    const audit = (action: string, id: number) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).where('subjectId', '=', String(id)).execute();

    it('lists reports newest first, filtered by state, and audits each read', async () => {
      const list = await get('/admin/reports', monitor);
      assert.equal(list.statusCode, 200);
      const order = [...list.body.matchAll(/href="\/admin\/reports\/(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(order, [...ids].reverse());
      assert.doesNotMatch(list.body, /Police came/, 'the list shows no words of a report');
      const page = await get(`/admin/reports/${ids[0]}`, monitor);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Police came to the community meeting/);
      assert.match(page.body, /Sok Dara/);
      assert.equal((await audit('reports.read', ids[0]!)).length, 1);
      const fresh = await get('/admin/reports?status=new', monitor);
      const newOnes = [...fresh.body.matchAll(/href="\/admin\/reports\/(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(newOnes, [ids[2], ids[1]], 'the report read is no longer new');
      assert.equal((await get('/admin/reports?status=nonsense', monitor)).statusCode, 200);
    });

    it('marks a duplicate of another report, and rejects with a reason kept sealed', async () => {
      const dup = await post(`/admin/reports/${ids[2]}/duplicate`, monitor, { report: String(ids[0]), case: '' });
      assert.equal(dup.statusCode, 303);
      const row = await t.db.selectFrom('incidentReports').selectAll().where('id', '=', ids[2]!).executeTakeFirstOrThrow();
      assert.equal(row.status, 'duplicate');
      assert.equal(row.duplicateOfReportId, ids[0]);
      assert.equal((await audit('reports.duplicate', ids[2]!)).length, 1);
      assert.equal((await post(`/admin/reports/${ids[2]}/duplicate`, monitor, { report: '999999', case: '' })).statusCode, 400);
      assert.equal((await post(`/admin/reports/${ids[2]}/duplicate`, monitor, { report: '', case: 'HRD-1999-0001' })).statusCode, 400);

      const rejected = await post(`/admin/reports/${ids[1]}/reject`, monitor, { reason: 'Outside the organisation’s mandate' });
      assert.equal(rejected.statusCode, 303);
      const after = await t.db.selectFrom('incidentReports').selectAll().where('id', '=', ids[1]!).executeTakeFirstOrThrow();
      assert.equal(after.status, 'rejected');
      assert.match(after.rejectReasonEnc!, /^dv1\./);
      assert.equal((await audit('reports.reject', ids[1]!)).length, 1);
      assert.equal((await post(`/admin/reports/${ids[1]}/reject`, monitor, { reason: '' })).statusCode, 400);
    });

    it('turns a report into a case: event, victim, act and evidence with its SHA-256 kept, every step audited', async () => {
      const before = await get(`/admin/reports/${ids[0]}`, monitor);
      const sha = /SHA-256 ([0-9a-f]{64})/.exec(before.body)![1]!;
      const res = await post(`/admin/reports/${ids[0]}/case`, monitor, { title: 'Banners taken at a community meeting' });
      assert.equal(res.statusCode, 303);
      const caseId = Number(/\/admin\/cases\/(\d+)$/.exec(res.headers.location as string)![1]);
      const record = (await readCaseForAlert(t.db, t.app.vault, caseId))!;
      assert.equal(record.title, 'Banners taken at a community meeting');
      assert.equal(record.summary, 'Police came to the community meeting and took our banners.');
      assert.equal(record.events.length, 1);
      assert.equal(record.events[0]!.occurredOn, '2025-04-12');
      assert.equal(record.events[0]!.provinceId, place.province);
      assert.equal(record.victims[0]!.name, 'Sok Dara');
      assert.equal(record.acts.length, 1);
      assert.equal(record.acts[0]!.actTypeId, actTypeId);
      const evidence = await listEvidence(t.db, t.app.vault, caseId);
      assert.equal(evidence.length, 1);
      assert.equal(evidence[0]!.sha256, sha, 'the SHA-256 recorded at arrival is the evidence’s');
      const file = await openEvidenceFile(t.db, t.app.vault, t.app.storage, caseId, evidence[0]!.id);
      assert.equal(sha256Of(file!.bytes), sha);
      const report = await t.db.selectFrom('incidentReports').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
      assert.equal(report.status, 'case');
      assert.equal(report.caseId, caseId);
      assert.equal((await audit('reports.toCase', ids[0]!)).length, 1);
      assert.equal((await audit('case.create', caseId)).length, 1);
      const again = await post(`/admin/reports/${ids[0]}/case`, monitor, { title: 'Twice' });
      assert.equal(again.headers.location, `/admin/cases/${caseId}`, 'a report becomes one case');
      assert.equal((await t.db.selectFrom('hrdCases').select('id').execute()).length, 1);
      assert.match((await get(`/admin/reports/${ids[0]}`, monitor)).body, new RegExp(`href="/admin/cases/${caseId}"`));
    });

    for (const role of ['editor', 'author', 'fund_manager'] as Role[]) {
      it(`refuses ${role}s everywhere under /admin/reports, and audits each refusal`, async () => {
        const agent = await signInAs(t, role);
        const fileId = (await t.db.selectFrom('incidentReportAttachments').select('id').executeTakeFirst())?.id ?? 1;
        const gets = ['/admin/reports', '/admin/reports?status=new', `/admin/reports/${ids[1]}`, `/admin/reports/${ids[1]}/files/${fileId}`, '/admin/reports/999999'];
        for (const url of gets) assert.equal((await get(url, agent)).statusCode, 403, url);
        for (const step of ['reply', 'duplicate', 'reject', 'case']) {
          const res = await post(`/admin/reports/${ids[1]}/${step}`, agent, { text: 'x', reason: 'x', title: 'x', report: String(ids[0]) });
          assert.equal(res.statusCode, 403, step);
        }
        const refusals = await t.db.selectFrom('auditLog').select('id').where('action', '=', 'permission.denied').where('actor', '=', `user:${agent.userId}`).execute();
        assert.equal(refusals.length, 9);
        const menu = await get('/admin', agent);
        assert.doesNotMatch(menu.body, /href="\/admin\/reports"/, 'the menu does not offer it');
        const row = await t.db.selectFrom('incidentReports').select('status').where('id', '=', ids[1]!).executeTakeFirstOrThrow();
        assert.equal(row.status, 'rejected', 'nothing changed');
      });
    }

    it('shows monitors the menu entry, and sends visitors without a session to sign in', async () => {
      assert.match((await get('/admin', monitor)).body, /href="\/admin\/reports"/);
      const anonymous = await t.app.inject('/admin/reports');
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location as string, /^\/admin\/sign-in/);
    });
  });
}

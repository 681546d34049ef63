import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';
import { buildCaseThroughForms, caseVersion, get, post, somePlace, termId, uploadEvidence } from '../../../test/factories/hrd-cases.js';
import { openPlace } from './case-record.js';
import { readCaseForAlert } from './cases.repository.js';
import { sealContext } from './protected-fields.js';
import { MAX_EVIDENCE_BYTES } from './evidence.store.js';
import { findPlace, updatePlaceNames } from '../hrd-vocabularies/vocabularies.repository.js';

const auditRows = (t: TestContext, action: string) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute();

for (const engine of testEngines()) {
  describe(`HRD case records (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    let caseId: number;
    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor', { name: 'Mona Monitor' });
      caseId = await buildCaseThroughForms(t, monitor, 'MARK');
    });
    after(() => t.close());

    it('refuses editors and authors on every case and fund URL, and audits each refusal', async () => {
      const urls: Array<['GET' | 'POST', string]> = [
        ['GET', '/admin/cases'],
        ['GET', '/admin/cases/new'],
        ['POST', '/admin/cases/new'],
        ['GET', `/admin/cases/${caseId}`],
        ['POST', `/admin/cases/${caseId}`],
        ['POST', `/admin/cases/${caseId}/victims`],
        ['POST', `/admin/cases/${caseId}/events`],
        ['POST', `/admin/cases/${caseId}/acts`],
        ['POST', `/admin/cases/${caseId}/sources`],
        ['POST', `/admin/cases/${caseId}/timeline`],
        ['POST', `/admin/cases/${caseId}/interventions`],
        ['POST', `/admin/cases/${caseId}/fund-requests`],
        ['POST', `/admin/cases/${caseId}/victims/1`],
        ['POST', `/admin/cases/${caseId}/events/1`],
        ['POST', `/admin/cases/${caseId}/sources/1`],
        ['POST', `/admin/cases/${caseId}/timeline/1`],
        ['POST', `/admin/cases/${caseId}/acts/1/assessment`],
        ['POST', `/admin/cases/${caseId}/perpetrators`],
        ['POST', `/admin/cases/${caseId}/interventions/1/status`],
        ['POST', `/admin/cases/${caseId}/evidence`],
        ['POST', `/admin/cases/${caseId}/remove`],
        ['POST', `/admin/cases/${caseId}/delete`],
        ['GET', `/admin/cases/${caseId}/export.json`],
        ['GET', '/admin/cases/export.csv'],
        ['GET', `/admin/cases/${caseId}/evidence/1`],
        ['GET', '/admin/cases/999999'],
        ['GET', '/admin/fund'],
        ['GET', '/admin/fund/1'],
        ['POST', '/admin/fund/1/assess'],
        ['POST', '/admin/fund/1/decide'],
        ['POST', '/admin/fund/1/disburse'],
      ];
      for (const role of ['editor', 'author'] as Role[]) {
        const agent = await signInAs(t, role);
        for (const [method, url] of urls) {
          const before = (await auditRows(t, 'permission.denied')).length;
          const res = method === 'GET' ? await get(t, agent, url) : await post(t, agent, url, { version: '1' });
          assert.equal(res.statusCode, 403, `${role} ${method} ${url}`);
          assert.doesNotMatch(res.body, /MARK/, `${role} ${method} ${url} shows case data`);
          const rows = await auditRows(t, 'permission.denied');
          assert.equal(rows.length, before + 1, `${role} ${method} ${url} is audited`);
          assert.equal(rows.at(-1)!.actor, `user:${agent.userId}`);
        }
      }
    });

    it('refuses a fund manager the cases without a fund request, and lets them read one with', async () => {
      const manager = await signInAs(t, 'fund_manager');
      assert.equal((await get(t, manager, '/admin/cases')).statusCode, 403);
      const other = await post(t, monitor, '/admin/cases/new', { title: 'no fund here', status: 'open', openedOn: '2024-01-01' });
      const otherId = Number(/(\d+)/.exec(other.headers.location as string)![1]);
      assert.equal((await get(t, manager, `/admin/cases/${otherId}`)).statusCode, 403);
      const page = await get(t, manager, `/admin/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /MARK-victim/);
      assert.equal((await get(t, manager, `/admin/cases/${caseId}/export.json`)).statusCode, 403);
      assert.equal((await post(t, manager, `/admin/cases/${caseId}/victims`, { version: await caseVersion(t, caseId), name: 'x' })).statusCode, 403);
    });

    it('shows the case page with every part, dates as exactly as known, and audits the read without values', async () => {
      const before = (await auditRows(t, 'case.read')).length;
      const page = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      for (const part of ['title', 'summary', 'victim', 'contact', 'affiliation', 'vnotes', 'village', 'event', 'perpetrator', 'anotes', 'source', 'timeline', 'inotes', 'edesc', 'file.txt']) {
        assert.match(page.body, new RegExp(`MARK-${part.replace('.', '\\.')}`), part);
      }
      assert.match(page.body, /March 2024/);
      assert.match(page.body, /<time dateTime="2017-01-01">2017<\/time>/i);
      const rows = await auditRows(t, 'case.read');
      assert.equal(rows.length, before + 1);
      const row = rows.at(-1)!;
      assert.equal(row.subjectId, String(caseId));
      assert.doesNotMatch(JSON.stringify(row), /MARK/);
    });

    it('shows the Khmer admin in Khmer, with Khmer dates', async () => {
      const km = await signInAs(t, 'monitor', { locale: 'km' });
      const page = await get(t, km, `/admin/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /ជនរងគ្រោះ/);
      assert.match(page.body, /មីនា ២០២៤/);
      assert.match(page.body, /២០១៧/);
    });

    it('reads the case for the alerts form', async () => {
      const c = await readCaseForAlert(t.db, t.app.vault, caseId);
      assert.ok(c);
      assert.equal(c.title, 'MARK-title');
      assert.equal(c.victims[0]!.name, 'MARK-victim');
      assert.equal(c.events[0]!.dateAccuracy, 'month');
      assert.equal(c.events[0]!.provinceId, (await somePlace(t)).provinceId);
      assert.equal(c.acts[0]!.actTypeId, await termId(t, 'act_type', 'threat'));
      assert.equal(c.acts[0]!.verificationId, await termId(t, 'verification', 'confirmed'));
      assert.equal(c.acts[0]!.occurredOn, '2024-03-01');
      assert.equal(c.acts[0]!.rightIds.length, 2);
      assert.equal(c.timeline[0]!.text, 'MARK-timeline');
      assert.equal(await readCaseForAlert(t.db, t.app.vault, 999_999), null);
    });

    it('lists cases with filters, titles only for readers, and exports a CSV without names', async () => {
      const place = await somePlace(t);
      const threat = await termId(t, 'act_type', 'threat');
      const list = await get(t, monitor, `/admin/cases?province=${place.provinceId}&year=2024&actType=${threat}&status=open&q=hrd-2024`);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /MARK-title/);
      assert.match(list.body, /HRD-2024-0001/);
      const none = await get(t, monitor, `/admin/cases?year=2019`);
      assert.doesNotMatch(none.body, /MARK-title/);
      const junk = await get(t, monitor, `/admin/cases?province=abc&year=x&actType=-1&page=zz&status=%3Cscript%3E`);
      assert.equal(junk.statusCode, 200);

      const before = (await auditRows(t, 'case.export')).length;
      const csv = await get(t, monitor, `/admin/cases/export.csv?year=2024`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /^attachment/);
      assert.equal(csv.headers['cache-control'], 'no-store');
      assert.match(csv.body, /HRD-2024-0001,open,2024-03-02/);
      assert.match(csv.body, /threat/);
      assert.doesNotMatch(csv.body, /MARK/);
      const rows = await auditRows(t, 'case.export');
      assert.equal(rows.length, before + 1);
      assert.match(String(rows.at(-1)!.after), /"format":"csv"/);
    });

    it('guards the CSV against formulas in place names an admin typed', async () => {
      const place = await somePlace(t);
      const original = (await findPlace(t.db, place.provinceId))!;
      await updatePlaceNames(t.db, place.provinceId, [{ locale: 'en', text: '=HYPERLINK("http://evil.example","x")' }]);
      try {
        const csv = await get(t, monitor, `/admin/cases/export.csv?year=2024`);
        assert.equal(csv.statusCode, 200);
        assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)"/);
        assert.doesNotMatch(csv.body, /,"=HYPERLINK/);
      } finally {
        await updatePlaceNames(t.db, place.provinceId, original.names);
      }
    });

    it('exports one case as JSON for monitors, audited', async () => {
      const before = (await auditRows(t, 'case.export')).length;
      const res = await get(t, monitor, `/admin/cases/${caseId}/export.json`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="HRD-2024-0001\.json"/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const data = JSON.parse(res.body) as { title: string; acts: Array<{ actType: string; rights: string[] }>; evidence: Array<{ sha256: string }>; fundRequests?: unknown };
      assert.equal(data.title, 'MARK-title');
      assert.equal(data.acts[0]!.actType, 'threat');
      assert.deepEqual(data.acts[0]!.rights.sort(), ['expression', 'privacy']);
      assert.equal(data.fundRequests, undefined, 'monitors do not get the fund amounts');
      const rows = await auditRows(t, 'case.export');
      assert.equal(rows.length, before + 1);
      assert.equal(rows.at(-1)!.subjectId, String(caseId));
      assert.doesNotMatch(JSON.stringify(rows.at(-1)), /MARK/);
    });

    it('stores evidence sealed, with a keyed fingerprint and no clear SHA-256, size or type, and downloads it only as an audited attachment', async () => {
      const row = await t.db.selectFrom('hrdEvidence').selectAll().where('caseId', '=', caseId).executeTakeFirstOrThrow();
      assert.match(row.storageKey, /^[0-9a-f]{32}$/);
      const { createHash } = await import('node:crypto');
      const sha256 = createHash('sha256').update('MARK-file-content').digest('hex');
      const everything = JSON.stringify([await t.db.selectFrom('hrdEvidence').selectAll().execute(), await t.db.selectFrom('auditLog').selectAll().execute()]);
      assert.ok(!everything.toLowerCase().includes(sha256), 'no plaintext SHA-256 of the upload in the evidence table or the audit log');
      assert.ok(!everything.includes(Buffer.from(sha256, 'hex').toString('base64')), 'nor in base64');
      assert.match(row.fingerprint ?? '', /^[0-9a-f]{64}$/);
      for (const column of ['size', 'mediaType', 'sha256'] as const) assert.equal((row as Record<string, unknown>)[column], undefined, `no clear ${column} column`);
      assert.ok(!Object.values(row).includes('MARK-file-content'.length), 'no clear size');
      assert.ok(!Object.values(row).some((v) => typeof v === 'string' && /^(text|application)\//.test(v)), 'no clear type');
      const page = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.ok(page.body.includes(sha256), 'monitors still see the SHA-256 on the case page');
      const before = (await auditRows(t, 'evidence.download')).length;
      const res = await get(t, monitor, `/admin/cases/${caseId}/evidence/${row.id}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, 'MARK-file-content');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="MARK-file\.txt"/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      const rows = await auditRows(t, 'evidence.download');
      assert.equal(rows.length, before + 1);
      assert.equal(rows.at(-1)!.subjectId, String(row.id));
      assert.doesNotMatch(JSON.stringify(rows.at(-1)), /MARK/);
      const manager = await signInAs(t, 'fund_manager');
      assert.equal((await get(t, manager, `/admin/cases/${caseId}/evidence/${row.id}`)).statusCode, 403);
      assert.equal((await get(t, monitor, `/admin/cases/${caseId}/evidence/99999`)).statusCode, 404);
    });

    it('refuses a file over the size limit with a clear message, and a missing file', async () => {
      const count = async () => (await t.db.selectFrom('hrdEvidence').select('id').execute()).length;
      const n = await count();
      const big = await uploadEvidence(t, monitor, caseId, 'too big', { name: 'big.bin', type: 'application/octet-stream', bytes: Buffer.alloc(MAX_EVIDENCE_BYTES + 10, 1) });
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /This file is too large: files up to 20 MB can be added\./);
      assert.match(big.body, /value="too big"/);
      const empty = await uploadEvidence(t, monitor, caseId, 'nothing', { name: 'empty.txt', type: 'text/plain', bytes: Buffer.alloc(0) });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Choose a file\./);
      assert.equal(await count(), n);
    });

    it('keeps the values and shows localized errors on bad input, never a 500', async () => {
      const v = await caseVersion(t, caseId);
      const bad = await post(t, monitor, `/admin/cases/${caseId}/events`, { version: v, date: '2024-02-31', accuracy: 'day', description: 'kept-description', province: 'nope' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Enter a date as YYYY-MM-DD, YYYY-MM or YYYY\./);
      assert.match(bad.body, /kept-description/);
      assert.match(bad.body, /Choose one of the listed options\./);
      const future = await post(t, monitor, `/admin/cases/${caseId}/timeline`, { version: v, date: '2999-01-01', accuracy: 'day', kind: 'note', text: 'later' });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /This date is in the future\./);
      const act = await post(t, monitor, `/admin/cases/${caseId}/acts`, { version: v, event: '99999', victim: 'x', classification: 'bad', rights: ['1', 'zz'] });
      assert.equal(act.statusCode, 400);
      const victim = await post(t, monitor, `/admin/cases/${caseId}/victims`, { version: v, kind: 'group', name: '', groupSize: '-4', sex: 'x' });
      assert.equal(victim.statusCode, 400);
      assert.match(victim.body, /Fill in this field\./);
      assert.match(victim.body, /Enter a whole number greater than zero\./);
      const km = await signInAs(t, 'monitor', { locale: 'km' });
      const kmBad = await post(t, km, `/admin/cases/${caseId}/sources`, { version: v, name: '', obtainedOn: 'yesterday' });
      assert.equal(kmBad.statusCode, 400);
      assert.match(kmBad.body, /សូមបំពេញចន្លោះនេះ។/);
      const newBad = await post(t, monitor, '/admin/cases/new', { title: 'kept title', status: 'open', openedOn: '2024-05-01', closedOn: '2024-04-01' });
      assert.equal(newBad.statusCode, 400);
      assert.match(newBad.body, /value="kept title"/);
      assert.match(newBad.body, /A case cannot close before it opened\./);
      assert.equal(await caseVersion(t, caseId), v, 'nothing was saved');
      assert.equal((await get(t, monitor, '/admin/cases/abc')).statusCode, 404);
      assert.equal((await get(t, monitor, '/admin/cases/99999999')).statusCode, 404);
    });

    it('fills the district and commune lists after the province is chosen, without saving', async () => {
      const place = await somePlace(t);
      const v = await caseVersion(t, caseId);
      const res = await post(t, monitor, `/admin/cases/${caseId}/events`, { version: v, date: '2024-04-02', accuracy: 'day', province: String(place.provinceId), refresh: '1', description: 'still here' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<option value="${place.districtId}"`));
      assert.match(res.body, /still here/);
      assert.equal(await caseVersion(t, caseId), v);
      const other = await t.db.selectFrom('places').select('id').where('level', '=', 'district').where('parentId', '!=', place.provinceId).executeTakeFirstOrThrow();
      const mismatch = await post(t, monitor, `/admin/cases/${caseId}/events`, { version: v, date: '2024-04-02', accuracy: 'day', province: String(place.provinceId), district: String(other.id) });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /This place is not in the province or district chosen\./);
    });

    it('adds more perpetrators to an act, only to an act of this case', async () => {
      const act = await t.db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select('hrdActs.id').where('hrdEvents.caseId', '=', caseId).executeTakeFirstOrThrow();
      const military = String(await termId(t, 'perpetrator_type', 'military_police'));
      const missing = await post(t, monitor, `/admin/cases/${caseId}/perpetrators`, { version: await caseVersion(t, caseId), act: String(act.id), perpetratorName: 'kept unit' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /kept unit/);
      const foreign = await post(t, monitor, `/admin/cases/${caseId}/perpetrators`, { version: await caseVersion(t, caseId), act: '999999', perpetratorType: military });
      assert.equal(foreign.statusCode, 400);
      const ok = await post(t, monitor, `/admin/cases/${caseId}/perpetrators`, { version: await caseVersion(t, caseId), act: String(act.id), perpetratorType: military, perpetratorName: 'MARK-unit' });
      assert.equal(ok.statusCode, 303);
      const rows = await t.db.selectFrom('hrdActPerpetrators').select(['perpetratorTypeId', 'nameEnc']).where('actId', '=', act.id).orderBy('id').execute();
      assert.equal(rows.length, 2);
      assert.equal(rows[1]!.perpetratorTypeId, Number(military));
      assert.doesNotMatch(rows[1]!.nameEnc!, /MARK/);
      assert.match((await get(t, monitor, `/admin/cases/${caseId}`)).body, /Military police — MARK-unit/);
    });

    it('changes a victim and the verification of an act as more is learnt', async () => {
      const victim = await t.db.selectFrom('hrdVictims').select('id').where('caseId', '=', caseId).orderBy('id').executeTakeFirstOrThrow();
      const fields = { kind: 'person', name: 'MARK-victim', sex: 'female', ageGroup: 'adult', contact: 'MARK-newcontact' };
      const bad = await post(t, monitor, `/admin/cases/${caseId}/victims/${victim.id}`, { version: await caseVersion(t, caseId), ...fields, name: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /MARK-newcontact/);
      const foreign = await post(t, monitor, `/admin/cases/${caseId}/victims/999999`, { version: await caseVersion(t, caseId), ...fields });
      assert.equal(foreign.statusCode, 400);
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/victims/${victim.id}`, { version: await caseVersion(t, caseId), ...fields })).statusCode, 303);
      const page = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.match(page.body, /MARK-newcontact/);
      const audit = (await auditRows(t, 'case.victim.update')).at(-1)!;
      assert.doesNotMatch(JSON.stringify(audit), /MARK/);

      const act = await t.db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select('hrdActs.id').where('hrdEvents.caseId', '=', caseId).executeTakeFirstOrThrow();
      const likely = String(await termId(t, 'verification', 'likely'));
      const wrong = await post(t, monitor, `/admin/cases/${caseId}/acts/${act.id}/assessment`, { version: await caseVersion(t, caseId), verification: '999999', classification: 'restriction' });
      assert.equal(wrong.statusCode, 400);
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/acts/${act.id}/assessment`, { version: await caseVersion(t, caseId), verification: likely, classification: 'restriction' })).statusCode, 303);
      const row = await t.db.selectFrom('hrdActs').select(['verificationId', 'classification']).where('id', '=', act.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { verificationId: Number(likely), classification: 'restriction' });
    });

    it('refuses a stale save (optimistic locking) and keeps what was typed', async () => {
      const v = await caseVersion(t, caseId);
      const first = await post(t, monitor, `/admin/cases/${caseId}`, { version: v, title: 'MARK-title', summary: 'MARK-summary', status: 'monitoring', openedOn: '2024-03-02' });
      assert.equal(first.statusCode, 303);
      const stale = await post(t, monitor, `/admin/cases/${caseId}`, { version: v, title: 'MARK-title', summary: 'stale words', status: 'closed', openedOn: '2024-03-02' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /Someone else changed this case after you opened it/);
      assert.match(stale.body, /stale words/);
      const staleVictim = await post(t, monitor, `/admin/cases/${caseId}/victims`, { version: v, kind: 'person', name: 'late victim' });
      assert.equal(staleVictim.statusCode, 409);
      const row = await t.db.selectFrom('hrdCases').select(['status', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'monitoring');
      assert.equal(row.version, Number(v) + 1);
    });

    it('removes parts of the case, and lets only admins delete a case with its files', async () => {
      const extra = await post(t, monitor, `/admin/cases/${caseId}/victims`, { version: await caseVersion(t, caseId), kind: 'group', name: 'to remove', groupSize: '12' });
      assert.equal(extra.statusCode, 303);
      const victim = await t.db.selectFrom('hrdVictims').select(['id', 'groupSize']).where('caseId', '=', caseId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(victim.groupSize, 12);
      const removed = await post(t, monitor, `/admin/cases/${caseId}/remove`, { version: await caseVersion(t, caseId), part: 'victim', id: String(victim.id) });
      assert.equal(removed.statusCode, 303);
      const wrong = await post(t, monitor, `/admin/cases/${caseId}/remove`, { version: await caseVersion(t, caseId), part: 'victim', id: '999999' });
      assert.equal(wrong.statusCode, 400);

      const doomed = await buildCaseThroughForms(t, monitor, 'DOOM');
      assert.equal((await post(t, monitor, `/admin/cases/${doomed}/delete`, { reference: 'x' })).statusCode, 403);
      const admin = await signInAs(t, 'admin');
      const reference = (await t.db.selectFrom('hrdCases').select('reference').where('id', '=', doomed).executeTakeFirstOrThrow()).reference;
      const key = (await t.db.selectFrom('hrdEvidence').select('storageKey').where('caseId', '=', doomed).executeTakeFirstOrThrow()).storageKey;
      const { evidenceObjectKey } = await import('./evidence.store.js');
      assert.ok(await t.app.storage.head(evidenceObjectKey(key)));
      assert.equal((await post(t, admin, `/admin/cases/${doomed}/delete`, { reference: 'wrong' })).statusCode, 400);
      const gone = await post(t, admin, `/admin/cases/${doomed}/delete`, { reference });
      assert.equal(gone.statusCode, 303);
      assert.equal(await t.db.selectFrom('hrdCases').select('id').where('id', '=', doomed).executeTakeFirst(), undefined);
      assert.equal(await t.app.storage.head(evidenceObjectKey(key)), undefined);
      const audit = await auditRows(t, 'case.delete');
      assert.equal(audit.at(-1)!.subjectId, String(doomed));
      assert.doesNotMatch(JSON.stringify(audit.at(-1)), /DOOM/);
    });

    it('corrects an event, a source and a timeline entry in place: sealed, audited without values, locked by version', async () => {
      const event = await t.db.selectFrom('hrdEvents').selectAll().where('caseId', '=', caseId).orderBy('id').executeTakeFirstOrThrow();
      const source = await t.db.selectFrom('hrdSources').selectAll().where('caseId', '=', caseId).orderBy('id').executeTakeFirstOrThrow();
      const entry = await t.db.selectFrom('hrdTimelineEntries').selectAll().where('caseId', '=', caseId).orderBy('id').executeTakeFirstOrThrow();

      // The page offers each correction with what is recorded, the date only as exactly as known.
      const page = await get(t, monitor, `/admin/cases/${caseId}`);
      assert.match(page.body, new RegExp(`action="/admin/cases/${caseId}/events/${event.id}#edit-event-${event.id}"`));
      assert.match(page.body, new RegExp(`id="e${event.id}-date"[^>]*value="2024-03"|value="2024-03"[^>]*id="e${event.id}-date"`));
      assert.match(page.body, new RegExp(`action="/admin/cases/${caseId}/sources/${source.id}#edit-source-${source.id}"`));
      assert.match(page.body, new RegExp(`action="/admin/cases/${caseId}/timeline/${entry.id}#edit-timeline-${entry.id}"`));

      // Editors are refused, and nothing changes.
      const editor = await signInAs(t, 'editor');
      for (const [url, fields] of [
        [`events/${event.id}`, { date: '2020', accuracy: 'year', description: 'EDITOR' }],
        [`sources/${source.id}`, { name: 'EDITOR' }],
        [`timeline/${entry.id}`, { date: '2020', accuracy: 'year', kind: 'note', text: 'EDITOR' }],
      ] as const) {
        const res = await post(t, editor, `/admin/cases/${caseId}/${url}`, { version: await caseVersion(t, caseId), ...fields });
        assert.equal(res.statusCode, 403, url);
        assert.doesNotMatch(res.body, /MARK/);
      }

      // Event: bad input keeps what was typed and says what is wrong, in English and in Khmer.
      const other = await t.db
        .selectFrom('places as c')
        .innerJoin('places as d', 'd.id', 'c.parentId')
        .select(['c.id as communeId', 'd.id as districtId', 'd.parentId as provinceId'])
        .where('c.level', '=', 'commune')
        .where('d.parentId', '!=', event.provinceId)
        .orderBy('c.id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const v0 = await caseVersion(t, caseId);
      const badEvent = await post(t, monitor, `/admin/cases/${caseId}/events/${event.id}`, { version: v0, date: '2024-13', accuracy: 'day', province: 'nope', description: 'kept-edit-description' });
      assert.equal(badEvent.statusCode, 400);
      assert.match(badEvent.body, /kept-edit-description/);
      assert.match(badEvent.body, /Enter a date as YYYY-MM-DD, YYYY-MM or YYYY\./);
      assert.match(badEvent.body, /Choose one of the listed options\./);
      const km = await signInAs(t, 'monitor', { locale: 'km' });
      const kmBad = await post(t, km, `/admin/cases/${caseId}/sources/${source.id}`, { version: v0, name: '', notes: 'kept-km-notes' });
      assert.equal(kmBad.statusCode, 400);
      assert.match(kmBad.body, /សូមបំពេញចន្លោះនេះ។/);
      assert.match(kmBad.body, /kept-km-notes/);
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/events/999999`, { version: v0, date: '2020', accuracy: 'year' })).statusCode, 400);
      // Asking for the district list of another province saves nothing and keeps the form open.
      const refresh = await post(t, monitor, `/admin/cases/${caseId}/events/${event.id}`, { version: v0, date: '2023-11-20', accuracy: 'day', province: String(other.provinceId), refresh: '1', description: 'still typed' });
      assert.equal(refresh.statusCode, 200);
      assert.match(refresh.body, new RegExp(`<option value="${other.districtId}"`));
      assert.match(refresh.body, /still typed/);
      assert.equal(await caseVersion(t, caseId), v0, 'nothing was saved');

      // Event: saved, sealed, audited with the public figures only.
      const eventFields = {
        date: '2023-11-20',
        accuracy: 'day',
        province: String(other.provinceId),
        district: String(other.districtId),
        commune: String(other.communeId),
        detail: 'MARK-newvillage',
        description: 'MARK-newevent',
      };
      const savedEvent = await post(t, monitor, `/admin/cases/${caseId}/events/${event.id}`, { version: v0, ...eventFields });
      assert.equal(savedEvent.statusCode, 303);
      assert.match(String(savedEvent.headers.location), /done=saved#case-events$/);
      assert.equal(await caseVersion(t, caseId), String(Number(v0) + 1));
      const eventRow = await t.db.selectFrom('hrdEvents').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
      assert.equal(eventRow.occurredOn, '2023-11-20');
      assert.equal(eventRow.dateAccuracy, 'day');
      assert.equal(eventRow.provinceId, other.provinceId);
      assert.doesNotMatch(JSON.stringify(eventRow), /MARK|newvillage|newevent/);
      assert.equal(t.app.vault.open(eventRow.descriptionEnc!, sealContext('hrd_events', 'description_enc')), 'MARK-newevent');
      assert.deepEqual(openPlace(t.app.vault, eventRow.locationEnc), { districtId: other.districtId, communeId: other.communeId, detail: 'MARK-newvillage' });
      const eventAudit = (await auditRows(t, 'case.event.update')).at(-1)!;
      assert.equal(eventAudit.actor, `user:${monitor.userId}`);
      assert.doesNotMatch(JSON.stringify(eventAudit), /MARK/);
      assert.match(String(eventAudit.before), new RegExp(`"provinceId":${event.provinceId}`));
      assert.match(String(eventAudit.after), new RegExp(`"provinceId":${other.provinceId}`));
      const after = await get(t, monitor, `/admin/cases/${caseId}?done=saved`);
      assert.match(after.body, /MARK-newevent/);
      assert.match(after.body, /20 November 2023/);

      // A form loaded before that save is refused, with what was typed kept.
      const staleEvent = await post(t, monitor, `/admin/cases/${caseId}/events/${event.id}`, { version: v0, ...eventFields, date: '2022-01-01', description: 'stale-event-words' });
      assert.equal(staleEvent.statusCode, 409);
      assert.match(staleEvent.body, /Someone else changed this case after you opened it/);
      assert.match(staleEvent.body, /stale-event-words/);
      assert.equal((await t.db.selectFrom('hrdEvents').select('occurredOn').where('id', '=', event.id).executeTakeFirstOrThrow()).occurredOn, '2023-11-20');

      // Source.
      const unverified = String(await termId(t, 'reliability', 'fairly_reliable'));
      const v1 = await caseVersion(t, caseId);
      const badSource = await post(t, monitor, `/admin/cases/${caseId}/sources/${source.id}`, { version: v1, name: 'kept-source-name', obtainedOn: 'yesterday', reliability: '999999' });
      assert.equal(badSource.statusCode, 400);
      assert.match(badSource.body, /kept-source-name/);
      assert.match(badSource.body, /value="yesterday"/);
      const sourceFields = { name: 'MARK-newsource', reliability: unverified, obtainedOn: '2024-04-01', notes: 'MARK-newsnotes' };
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/sources/${source.id}`, { version: v1, ...sourceFields })).statusCode, 303);
      const sourceRow = await t.db.selectFrom('hrdSources').selectAll().where('id', '=', source.id).executeTakeFirstOrThrow();
      assert.equal(sourceRow.reliabilityId, Number(unverified));
      assert.equal(sourceRow.obtainedOn, '2024-04-01');
      assert.doesNotMatch(JSON.stringify(sourceRow), /MARK|newsource|newsnotes/);
      assert.equal(t.app.vault.open(sourceRow.nameEnc, sealContext('hrd_sources', 'name_enc')), 'MARK-newsource');
      assert.equal(t.app.vault.open(sourceRow.notesEnc!, sealContext('hrd_sources', 'notes_enc')), 'MARK-newsnotes');
      assert.doesNotMatch(JSON.stringify((await auditRows(t, 'case.source.update')).at(-1)), /MARK/);
      const staleSource = await post(t, monitor, `/admin/cases/${caseId}/sources/${source.id}`, { version: v1, ...sourceFields, name: 'stale-source-name' });
      assert.equal(staleSource.statusCode, 409);
      assert.match(staleSource.body, /stale-source-name/);

      // Timeline entry.
      const v2 = await caseVersion(t, caseId);
      assert.equal(v2, String(Number(v1) + 1));
      const badEntry = await post(t, monitor, `/admin/cases/${caseId}/timeline/${entry.id}`, { version: v2, date: '2999-01-01', accuracy: 'day', kind: 'bogus', text: 'kept-entry-text' });
      assert.equal(badEntry.statusCode, 400);
      assert.match(badEntry.body, /This date is in the future\./);
      assert.match(badEntry.body, /kept-entry-text/);
      const entryFields = { date: '2018-05', accuracy: 'month', kind: 'hearing', text: 'MARK-newtimeline' };
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/timeline/${entry.id}`, { version: v2, ...entryFields })).statusCode, 303);
      const entryRow = await t.db.selectFrom('hrdTimelineEntries').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
      assert.deepEqual([entryRow.occurredOn, entryRow.dateAccuracy, entryRow.kind, entryRow.createdBy], ['2018-05-01', 'month', 'hearing', entry.createdBy]);
      assert.doesNotMatch(JSON.stringify(entryRow), /MARK|newtimeline/);
      assert.equal(t.app.vault.open(entryRow.textEnc, sealContext('hrd_timeline_entries', 'text_enc')), 'MARK-newtimeline');
      assert.doesNotMatch(JSON.stringify((await auditRows(t, 'case.timeline.update')).at(-1)), /MARK/);
      const staleEntry = await post(t, monitor, `/admin/cases/${caseId}/timeline/${entry.id}`, { version: v2, ...entryFields, text: 'stale-entry-text' });
      assert.equal(staleEntry.statusCode, 409);
      assert.match(staleEntry.body, /stale-entry-text/);
      assert.equal(await caseVersion(t, caseId), String(Number(v2) + 1));
      assert.match((await get(t, monitor, `/admin/cases/${caseId}`)).body, /MARK-newtimeline/);
    });
  });
}

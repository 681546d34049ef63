import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, FIXTURE_SITE_DIR, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import { sealContext } from '../features/hrd-cases/protected-fields.js';
import { FUND_REQUEST_STATUSES } from '../features/hrd-cases/cases.tables.js';
import { seedHrdDemo } from './hrd-demo.js';
import { seedDatabase } from './seed.js';

for (const engine of testEngines()) {
  describe(`fictional HRD demo data (${engine})`, () => {
    let t: TestContext;
    let summary: string;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      summary = await seedDatabase(t.db, t.config, { contentDir: FIXTURE_SITE_DIR, hrdDemo: true });
    });
    after(() => t.close());

    it('seeds at least 300 cases from 2013 to 2026 across provinces, acts and perpetrators', async () => {
      assert.match(summary, /\d+ fictional HRD cases \(\d+ acts, sealed and stored in \d+ ms\)/);
      const cases = await t.db.selectFrom('hrdCases').select(['reference', 'openedOn', 'status']).execute();
      assert.ok(cases.length >= 300, `${cases.length} cases`);
      const years = new Set(cases.map((c) => c.openedOn.slice(0, 4)));
      for (let y = 2013; y <= 2026; y += 1) assert.ok(years.has(String(y)), `a case in ${y}`);
      assert.equal(new Set(cases.map((c) => c.reference)).size, cases.length);
      assert.deepEqual(new Set(cases.map((c) => c.status)), new Set(['open', 'monitoring', 'closed']));
      const provinces = await t.db.selectFrom('hrdEvents').select('provinceId').distinct().execute();
      assert.ok(provinces.filter((p) => p.provinceId !== null).length >= 20);
      const actTypes = await t.db.selectFrom('hrdActs').select('actTypeId').distinct().execute();
      assert.ok(actTypes.length >= 15);
      const perpetrators = await t.db.selectFrom('hrdActPerpetrators').select('perpetratorTypeId').distinct().execute();
      assert.ok(perpetrators.length >= 8);
      const rights = await t.db.selectFrom('hrdActRights').select('rightId').distinct().execute();
      assert.ok(rights.length >= 10);
      for (const table of ['hrdSources', 'hrdInterventions', 'hrdTimelineEntries'] as const) {
        const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        assert.ok(Number(row.n) > 100, table);
      }
      const states = new Set((await t.db.selectFrom('hrdFundRequests').select('status').execute()).map((r) => r.status));
      assert.deepEqual(states, new Set(FUND_REQUEST_STATUSES), 'fund requests in every state');
      const paid = await t.db.selectFrom('hrdInterventions').select('fundRequestId').where('fundRequestId', 'is not', null).execute();
      assert.ok(paid.length > 0, 'disbursed requests have their intervention');
    });

    it('seals every protected field, and every name says it is fictional', async () => {
      const vault = t.app.vault;
      const victims = await t.db.selectFrom('hrdVictims').select(['nameEnc', 'contactEnc']).execute();
      for (const v of victims) {
        assert.match(v.nameEnc, /^dv1\./);
        assert.match(vault.open(v.nameEnc, sealContext('hrd_victims', 'name_enc')), /^Fictional (defender|community group) \d{4}/);
        if (v.contactEnc) assert.match(vault.open(v.contactEnc, sealContext('hrd_victims', 'contact_enc')), /\(fictional\)$/);
      }
      const cases = await t.db.selectFrom('hrdCases').select(['titleEnc', 'summaryEnc']).limit(20).execute();
      for (const c of cases) {
        assert.match(vault.open(c.titleEnc, sealContext('hrd_cases', 'title_enc')), /^Fictional case \d{4}: /);
        assert.match(vault.open(c.summaryEnc!, sealContext('hrd_cases', 'summary_enc')), /invented/);
      }
      const timeline = await t.db.selectFrom('hrdTimelineEntries').select('textEnc').limit(20).execute();
      for (const e of timeline) assert.match(vault.open(e.textEnc, sealContext('hrd_timeline_entries', 'text_enc')), /^Fictional/);
    });

    it('runs once, and new records get fresh ids afterwards', async () => {
      const before = await t.db.selectFrom('hrdCases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(await seedHrdDemo(t.db, t.app.vault), undefined);
      const afterRun = await t.db.selectFrom('hrdCases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterRun.n), Number(before.n));
      const now = new Date().toISOString();
      const row = await t.db
        .insertInto('hrdCases')
        .values({ reference: 'NEW-1', titleEnc: t.app.vault.seal('x', sealContext('hrd_cases', 'title_enc')), summaryEnc: null, status: 'open', openedOn: '2026-11-01', closedOn: null, createdBy: null, createdAt: now, updatedAt: now, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(row.id, Number(before.n) + 1);
      await t.db.deleteFrom('hrdCases').where('id', '=', row.id).execute();
    });

    it('gives the same set on every install', async () => {
      const other = await createTestApp(engine, { contentDir: false });
      try {
        const [a, b] = await Promise.all([
          seedHrdDemo(other.db, other.app.vault, { cases: 30 }),
          t.db.selectFrom('hrdCases').select(['reference', 'openedOn', 'status']).orderBy('id').limit(30).execute(),
        ]);
        assert.equal(a!.cases, 30);
        const mine = await other.db.selectFrom('hrdCases').select(['reference', 'openedOn', 'status']).orderBy('id').execute();
        assert.deepEqual(mine, b);
      } finally {
        await other.close();
      }
    });

    it('fills the public portal', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/en/human-rights-portal' });
      assert.equal(res.statusCode, 200);
      const total = Number(/data-acts="(\d+)"/.exec(res.body)![1]);
      assert.ok(total > 300, `${total} published acts`);
      assert.doesNotMatch(res.body, /Fictional defender/);
    });
  });
}

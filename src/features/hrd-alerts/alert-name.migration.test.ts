import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { down, up } from '../../db/migrations/0022-hrd-alert-name.js';

const NOW = '2026-01-01T00:00:00.000Z';

/** Audit rows as the code before the one name wrote them, with neighbours that must not change. */
const OLD_ROWS = [
  { subjectType: 'hrd_alert', subjectId: '1', action: 'hrd_alert.publish' },
  { subjectType: 'hrd_alert', subjectId: '2', action: 'hrd_alert.withdraw' },
  { subjectType: 'hrd_case', subjectId: '3', action: 'case.read' },
  { subjectType: 'hrdCase', subjectId: '4', action: 'hrd.demo.create' },
  { subjectType: 'hrd_case', subjectId: '5', action: 'case.create' },
  { subjectType: 'news', subjectId: '6', action: 'content.publish' },
];

for (const engine of testEngines()) {
  describe(`migration 0022: the one name of HRD alerts (${engine})`, () => {
    let t: TestContext;
    const auditRows = () => t.db.selectFrom('auditLog').select(['subjectType', 'subjectId', 'action']).orderBy('subjectId').execute();

    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      for (const row of OLD_ROWS) {
        await sql`insert into audit_log (at, actor, action, subject_type, subject_id)
          values (${NOW}, 'user:1', ${row.action}, ${row.subjectType}, ${row.subjectId})`.execute(t.db);
      }
    });
    after(() => t.close());

    it('renames the alerts subject type and actions, and the demo summary subject, keeping the rest', async () => {
      await up(t.db as unknown as Kysely<unknown>);
      assert.deepEqual(await auditRows(), [
        { subjectType: 'hrd-alert', subjectId: '1', action: 'hrd-alert.publish' },
        { subjectType: 'hrd-alert', subjectId: '2', action: 'hrd-alert.withdraw' },
        { subjectType: 'hrd_case', subjectId: '3', action: 'case.read' },
        { subjectType: 'hrd_case', subjectId: '4', action: 'hrd.demo.create' },
        { subjectType: 'hrd_case', subjectId: '5', action: 'case.create' },
        { subjectType: 'news', subjectId: '6', action: 'content.publish' },
      ]);
    });

    it('reversed, gives back the rows exactly as they were', async () => {
      await down(t.db as unknown as Kysely<unknown>);
      assert.deepEqual(await auditRows(), OLD_ROWS);
    });
  });
}

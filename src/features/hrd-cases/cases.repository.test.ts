import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { createCase, type CaseInput } from './cases.repository.js';

const input = (openedOn: string): CaseInput => ({ title: 'Fictional case', summary: null, status: 'open', openedOn, closedOn: null });

for (const engine of testEngines()) {
  describe(`case references (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('numbers cases per year, in order, past four digits', async () => {
      const first = await t.db.transaction().execute((tx) => createCase(tx, t.app.vault, input('2031-02-01'), null));
      assert.equal(first.reference, 'HRD-2031-0001');
      await t.db.updateTable('hrdCases').set({ reference: 'HRD-2031-9999' }).where('id', '=', first.id).execute();
      const next = await t.db.transaction().execute((tx) => createCase(tx, t.app.vault, input('2031-05-01'), null));
      assert.equal(next.reference, 'HRD-2031-10000');
      const after = await t.db.transaction().execute((tx) => createCase(tx, t.app.vault, input('2031-06-01'), null));
      assert.equal(after.reference, 'HRD-2031-10001');
    });

    it('gives cases created at the same moment different references', async () => {
      const created = await Promise.all(
        Array.from({ length: 6 }, () => t.db.transaction().execute((tx) => createCase(tx, t.app.vault, input('2032-01-01'), null))),
      );
      assert.equal(new Set(created.map((c) => c.reference)).size, 6);
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { buildCaseThroughForms, caseVersion, get, post } from '../../../test/factories/hrd-cases.js';
import { sendTriagedReport } from '../../../test/factories/incident-reports.js';
import { PROTECTED_FIELDS } from './protected-fields.js';

/** Distinctive enough never to occur by chance in a database file. */
const MARK = 'LEAKQZX';
const KHMER_MARK = 'សម្ងាត់ខ្លាំង';

function containsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

for (const engine of testEngines()) {
  describe(`no plaintext of sealed fields at rest (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      const caseId = await buildCaseThroughForms(t, monitor, MARK);
      // Khmer text through the forms as well, and every fund field.
      const v = await caseVersion(t, caseId);
      assert.equal((await post(t, monitor, `/admin/cases/${caseId}/victims`, { version: v, kind: 'group', name: `${KHMER_MARK} ក្រុម`, groupSize: '30', contact: `${KHMER_MARK} ទូរស័ព្ទ` })).statusCode, 303);
      const manager = await signInAs(t, 'fund_manager');
      const request = (await t.db.selectFrom('hrdFundRequests').select('id').executeTakeFirstOrThrow()).id;
      assert.equal((await post(t, manager, `/admin/fund/${request}/assess`, { assessment: `${MARK}-assessment` })).statusCode, 303);
      assert.equal((await post(t, manager, `/admin/fund/${request}/decide`, { decision: 'approve', approvedAmount: '100', note: `${MARK}-decision` })).statusCode, 303);
      // Reads and exports happen too: they must leave nothing behind either.
      assert.equal((await get(t, monitor, `/admin/cases/${caseId}`)).statusCode, 200);
      assert.equal((await get(t, monitor, `/admin/cases/${caseId}/export.json`)).statusCode, 200);
      // An incident report, answered and rejected, fills the report tables' sealed columns.
      await sendTriagedReport(t, monitor, MARK);
    });
    after(() => t.close());

    it('has a value in every protected column, and none of them is readable', async () => {
      const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      for (const [table, columns] of Object.entries(PROTECTED_FIELDS)) {
        const rows = (await t.db.selectFrom(camel(table) as 'hrdCases').selectAll().execute()) as unknown as Array<Record<string, unknown>>;
        assert.ok(rows.length > 0, table);
        for (const c of columns) {
          const values = rows.map((r) => r[camel(c)]).filter(Boolean) as string[];
          assert.ok(values.length > 0, `${table}.${c} holds a value`);
          for (const value of values) assert.match(value, /^dv1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/, `${table}.${c} is sealed`);
        }
        assert.doesNotMatch(JSON.stringify(rows), new RegExp(`${MARK}|${KHMER_MARK}`), table);
      }
      const audit = await t.db.selectFrom('auditLog').selectAll().execute();
      assert.ok(audit.length > 10);
      assert.doesNotMatch(JSON.stringify(audit), new RegExp(`${MARK}|${KHMER_MARK}|dv1\\.`), 'the audit log');
    });

    it('writes no marker into the database files or the evidence files on disk', async (ctx) => {
      const files: string[] = [];
      if (engine === 'sqlite') {
        for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${t.config.databaseUrl}${suffix}`)) files.push(`${t.config.databaseUrl}${suffix}`);
        assert.ok(files.length >= 1);
      } else {
        ctx.diagnostic('PostgreSQL keeps its files on the server: the rows were checked above, the evidence files here.');
      }
      const dir = path.join(t.config.dataDir, 'evidence');
      const evidence = fs.readdirSync(dir).map((n) => path.join(dir, n));
      assert.equal(evidence.length, 2, 'the case’s evidence file and the report’s photo');
      for (const file of [...files, ...evidence]) {
        const bytes = fs.readFileSync(file);
        assert.equal(containsText(bytes, MARK), false, `${path.basename(file)} contains the marker`);
        assert.equal(containsText(bytes, KHMER_MARK), false, `${path.basename(file)} contains the Khmer marker`);
      }
      // The check itself works: the marker is found where it is known to be.
      assert.equal(containsText(Buffer.from(`xx${MARK}-title`), MARK), true);
      // Nothing else under the data directory holds it either (logs, temporary files).
      const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      for (const file of walk(t.config.dataDir)) assert.equal(containsText(fs.readFileSync(file), MARK), false, file);
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { buildCaseThroughForms, uploadEvidence } from '../../../test/factories/hrd-cases.js';

/** The storage refuses the sealed file as a full or read-only disk does (leaving nothing: see the storage's own tests). */
function failEvidenceWrites(t: TestContext, code: string) {
  return mock.method(t.app.storage, 'put', async () => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  });
}

const evidenceFiles = (t: TestContext) => (fs.existsSync(path.join(t.config.dataDir, 'evidence')) ? fs.readdirSync(path.join(t.config.dataDir, 'evidence')) : []);

for (const engine of testEngines()) {
  describe(`evidence upload on storage that refuses writes (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    let caseId: number;
    const evidenceRows = async () => (await t.db.selectFrom('hrdEvidence').select('id').execute()).length;

    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      caseId = await buildCaseThroughForms(t, monitor, 'STORAGE');
    });
    after(() => t.close());

    it('says the disk is full, keeps the description, and leaves no row and no file', async () => {
      const rowsBefore = await evidenceRows();
      const filesBefore = evidenceFiles(t);
      const writes = failEvidenceWrites(t, 'ENOSPC');
      let res;
      try {
        res = await uploadEvidence(t, monitor, caseId, 'Photo of the notice, kept', { name: 'notice.jpg', type: 'image/jpeg', bytes: Buffer.alloc(2048, 7) });
      } finally {
        writes.mock.restore();
      }
      assert.ok(writes.mock.callCount() > 0, 'the upload reached storage');
      assert.equal(res.statusCode, 507);
      assert.match(res.body, /The server’s storage is full, so the file was not saved/);
      assert.match(res.body, /Photo of the notice, kept/);
      assert.equal(await evidenceRows(), rowsBefore);
      assert.deepEqual(evidenceFiles(t), filesBefore, 'no file stays behind');
    });

    it('says so in Khmer when storage is read-only', async () => {
      const khmerMonitor = await signInAs(t, 'monitor', { locale: 'km' });
      const writes = failEvidenceWrites(t, 'EROFS');
      let res;
      try {
        res = await uploadEvidence(t, khmerMonitor, caseId, 'x', { name: 'a.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 test') });
      } finally {
        writes.mock.restore();
      }
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /ទំហំផ្ទុករបស់ម៉ាស៊ីនមេអាចត្រឹមតែអានបានប៉ុណ្ណោះ/);
    });
  });
}

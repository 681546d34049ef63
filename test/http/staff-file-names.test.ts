import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { cleanFileName } from '../../src/features/form-guard/form-fields.js';
import { buildCaseThroughForms, multipartBody, uploadEvidence } from '../factories/hrd-cases.js';
import { listEvidence } from '../../src/features/hrd-cases/evidence.store.js';
import { signInAs } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/** Displays as `reportexe.png` but is named `report<RLO>gnp.exe`: the classic disguise. */
const DISGUISED = 'report\u202egnp.exe';

describe('staff file names', () => {
  it('lose bidi overrides, direction marks, control characters and line breaks', () => {
    assert.equal(cleanFileName(DISGUISED), 'reportgnp.exe');
    assert.equal(cleanFileName('a\u0000b\u200f\u2066c\r\nd.pdf'), 'abc d.pdf');
    assert.equal(cleanFileName('\u202e\u0007'), 'file');
    assert.equal(cleanFileName('សេចក្ដីថ្លែងការណ៍.pdf'), 'សេចក្ដីថ្លែងការណ៍.pdf');
  });
});

for (const engine of testEngines()) {
  describe(`uploaded file names are stored without disguising characters (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('in the media library', async () => {
      const editor = await signInAs(t, 'editor');
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#cc0000' } }).png().toBuffer();
      const { payload, contentType } = multipartBody({ _csrf: editor.csrfToken }, { name: `${DISGUISED}.png`, type: 'image/png', bytes: png });
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const names = (await t.db.selectFrom('files').select('originalName').execute()).map((f) => f.originalName);
      assert.ok(names.includes('reportgnp.exe.png'), names.join(', '));
      assert.ok(names.every((n) => !n.includes('\u202e')));
      assert.doesNotMatch(res.body, /\u202e/);
    });

    it('among the evidence of a case', async () => {
      const monitor = await signInAs(t, 'monitor');
      const caseId = await buildCaseThroughForms(t, monitor, 'NAMES');
      const res = await uploadEvidence(t, monitor, caseId, 'Scan', { name: DISGUISED, type: 'application/octet-stream', bytes: Buffer.from('evidence bytes') });
      assert.ok(res.statusCode < 400, `upload answered ${res.statusCode}`);
      const evidence = await listEvidence(t.db, t.app.vault, caseId);
      const names = evidence.map((e) => e.fileName);
      assert.ok(names.includes('reportgnp.exe'), names.join(', '));
      assert.ok(names.every((n) => !n.includes('\u202e')));
    });
  });
}

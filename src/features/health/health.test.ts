import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { generateKeyBase64, keyFilePath } from '../../crypto/envelope.js';
import { buildCaseThroughForms } from '../../../test/factories/hrd-cases.js';
import { checkEncryptionKey } from '../hrd-cases/key-check.js';

for (const engine of testEngines()) {
  describe(`health, readiness and the start-up key check (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('answers /healthz and /readyz without caching, naming each check', async () => {
      const alive = await t.app.inject('/healthz');
      assert.equal(alive.statusCode, 200);
      assert.equal(alive.headers['cache-control'], 'no-store');
      const ready = await t.app.inject('/readyz');
      assert.equal(ready.statusCode, 200, ready.body);
      assert.equal(ready.headers['cache-control'], 'no-store');
      assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok', encryptionKey: 'ok' } });
    });

    it('lets a key be generated only while no sealed data exists', async () => {
      const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-key-'));
      assert.deepEqual(await checkEncryptionKey(t.db, { encryptionKey: undefined, dataDir: emptyDir }), { ok: true, state: 'no-sealed-data' });
      fs.rmSync(emptyDir, { recursive: true });
    });

    it('refuses a missing or wrong key once sealed case data exists, and never generates one', async () => {
      const monitor = await signInAs(t, 'monitor');
      await buildCaseThroughForms(t, monitor, 'KEYCHECK');
      assert.deepEqual(await checkEncryptionKey(t.db, t.config), { ok: true, state: 'opens' });

      const wrong = await checkEncryptionKey(t.db, { ...t.config, encryptionKey: generateKeyBase64() });
      assert.equal(wrong.ok, false);
      assert.match(wrong.ok ? '' : wrong.message, /ENCRYPTION_KEY .* does not open the sealed case data/);

      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-key-'));
      const missing = await checkEncryptionKey(t.db, { encryptionKey: undefined, dataDir: elsewhere });
      assert.equal(missing.ok ? 'opens' : missing.state, 'missing');
      assert.match(missing.ok ? '' : missing.message, /no encryption key/);
      assert.equal(fs.existsSync(keyFilePath(elsewhere)), false, 'no key was generated');
      fs.rmSync(elsewhere, { recursive: true });
    });
  });
}

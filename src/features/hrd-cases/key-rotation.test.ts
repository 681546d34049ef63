import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { createVault, generateKeyBase64, keyFilePath, keyFromBase64, type KeyEncryptionKey } from '../../crypto/envelope.js';
import type { Db } from '../../db/database.js';
import { buildCaseThroughForms } from '../../../test/factories/hrd-cases.js';
import { sendTriagedReport } from '../../../test/factories/incident-reports.js';
import { evidenceDir, evidenceFingerprint, evidencePath, openEvidenceFile } from './evidence.store.js';
import { sealLegacyEvidenceDigests } from './evidence-digests.repository.js';
import { rotateEncryptionKey, rotateKeysCommand, RotationError } from './key-rotation.js';
import { evidenceFileContext, PROTECTED_FIELDS } from './protected-fields.js';
import { runDove } from '../../../test/helpers/cli.js';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every sealed value and evidence file, with the context it was sealed with. */
async function sealedEverything(db: Db, dataDir: string) {
  const values: Array<{ context: string; sealed: string }> = [];
  for (const [table, columns] of Object.entries(PROTECTED_FIELDS)) {
    const rows = (await db.selectFrom(camel(table) as 'hrdCases').select(columns.map(camel) as never).execute()) as unknown as Array<Record<string, string | null>>;
    for (const row of rows) for (const c of columns) if (row[camel(c)]) values.push({ context: `${table}.${c}`, sealed: row[camel(c)]! });
  }
  // Case evidence and the files of incident reports, sealed alike.
  const keys = await db.selectFrom('hrdEvidence').select('storageKey').unionAll(db.selectFrom('incidentReportAttachments').select('storageKey')).orderBy('storageKey').execute();
  const files = keys.map((r) => ({ context: evidenceFileContext(r.storageKey), sealed: fs.readFileSync(evidencePath(dataDir, r.storageKey)) }));
  return { values, files };
}

/** Everything opens with `good`, and nothing with `bad` alone. */
async function assertSealedUnder(db: Db, dataDir: string, good: KeyEncryptionKey, bad: KeyEncryptionKey) {
  const { values, files } = await sealedEverything(db, dataDir);
  assert.ok(values.length >= 19, `expected every protected field to hold a value, got ${values.length}`);
  assert.ok(files.length >= 1);
  const [ok, old] = [createVault(good), createVault(bad)];
  for (const v of values) {
    assert.doesNotThrow(() => ok.open(v.sealed, v.context), v.context);
    assert.throws(() => old.open(v.sealed, v.context), v.context);
  }
  for (const f of files) {
    assert.doesNotThrow(() => ok.openFile(f.sealed, f.context));
    assert.throws(() => old.openFile(f.sealed, f.context));
  }
  // Every column of PROTECTED_FIELDS was exercised.
  const contexts = new Set(values.map((v) => v.context));
  for (const [table, columns] of Object.entries(PROTECTED_FIELDS)) for (const c of columns) assert.ok(contexts.has(`${table}.${c}`), `${table}.${c} has a value`);
}

/** Every evidence file downloads under `kek`: its fingerprint was recomputed with the key. */
async function assertEvidenceOpensUnder(t: TestContext, kek: KeyEncryptionKey) {
  const rows = await t.db.selectFrom('hrdEvidence').select(['id', 'caseId', 'fingerprint']).execute();
  for (const row of rows) {
    const file = await openEvidenceFile(t.db, createVault(kek), t.config.dataDir, row.caseId, row.id);
    assert.equal(evidenceFingerprint(createVault(kek), file!.sha256), row.fingerprint);
  }
}

const readKey = (dataDir: string) => keyFromBase64(fs.readFileSync(keyFilePath(dataDir), 'utf8').trim());

async function fillDecisionFields(t: TestContext) {
  // The fund's assessment and decision note are sealed too: give them values.
  const manager = await signInAs(t, 'fund_manager');
  const id = (await t.db.selectFrom('hrdFundRequests').select('id').executeTakeFirstOrThrow()).id;
  const post = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: manager.csrfToken, ...fields }).toString() });
  assert.equal((await post(`/admin/fund/${id}/assess`, { assessment: 'ROT-assessment' })).statusCode, 303);
  assert.equal((await post(`/admin/fund/${id}/decide`, { decision: 'approve', approvedAmount: '10', note: 'ROT-note' })).statusCode, 303);
}

for (const engine of testEngines()) {
  describe(`key rotation with the key file (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const monitor = await signInAs(t, 'monitor');
      await buildCaseThroughForms(t, monitor, 'ROT');
      await fillDecisionFields(t);
      await sendTriagedReport(t, monitor, 'ROT');
    });
    after(() => t.close());

    it('leaves everything as it was when it stops before the commit', async () => {
      const oldKey = readKey(t.config.dataDir);
      const before = await sealedEverything(t.db, t.config.dataDir);
      await assert.rejects(
        rotateKeysCommand(t.db, t.config, {
          beforeCommit: () => {
            throw new Error('power cut');
          },
        }),
        /power cut/,
      );
      assert.equal(readKey(t.config.dataDir).id, oldKey.id);
      const after = await sealedEverything(t.db, t.config.dataDir);
      assert.deepEqual(after.values, before.values);
      assert.deepEqual(after.files, before.files);
      await assertSealedUnder(t.db, t.config.dataDir, oldKey, keyFromBase64(generateKeyBase64()));
    });

    it('re-seals every protected value and evidence file, and replaces the key file', async () => {
      const oldKey = readKey(t.config.dataDir);
      const result = await rotateKeysCommand(t.db, t.config);
      const newKey = readKey(t.config.dataDir);
      assert.notEqual(newKey.id, oldKey.id);
      assert.equal(result.keyId, newKey.id);
      assert.equal(result.resumed, false);
      assert.ok(result.values >= 19);
      assert.equal(result.files, 2, 'the case’s evidence file and the report’s photo');
      assert.equal(fs.statSync(keyFilePath(t.config.dataDir)).mode & 0o777, 0o600);
      assert.deepEqual(fs.readdirSync(t.config.dataDir).filter((n) => n.startsWith('encryption-key')), ['encryption-key'], 'no copy of the old key');
      assert.deepEqual(fs.readdirSync(evidenceDir(t.config.dataDir)).filter((n) => n.includes('.')), [], 'no leftover copies');
      await assertSealedUnder(t.db, t.config.dataDir, newKey, oldKey);
      await assertEvidenceOpensUnder(t, newKey);
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'keys.rotate').execute();
      assert.equal(audit.length, 1);
      assert.doesNotMatch(JSON.stringify(audit), /ROT-|dv1\./);
    });

    it('seals the clear digests of rows from before migration 0013, once, and they open and check', async () => {
      const key = readKey(t.config.dataDir);
      const row = await t.db.selectFrom('hrdEvidence').selectAll().executeTakeFirstOrThrow();
      const vault = createVault(key);
      const sha256 = (await openEvidenceFile(t.db, vault, t.config.dataDir, row.caseId, row.id))!.sha256;
      // The state migration 0013 leaves: the clear values held aside, the row's new columns empty.
      await t.db.insertInto('hrdEvidenceLegacyDigests').values({ evidenceId: row.id, sha256, size: 17, mediaType: 'text/plain' }).execute();
      await t.db.updateTable('hrdEvidence').set({ fingerprint: null, sha256Enc: null, sizeEnc: null, mediaTypeEnc: null }).where('id', '=', row.id).execute();
      assert.equal(await sealLegacyEvidenceDigests(t.db, () => vault), 1);
      assert.equal(await sealLegacyEvidenceDigests(t.db, () => assert.fail('no key needed when nothing is left')), 0);
      assert.deepEqual(await t.db.selectFrom('hrdEvidenceLegacyDigests').selectAll().execute(), []);
      const sealed = await t.db.selectFrom('hrdEvidence').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(sealed.fingerprint, evidenceFingerprint(vault, sha256));
      assert.ok(!JSON.stringify(sealed).includes(sha256));
      assert.equal(vault.open(sealed.sizeEnc!, 'hrd_evidence.size_enc'), '17');
      await assertEvidenceOpensUnder(t, key);
    });

    it('finishes a rotation that stopped after its commit', async () => {
      const current = readKey(t.config.dataDir);
      const nextBase64 = generateKeyBase64();
      const next = keyFromBase64(nextBase64);
      // The state a crash right after the commit leaves: values re-sealed, the new key in
      // encryption-key.next, the old key file still in place, a file copy not yet swapped.
      fs.writeFileSync(`${keyFilePath(t.config.dataDir)}.next`, `${nextBase64}\n`, { mode: 0o600 });
      const key = (await t.db.selectFrom('hrdEvidence').select('storageKey').executeTakeFirstOrThrow()).storageKey;
      const original = fs.readFileSync(evidencePath(t.config.dataDir, key));
      await rotateEncryptionKey(t.db, { dataDir: t.config.dataDir, from: current, to: next, actor: 'test' });
      fs.writeFileSync(`${evidencePath(t.config.dataDir, key)}.rotating`, fs.readFileSync(evidencePath(t.config.dataDir, key)));
      fs.writeFileSync(evidencePath(t.config.dataDir, key), original);

      const result = await rotateKeysCommand(t.db, t.config);
      assert.equal(result.resumed, true);
      assert.equal(readKey(t.config.dataDir).id, next.id);
      assert.equal(fs.existsSync(`${keyFilePath(t.config.dataDir)}.next`), false);
      await assertSealedUnder(t.db, t.config.dataDir, next, current);
    });
  });

  describe(`key rotation with ENCRYPTION_KEY (${engine})`, () => {
    let t: TestContext;
    const oldBase64 = generateKeyBase64();
    before(async () => {
      t = await createTestApp(engine, { env: { ENCRYPTION_KEY: oldBase64 } });
      const monitor = await signInAs(t, 'monitor');
      await buildCaseThroughForms(t, monitor, 'ENV');
      await fillDecisionFields(t);
      await sendTriagedReport(t, monitor, 'ENV');
    });
    after(() => t.close());

    it('requires --new-key-file, re-seals under that key and writes no key file', async () => {
      await assert.rejects(rotateKeysCommand(t.db, t.config), RotationError);
      const file = path.join(t.config.dataDir, 'new-key');
      fs.writeFileSync(file, 'not a key', { mode: 0o600 });
      await assert.rejects(rotateKeysCommand(t.db, t.config, { newKeyFile: file }), /does not hold a key/);
      const newBase64 = generateKeyBase64();
      fs.writeFileSync(file, `${newBase64}\n`, { mode: 0o600 });
      await assert.rejects(rotateKeysCommand(t.db, { ...t.config, encryptionKey: generateKeyBase64() }, { newKeyFile: file }), /Nothing was changed/, 'a wrong current key');
      await assertSealedUnder(t.db, t.config.dataDir, keyFromBase64(oldBase64), keyFromBase64(newBase64));
      const result = await rotateKeysCommand(t.db, t.config, { newKeyFile: file });
      assert.equal(result.keySource, 'environment');
      assert.equal(fs.existsSync(keyFilePath(t.config.dataDir)), false);
      await assertSealedUnder(t.db, t.config.dataDir, keyFromBase64(newBase64), keyFromBase64(oldBase64));
    });
  });
}

describe('dove keys rotate (the command, against a SQLite file)', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp('sqlite');
    const monitor = await signInAs(t, 'monitor');
    await buildCaseThroughForms(t, monitor, 'CLI');
    await fillDecisionFields(t);
    await sendTriagedReport(t, monitor, 'CLI');
  });
  after(() => t.close());

  it('rotates the key file and everything opens with the new key only', async () => {
    const oldKey = readKey(t.config.dataDir);
    const env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl };
    const res = await runDove(['keys', 'rotate'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Rotated: \d+ values and 2 evidence files are sealed under key/);
    assert.doesNotMatch(res.stdout + res.stderr, /CLI-/);
    const newKey = readKey(t.config.dataDir);
    assert.notEqual(newKey.id, oldKey.id);
    await assertSealedUnder(t.db, t.config.dataDir, newKey, oldKey);

    const envMode = await runDove(['keys', 'rotate'], { ...env, ENCRYPTION_KEY: generateKeyBase64() });
    assert.equal(envMode.code, 2);
    assert.match(envMode.stderr, /--new-key-file/);
  });
});

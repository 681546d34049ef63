import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { createVault, generateKeyBase64, keyFilePath, keyFromBase64, type KeyEncryptionKey } from '../../crypto/envelope.js';
import type { Db } from '../../db/database.js';
import { buildCaseThroughForms } from '../../../test/factories/hrd-cases.js';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import type { ObjectStorage } from '../../storage/index.js';
import { EVIDENCE_PREFIX, evidenceFingerprint, evidenceObjectKey, openEvidenceFile } from './evidence.store.js';
import { sendTriagedReport } from '../../../test/factories/incident-reports.js';
import { sealLegacyEvidenceDigests } from './evidence-digests.repository.js';
import { rotateEncryptionKey, rotateKeysCommand, RotationError } from './key-rotation.js';
import { evidenceFileContext, PROTECTED_FIELDS } from './protected-fields.js';
import { runDove } from '../../../test/helpers/cli.js';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every sealed value and evidence file, with the context it was sealed with. */
async function sealedEverything(db: Db, storage: ObjectStorage) {
  const values: Array<{ context: string; sealed: string }> = [];
  for (const [table, columns] of Object.entries(PROTECTED_FIELDS)) {
    const rows = (await db.selectFrom(camel(table) as 'hrdCases').select(columns.map(camel) as never).execute()) as unknown as Array<Record<string, string | null>>;
    for (const row of rows) for (const c of columns) if (row[camel(c)]) values.push({ context: `${table}.${c}`, sealed: row[camel(c)]! });
  }
  // Case evidence and the files of incident reports, sealed alike.
  const keys = await db.selectFrom('hrdEvidence').select('storageKey').unionAll(db.selectFrom('incidentReportAttachments').select('storageKey')).orderBy('storageKey').execute();
  const files = [];
  for (const r of keys) {
    files.push({ context: evidenceFileContext(r.storageKey), sealed: (await storage.get(evidenceObjectKey(r.storageKey)))! });
  }
  return { values, files };
}

/** Everything opens with `good`, and nothing with `bad` alone. */
async function assertSealedUnder(db: Db, storage: ObjectStorage, good: KeyEncryptionKey, bad: KeyEncryptionKey) {
  const { values, files } = await sealedEverything(db, storage);
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
    const file = await openEvidenceFile(t.db, createVault(kek), t.app.storage, row.caseId, row.id);
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

async function evidenceKeys(storage: ObjectStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of storage.list(EVIDENCE_PREFIX)) keys.push(info.key);
  return keys;
}

for (const engine of testEngines()) for (const backend of ['disk', 's3'] as const) {
  describe(`key rotation with the key file (${engine}, files on ${backend})`, () => {
    let t: TestContext;
    let s3: S3TestServer | undefined;
    before(async () => {
      if (backend === 's3') s3 = await startS3Server();
      t = await createTestApp(engine, { env: s3?.env ?? {} });
      const monitor = await signInAs(t, 'monitor');
      await buildCaseThroughForms(t, monitor, 'ROT');
      await fillDecisionFields(t);
      await sendTriagedReport(t, monitor, 'ROT');
    });
    after(async () => {
      await t.close();
      await s3?.close();
    });

    it('refuses, changing nothing, when an evidence file is missing from the storage', async () => {
      const key = (await t.db.selectFrom('hrdEvidence').select('storageKey').executeTakeFirstOrThrow()).storageKey;
      const sealed = (await t.app.storage.get(evidenceObjectKey(key)))!;
      const oldKey = readKey(t.config.dataDir);
      const before = await sealedEverything(t.db, t.app.storage);
      await t.app.storage.delete(evidenceObjectKey(key));
      try {
        await assert.rejects(rotateKeysCommand(t.db, t.config, { storage: t.app.storage }), (err: Error) => {
          assert.ok(err instanceof RotationError);
          assert.match(err.message, /1 evidence file\(s\) named in the database are missing from the storage .*Nothing was changed.*--skip-missing-evidence/);
          return true;
        });
        assert.equal(readKey(t.config.dataDir).id, oldKey.id);
        assert.deepEqual((await sealedEverything(t.db, t.app.storage)).values, before.values);
        assert.deepEqual(await evidenceKeys(t.app.storage), [], 'no copies left behind');
      } finally {
        await t.app.storage.put(evidenceObjectKey(key), sealed);
      }
    });

    it('leaves everything as it was when it stops before the commit', async () => {
      const oldKey = readKey(t.config.dataDir);
      const before = await sealedEverything(t.db, t.app.storage);
      await assert.rejects(
        rotateKeysCommand(t.db, t.config, {
          storage: t.app.storage,
          beforeCommit: () => {
            throw new Error('power cut');
          },
        }),
        /power cut/,
      );
      assert.equal(readKey(t.config.dataDir).id, oldKey.id);
      const after = await sealedEverything(t.db, t.app.storage);
      assert.deepEqual(after.values, before.values);
      assert.deepEqual(after.files, before.files);
      await assertSealedUnder(t.db, t.app.storage, oldKey, keyFromBase64(generateKeyBase64()));
    });

    it('re-seals every protected value and evidence file, and replaces the key file', async () => {
      const oldKey = readKey(t.config.dataDir);
      const result = await rotateKeysCommand(t.db, t.config, { storage: t.app.storage });
      const newKey = readKey(t.config.dataDir);
      assert.notEqual(newKey.id, oldKey.id);
      assert.equal(result.keyId, newKey.id);
      assert.equal(result.resumed, false);
      assert.ok(result.values >= 19);
      assert.equal(result.files, 2, 'the case’s evidence file and the report’s photo');
      assert.equal(result.missingFiles, 0);
      assert.equal(fs.statSync(keyFilePath(t.config.dataDir)).mode & 0o777, 0o600);
      assert.deepEqual(fs.readdirSync(t.config.dataDir).filter((n) => n.startsWith('encryption-key')), ['encryption-key'], 'no copy of the old key');
      assert.deepEqual((await evidenceKeys(t.app.storage)).filter((n) => n.includes('.')), [], 'no leftover copies');
      await assertSealedUnder(t.db, t.app.storage, newKey, oldKey);
      await assertEvidenceOpensUnder(t, newKey);
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'keys.rotate').execute();
      assert.equal(audit.length, 1);
      assert.doesNotMatch(JSON.stringify(audit), /ROT-|dv1\./);
    });

    it('seals the clear digests of rows from before migration 0013, once, and they open and check', async () => {
      const key = readKey(t.config.dataDir);
      const row = await t.db.selectFrom('hrdEvidence').selectAll().executeTakeFirstOrThrow();
      const vault = createVault(key);
      const sha256 = (await openEvidenceFile(t.db, vault, t.app.storage, row.caseId, row.id))!.sha256;
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
      const storage = t.app.storage;
      const original = (await storage.get(evidenceObjectKey(key)))!;
      await rotateEncryptionKey(t.db, { storage, from: current, to: next, actor: 'test' });
      await storage.put(`${evidenceObjectKey(key)}.rotating`, (await storage.get(evidenceObjectKey(key)))!);
      await storage.put(evidenceObjectKey(key), original);

      const result = await rotateKeysCommand(t.db, t.config, { storage: t.app.storage });
      assert.equal(result.resumed, true);
      assert.equal(readKey(t.config.dataDir).id, next.id);
      assert.equal(fs.existsSync(`${keyFilePath(t.config.dataDir)}.next`), false);
      await assertSealedUnder(t.db, t.app.storage, next, current);
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
      await assert.rejects(rotateKeysCommand(t.db, t.config, { storage: t.app.storage }), RotationError);
      const file = path.join(t.config.dataDir, 'new-key');
      fs.writeFileSync(file, 'not a key', { mode: 0o600 });
      await assert.rejects(rotateKeysCommand(t.db, t.config, { newKeyFile: file, storage: t.app.storage }), /does not hold a key/);
      const newBase64 = generateKeyBase64();
      fs.writeFileSync(file, `${newBase64}\n`, { mode: 0o600 });
      await assert.rejects(rotateKeysCommand(t.db, { ...t.config, encryptionKey: generateKeyBase64() }, { newKeyFile: file, storage: t.app.storage }), /Nothing was changed/, 'a wrong current key');
      await assertSealedUnder(t.db, t.app.storage, keyFromBase64(oldBase64), keyFromBase64(newBase64));
      const result = await rotateKeysCommand(t.db, t.config, { newKeyFile: file, storage: t.app.storage });
      assert.equal(result.keySource, 'environment');
      assert.equal(fs.existsSync(keyFilePath(t.config.dataDir)), false);
      await assertSealedUnder(t.db, t.app.storage, keyFromBase64(newBase64), keyFromBase64(oldBase64));
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
    await assertSealedUnder(t.db, t.app.storage, newKey, oldKey);

    const envMode = await runDove(['keys', 'rotate'], { ...env, ENCRYPTION_KEY: generateKeyBase64() });
    assert.equal(envMode.code, 2);
    assert.match(envMode.stderr, /--new-key-file/);
  });
});

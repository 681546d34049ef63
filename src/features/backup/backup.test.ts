import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import * as tar from 'tar';
import { runDove } from '../../../test/helpers/cli.js';
import { createImage, testStorage } from '../../../test/factories/media.js';
import { signInAs } from '../../../test/helpers/staff.js';
import { createFreshDatabase, createTestApp, testEngines, type FreshDatabase, type TestContext } from '../../../test/helpers/test-app.js';
import { buildApp } from '../../app.js';
import type { Config } from '../../config.js';
import { generateKeyBase64, keyFilePath } from '../../crypto/envelope.js';
import type { Engine } from '../../db/connection.js';
import { buildCaseThroughForms } from '../../../test/factories/hrd-cases.js';
import { claimDueMail, deliverDueMail } from '../mail/sender.js';
import type { MailTransport, PreparedMail } from '../mail/transport.js';
import { subscriberLinksOf } from '../subscribers/links.js';
import { notifySubscribers } from '../subscribers/notify.js';
import { createBackup } from './backup.command.js';
import { countRows, listDataTables } from './database-dump.repository.js';
import { restoreBackup, RestoreError } from './restore.command.js';
import { readArchive } from './backup-archive.js';

/** A database and data directory nobody has used: where a restore goes. */
type Target = FreshDatabase;

async function emptyTarget(engine: Engine, env: Record<string, string> = {}): Promise<Target> {
  // The data directory itself does not exist yet, as on a new server.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-restore-'));
  return createFreshDatabase(engine, { dataDir: path.join(parent, 'data'), removeDir: parent, env });
}

function copyKey(from: Config, to: Config): void {
  fs.mkdirSync(to.dataDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(keyFilePath(from.dataDir), keyFilePath(to.dataDir));
}

/** A refused restore leaves the data directory as it was (only the key) and the database without a table. */
async function assertNothingRestored(target: Target, engine: Engine): Promise<void> {
  assert.deepEqual(fs.readdirSync(target.config.dataDir).filter((n) => !/^dove\.sqlite/.test(n)), ['encryption-key']);
  const tables = engine === 'postgres' ? 'information_schema.tables where table_schema = current_schema()' : 'sqlite_master';
  assert.equal(Number((await sql<{ n: number }>`select count(*) as n from ${sql.raw(tables)}`.execute(target.db)).rows[0]!.n), 0);
}

/** A copy of `archive` with one more entry appended by node-tar from `cwd`, named exactly as given (`..` and `/` kept). */
async function withExtraEntry(archive: string, cwd: string, name: string, out: string): Promise<string> {
  fs.copyFileSync(archive, out);
  await tar.r({ file: out, cwd, preservePaths: true }, [name]);
  return out;
}

/** A transport that records instead of sending. */
function recordingTransport(): MailTransport & { sent: PreparedMail[] } {
  const sent: PreparedMail[] = [];
  return { name: 'eml', sent, send: async (mail) => (sent.push(mail), 'recorded'), close: async () => {} };
}

async function sitemapPaths(app: FastifyInstance): Promise<string[]> {
  const xml = (await app.inject('/sitemap.xml')).body;
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
}

for (const engine of testEngines()) {
  describe(`backup and restore (${engine})`, () => {
    let source: TestContext;
    let caseId: number;
    let evidenceId: number;
    let unsubscribeUrl: string;
    let archive: string;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-archives-'));

    before(async () => {
      source = await createTestApp(engine);
      await createImage(source.db, testStorage(source.config), { width: 64 });
      caseId = await buildCaseThroughForms(source, await signInAs(source, 'monitor'), 'BAK');
      evidenceId = (await source.db.selectFrom('hrdEvidence').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow()).id;
      const now = new Date().toISOString();
      const subscriber = await source.db
        .insertInto('subscribers')
        .values({ email: 'reader@example.org', name: null, locale: 'en', status: 'active', consentSource: 'form', sourceNote: null, consentedAt: now, confirmationSentAt: now, unsubscribedAt: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await source.db.insertInto('subscriberTopics').values({ subscriberId: subscriber.id, topic: 'publications' }).execute();
      unsubscribeUrl = `/en/subscribe/unsubscribe?token=${subscriberLinksOf(source.app.db, source.app.config).sign(subscriber.id, 'unsubscribe')}`;
      const queued = await source.db.transaction().execute((tx) =>
        notifySubscribers(tx, { topic: 'publications', idempotencyKey: 'test:backup', compose: () => ({ subject: 'Queued before the backup', title: 'T', bodyHtml: '<p>B</p>', url: 'http://dove.test/en/' }) }, { publicUrl: 'http://dove.test' }),
      );
      assert.equal(queued, 1);
      archive = path.join(work, 'site.tar.gz');
      await createBackup(source.db, source.config, archive);
    });
    after(async () => {
      await source.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('writes a 0600 archive that starts with its manifest, checksums every entry and holds no encryption key', async () => {
      assert.equal(fs.statSync(archive).mode & 0o777, 0o600);
      const entries: Array<{ name: string; bytes: Buffer }> = [];
      assert.deepEqual(fs.readFileSync(archive).subarray(0, 2), Buffer.from([0x1f, 0x8b]), 'a .tar.gz name gives a gzip archive');
      for await (const entry of readArchive(archive, () => true)) {
        const chunks: Buffer[] = [];
        for await (const c of entry.body) chunks.push(c);
        entries.push({ name: entry.name, bytes: Buffer.concat(chunks) });
      }
      assert.equal(entries[0]!.name, 'manifest.json');
      const manifest = JSON.parse(entries[0]!.bytes.toString()) as { entries: Array<{ path: string; sha256: string }>; engine: string; migration: string };
      assert.equal(manifest.engine, engine);
      assert.equal(manifest.migration, '0028-child-lookups');
      assert.deepEqual(entries.slice(1).map((e) => e.name), manifest.entries.map((e) => e.path));
      const names = entries.map((e) => e.name);
      assert.ok(names.includes('session-secret'));
      assert.ok(names.some((n) => n.startsWith('evidence/')));
      assert.ok(names.some((n) => n.startsWith('files/')));
      assert.ok(!names.some((n) => /encryption-key|kysely_migration|search_documents|outbox\//.test(n)));
      const key = fs.readFileSync(keyFilePath(source.config.dataDir), 'utf8').trim();
      for (const e of entries) assert.ok(!e.bytes.includes(key) && !e.bytes.includes(Buffer.from(key, 'base64')), `${e.name} holds the key`);
    });

    it('restores into a fresh place: pages, files, evidence, a case and an unsubscribe link work; mail waits until resumed', async () => {
      const target = await emptyTarget(engine);
      try {
        copyKey(source.config, target.config);
        const result = await restoreBackup(target.db, target.config, archive);
        assert.equal(result.key, 'checked');
        for (const dir of ['files', 'evidence']) assert.equal(fs.statSync(path.join(target.config.dataDir, dir)).mode & 0o777, 0o700);
        assert.equal(fs.statSync(path.join(target.config.dataDir, 'session-secret')).mode & 0o777, 0o600);
        const app = await buildApp({ config: target.config, db: target.db, logger: false });
        await app.ready();
        try {
          const restored = { app, db: target.db, config: target.config, engine, close: async () => {} } as TestContext;
          const paths = await sitemapPaths(source.app);
          assert.ok(paths.length > 5);
          for (const p of paths) {
            const [before, afterRestore] = [await source.app.inject(p), await app.inject(p)];
            assert.equal(afterRestore.statusCode, before.statusCode, p);
          }
          assert.ok((await app.inject('/en/search?q=report')).statusCode === 200);
          const variant = await target.db.selectFrom('imageVariants').select(['sha256', 'format']).executeTakeFirstOrThrow();
          const image = await app.inject(`/media/${variant.sha256}.${variant.format === 'jpeg' ? 'jpg' : variant.format}`);
          assert.equal(image.statusCode, 200);
          const monitor = await signInAs(restored, 'monitor');
          const casePage = await app.inject({ url: `/admin/cases/${caseId}`, headers: { cookie: monitor.cookie } });
          assert.equal(casePage.statusCode, 200);
          assert.match(casePage.body, /BAK/);
          const evidence = await app.inject({ url: `/admin/cases/${caseId}/evidence/${evidenceId}`, headers: { cookie: monitor.cookie } });
          const original = await source.app.inject({ url: `/admin/cases/${caseId}/evidence/${evidenceId}`, headers: { cookie: (await signInAs(source, 'monitor')).cookie } });
          assert.equal(evidence.statusCode, 200);
          assert.deepEqual(evidence.rawPayload, original.rawPayload);

          // Paused: nothing is claimed, nothing is sent, scheduled publishing is held, admins see why.
          const transport = recordingTransport();
          assert.deepEqual(await claimDueMail(target.db, 10, 'test', 120_000), []);
          await deliverDueMail(target.db, transport, { from: 'dove@example.org', leaseMs: 120_000 });
          assert.equal(transport.sent.length, 0);
          const restoredAdmin = await signInAs(restored, 'admin');
          for (const url of ['/admin', '/admin/outbox']) {
            const page = await app.inject({ url, headers: { cookie: restoredAdmin.cookie } });
            assert.match(page.body, /Sending and scheduled publishing are paused/, url);
            assert.match(page.body, /action="\/admin\/operations\/resume"/, url);
          }

          const unsubscribed = await app.inject({ method: 'POST', url: unsubscribeUrl, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
          assert.equal(unsubscribed.statusCode, 200, unsubscribed.body);
          assert.equal((await target.db.selectFrom('subscribers').select('status').executeTakeFirstOrThrow()).status, 'unsubscribed');

          const editor = await signInAs(restored, 'editor');
          const refused = await app.inject({ method: 'POST', url: '/admin/operations/resume', headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(editor.csrfToken)}` });
          assert.equal(refused.statusCode, 403);
          const noToken = await app.inject({ method: 'POST', url: '/admin/operations/resume', headers: { cookie: restoredAdmin.cookie } });
          assert.equal(noToken.statusCode, 403);
          const resumed = await app.inject({ method: 'POST', url: '/admin/operations/resume', headers: { cookie: restoredAdmin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(restoredAdmin.csrfToken)}` });
          assert.equal(resumed.statusCode, 303);
          const audit = await target.db.selectFrom('auditLog').select('action').where('action', 'in', ['operations.resume', 'backup.restore']).execute();
          assert.deepEqual(audit.map((a) => a.action).sort(), ['backup.restore', 'operations.resume']);
          const dashboard = await app.inject({ url: '/admin', headers: { cookie: restoredAdmin.cookie } });
          assert.doesNotMatch(dashboard.body, /are paused/);
          const report = await deliverDueMail(target.db, transport, { from: 'dove@example.org', leaseMs: 120_000 });
          assert.equal(report.sent + report.suppressed, 1, 'the mail queued before the backup goes out once resumed (suppressed: its reader unsubscribed)');
        } finally {
          await app.close();
        }
      } finally {
        await target.drop();
      }
    });

    it('refuses an archive with one byte changed, and writes nothing', async () => {
      const plain = path.join(work, 'plain.tar');
      await createBackup(source.db, source.config, plain);
      const bytes = fs.readFileSync(plain);
      const manifestSize = 512 + Math.ceil(Number.parseInt(bytes.subarray(124, 136).toString().replace(/\0.*$/s, ''), 8) / 512) * 512;
      bytes[manifestSize + 512 + 40] = bytes[manifestSize + 512 + 40]! ^ 0x01; // inside the first table's dump
      const tampered = path.join(work, 'tampered.tar');
      fs.writeFileSync(tampered, bytes);
      const target = await emptyTarget(engine);
      try {
        copyKey(source.config, target.config);
        await assert.rejects(restoreBackup(target.db, target.config, tampered), (err: Error) => err instanceof RestoreError && /does not match its checksum/.test(err.message));
        await assertNothingRestored(target, engine);
      } finally {
        await target.drop();
      }
    });

    it('refuses an archive holding a path with .., an absolute path or a symbolic link, and writes nothing', async () => {
      const plain = path.join(work, 'clean.tar');
      await createBackup(source.db, source.config, plain);
      const outside = path.join(work, 'outside');
      const inside = path.join(outside, 'inside');
      const linkName = `files/aa/bb/aabb${'0'.repeat(60)}`;
      fs.mkdirSync(path.join(inside, path.dirname(linkName)), { recursive: true });
      fs.writeFileSync(path.join(outside, 'session-secret'), 'planted');
      fs.symlinkSync('/etc/passwd', path.join(inside, linkName));
      const hostile = [
        { name: '../session-secret', refusal: /holds \.\.\/session-secret, which is not a part of a backup/ },
        { name: path.join(outside, 'session-secret'), refusal: /holds \/.*session-secret, which is not a part of a backup/ },
        { name: linkName, refusal: /which is not a plain file/ },
      ];
      for (const [i, { name, refusal }] of hostile.entries()) {
        const archiveWith = await withExtraEntry(plain, inside, name, path.join(work, `hostile-${i}.tar`));
        const target = await emptyTarget(engine);
        try {
          copyKey(source.config, target.config);
          await assert.rejects(restoreBackup(target.db, target.config, archiveWith), (err: Error) => err instanceof RestoreError && refusal.test(err.message), name);
          await assertNothingRestored(target, engine);
          assert.ok(!fs.existsSync(path.join(path.dirname(target.config.dataDir), 'session-secret')), 'nothing lands beside the data directory');
        } finally {
          await target.drop();
        }
      }
    });

    it('refuses a non-empty target, a wrong key and a missing key, each with the fix', async () => {
      const busy = await emptyTarget(engine);
      try {
        copyKey(source.config, busy.config);
        fs.writeFileSync(path.join(busy.config.dataDir, 'notes.txt'), 'x');
        await assert.rejects(restoreBackup(busy.db, busy.config, archive), /is not empty .*notes\.txt/);
      } finally {
        await busy.drop();
      }
      const wrong = await emptyTarget(engine, { ENCRYPTION_KEY: generateKeyBase64() });
      try {
        await assert.rejects(restoreBackup(wrong.db, wrong.config, archive), /does not open the case data of this backup/);
        assert.ok(!fs.existsSync(path.join(wrong.config.dataDir, 'files')));
      } finally {
        await wrong.drop();
      }
      const missing = await emptyTarget(engine);
      try {
        await assert.rejects(restoreBackup(missing.db, missing.config, archive), /no encryption key is set up\. Copy the site's key into/);
      } finally {
        await missing.drop();
      }
    });
  });
}

describe('a backup of a SQLite site restored into PostgreSQL', () => {
  const skip = testEngines().includes('postgres') ? false : 'SKIPPED: needs TEST_DATABASE_URL to reach a PostgreSQL';

  it('brings back every row, the pages, a case and its evidence', { skip }, async () => {
    const source = await createTestApp('sqlite');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-cross-engine-'));
    const target = await emptyTarget('postgres');
    try {
      await createImage(source.db, testStorage(source.config), { width: 64 });
      const caseId = await buildCaseThroughForms(source, await signInAs(source, 'monitor'), 'XEN');
      const archive = path.join(work, 'sqlite-site.tgz');
      await createBackup(source.db, source.config, archive);
      copyKey(source.config, target.config);
      const result = await restoreBackup(target.db, target.config, archive);
      assert.equal(result.manifest.engine, 'sqlite');
      assert.equal(result.key, 'checked');
      // The restore adds a row of its own to these two: its audit entry and the pause of mail.
      const addedByRestore: Record<string, number> = { audit_log: 1, operations_pause: 1 };
      for (const table of await listDataTables(source.db)) {
        assert.equal(await countRows(target.db, table.name), (await countRows(source.db, table.name)) + (addedByRestore[table.name] ?? 0), table.name);
      }
      const app = await buildApp({ config: target.config, db: target.db, logger: false });
      await app.ready();
      try {
        const paths = await sitemapPaths(source.app);
        assert.ok(paths.length > 5);
        for (const p of paths) assert.equal((await app.inject(p)).statusCode, (await source.app.inject(p)).statusCode, p);
        const restored = { app, db: target.db, config: target.config, engine: 'postgres', close: async () => {} } as TestContext;
        const monitor = await signInAs(restored, 'monitor');
        const casePage = await app.inject({ url: `/admin/cases/${caseId}`, headers: { cookie: monitor.cookie } });
        assert.equal(casePage.statusCode, 200);
        assert.match(casePage.body, /XEN/);
        const evidence = await target.db.selectFrom('hrdEvidence').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
        const url = `/admin/cases/${caseId}/evidence/${evidence.id}`;
        const [copy, original] = [await app.inject({ url, headers: { cookie: monitor.cookie } }), await source.app.inject({ url, headers: { cookie: (await signInAs(source, 'monitor')).cookie } })];
        assert.equal(copy.statusCode, 200);
        assert.deepEqual(copy.rawPayload, original.rawPayload);
      } finally {
        await app.close();
      }
    } finally {
      await target.drop();
      await source.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('dove backup and dove restore on the command line', () => {
  it('backs up, refuses a second restore into the same place, restores, and resumes', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-cli-backup-'));
    const run = async (args: string[], env: Record<string, string>) => {
      const result = await runDove(args, { SEED_ON_FIRST_START: 'false', ...env });
      return { code: result.code, out: result.stdout + result.stderr };
    };
    try {
      const key = generateKeyBase64();
      const from = { DATA_DIR: path.join(work, 'from'), ENCRYPTION_KEY: key };
      assert.equal((await run(['migrate'], from)).code, 0);
      const backup = await run(['backup', path.join(work, 'b.tar')], from);
      assert.equal(backup.code, 0, backup.out);
      assert.match(backup.out, /The encryption key is NOT in the archive/);
      const to = { DATA_DIR: path.join(work, 'to'), ENCRYPTION_KEY: key };
      const restored = await run(['restore', path.join(work, 'b.tar')], to);
      assert.equal(restored.code, 0, restored.out);
      assert.match(restored.out, /PAUSED/);
      const again = await run(['restore', path.join(work, 'b.tar')], to);
      assert.equal(again.code, 1);
      assert.match(again.out, /Restore refused: .*is not empty/);
      const resumed = await run(['operations', 'resume'], to);
      assert.equal(resumed.code, 0, resumed.out);
      assert.match(resumed.out, /^Resumed/);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

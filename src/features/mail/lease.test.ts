import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { enqueueMails, type OutgoingMail } from './outbox.js';
import { claimSize, deliverDueMail, MIN_LEASE_SECONDS } from './sender.js';
import type { MailTransport, PreparedMail } from './transport.js';
import { doveArgs } from '../../../test/helpers/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FROM = 'news@dove.test';
const ME = 'worker-a';
const OTHER = 'worker-b';

const mails = (prefix: string, n: number, to = (i: number) => `reader-${prefix}-${i}@example.org`): OutgoingMail[] =>
  Array.from({ length: n }, (_, i) => ({ to: to(i), subject: `Letter ${i}`, html: `<p>${i}</p>`, text: `${i}`, kind: 'mailing' as const, idempotencyKey: `${prefix}:${i}` }));

function transportOf(send: (mail: PreparedMail) => Promise<string>): MailTransport {
  return { name: 'smtp', send, close: async () => {} };
}

const smtpError = (code: number, command: string, response: string) => Object.assign(new Error(response), { responseCode: code, command, response });

describe('how many rows one claim takes', () => {
  it('no more than can be started within half the lease at the configured rate', () => {
    assert.equal(claimSize({ batchSize: 200, ratePerSecond: 1, leaseMs: 120_000 }), 60);
    assert.equal(claimSize({ batchSize: 200, ratePerSecond: 1, leaseMs: 120_000 }, 50), 10, 'rows already waiting count');
    assert.equal(claimSize({ batchSize: 200, ratePerSecond: 1, leaseMs: 120_000 }, 60), 0);
    assert.equal(claimSize({ batchSize: 200, ratePerSecond: 20, leaseMs: 300_000 }), 200, 'the batch size still caps it');
    assert.equal(claimSize({ batchSize: 200, ratePerSecond: 1, leaseMs: 1000 }), 1, 'one row at least when none waits');
  });
});

for (const engine of testEngines()) {
  describe(`${engine}: leases of claimed mail`, () => {
    let t: TestContext;
    const stateOf = async (key: string) =>
      t.db
        .selectFrom('outboxDeliveries as d')
        .innerJoin('outboxMessages as m', 'm.id', 'd.messageId')
        .select(['d.state', 'd.lockedBy', 'd.attempts'])
        .where('m.idempotencyKey', '=', key)
        .executeTakeFirstOrThrow();
    /** Another worker took the row over (its lease ran out) and sent it. */
    const sentByOther = (keys: string[]) =>
      t.db
        .updateTable('outboxDeliveries')
        .set({ state: 'sent', lockedBy: null, lockedUntil: null, sentAt: new Date().toISOString(), smtpResponse: '250 sent by the other worker' })
        .where('messageId', 'in', (eb) => eb.selectFrom('outboxMessages').select('id').where('idempotencyKey', 'in', keys))
        .execute();

    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
    });
    beforeEach(async () => {
      await t.db.deleteFrom('outboxDeliveries').execute();
      await t.db.deleteFrom('outboxMessages').execute();
      await t.db.deleteFrom('mailSuppressions').execute();
    });
    after(() => t.close());

    it('claims at a slow rate only what it can start within half the lease', async () => {
      assert.equal(await enqueueMails(t.db, mails('slow', 100)), 100);
      let claimedAtFirstSend = -1;
      const transport = transportOf(async () => {
        const n = await t.db.selectFrom('outboxDeliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'sending').executeTakeFirstOrThrow();
        claimedAtFirstSend = Number(n.n);
        return '250 ok';
      });
      const report = await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 1, leaseMs: 120_000, concurrency: 1, workerId: ME, limit: 1 });
      assert.equal(report.sent, 1);
      assert.equal(claimedAtFirstSend, 60, '1 a second for half of 120 s');
      const open = await t.db.selectFrom('outboxDeliveries').select(['state', 'attempts']).where('state', '!=', 'sent').execute();
      assert.equal(open.length, 99);
      assert.ok(open.every((r) => r.state === 'queued' && r.attempts === 0), 'rows not started went back, their attempt not counted');
    });

    it('does not send a row whose lease another worker has taken over', async () => {
      await enqueueMails(t.db, mails('taken', 3));
      const sent: string[] = [];
      const transport = transportOf(async (mail) => {
        if (!sent.length) {
          // While the first message is sent, the others' lease runs out and another worker claims them.
          await t.db
            .updateTable('outboxDeliveries')
            .set({ lockedBy: OTHER, lockedUntil: new Date(Date.now() + 60_000).toISOString() })
            .where('state', '=', 'sending')
            .where('messageId', 'not in', (eb) => eb.selectFrom('outboxMessages').select('id').where('idempotencyKey', '=', mail.idempotencyKey))
            .execute();
        }
        sent.push(mail.idempotencyKey);
        return '250 ok';
      });
      const report = await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 10_000, concurrency: 1, workerId: ME });
      assert.deepEqual(sent, ['taken:0']);
      assert.equal(report.sent, 1);
      for (const key of ['taken:1', 'taken:2']) {
        assert.deepEqual(await stateOf(key), { state: 'sending', lockedBy: OTHER, attempts: 1 }, `${key} stays with the other worker`);
      }
    });

    it('renews the lease of each row just before sending it', async () => {
      await enqueueMails(t.db, mails('renew', 2));
      const leaseOfSecond = async () =>
        Date.parse(
          (await t.db.selectFrom('outboxDeliveries as d').innerJoin('outboxMessages as m', 'm.id', 'd.messageId').select('d.lockedUntil').where('m.idempotencyKey', '=', 'renew:1').executeTakeFirstOrThrow()).lockedUntil!,
        );
      const seen: number[] = [];
      const transport = transportOf(async () => {
        seen.push(await leaseOfSecond());
        return '250 ok';
      });
      // At 1 a second, the second message starts about a second after both were claimed.
      await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 1, leaseMs: 120_000, concurrency: 1, workerId: ME });
      assert.equal(seen.length, 2);
      assert.ok(seen[1]! - seen[0]! >= 500, `the second row's lease was extended when it was sent (${seen[1]! - seen[0]!} ms)`);
    });

    it('a late retry, failure or suppression does not undo a send by another worker', async () => {
      await enqueueMails(t.db, [
        ...mails('late-bounce', 2, () => 'gone@example.org'),
        ...mails('late-defer', 1, () => 'slow@example.org'),
      ]);
      const transport = transportOf(async (mail) => {
        if (mail.to === 'gone@example.org') {
          // Both messages to this address are sent by another worker meanwhile.
          await sentByOther(['late-bounce:0', 'late-bounce:1']);
          throw smtpError(550, 'RCPT TO', '550 5.1.1 no such mailbox');
        }
        await sentByOther([mail.idempotencyKey]);
        throw smtpError(421, 'MAIL FROM', '421 try again later');
      });
      const report = await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 10_000, concurrency: 1, workerId: ME });
      assert.deepEqual(report, { sent: 0, retried: 1, failed: 1, suppressed: 1 }, 'this worker saw a refusal, a bounce and a deferral');
      for (const key of ['late-bounce:0', 'late-bounce:1', 'late-defer:0']) {
        assert.equal((await stateOf(key)).state, 'sent', `${key} stays sent`);
      }
      // The refusal was about the address: it is suppressed all the same.
      const suppressions = await t.db.selectFrom('mailSuppressions').select(['email', 'reason']).execute();
      assert.deepEqual(suppressions, [{ email: 'gone@example.org', reason: 'bounce' }]);
    });

    it('still records its own outcomes', async () => {
      await enqueueMails(t.db, [...mails('own-bounce', 2, () => 'gone@example.org'), ...mails('own-defer', 1, () => 'slow@example.org')]);
      const transport = transportOf(async (mail) => {
        if (mail.to === 'gone@example.org') throw smtpError(550, 'RCPT TO', '550 5.1.1 no such mailbox');
        throw smtpError(421, 'MAIL FROM', '421 try again later');
      });
      await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 10_000, concurrency: 1, workerId: ME });
      assert.equal((await stateOf('own-bounce:0')).state, 'failed');
      assert.equal((await stateOf('own-bounce:1')).state, 'suppressed');
      assert.deepEqual(await stateOf('own-defer:0'), { state: 'queued', lockedBy: null, attempts: 1 });
    });
  });
}

describe('dove mail worker --lease-seconds', () => {
  it(`refuses a lease under ${MIN_LEASE_SECONDS} seconds, with the reason`, { timeout: 60_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-lease-'));
    const child = spawn(process.execPath, doveArgs('mail', 'worker', '--lease-seconds', '60'), {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: path.join(dataDir, 'never.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 2, output);
      assert.match(output, /--lease-seconds must be a whole number of seconds, at least 120/);
      assert.match(output, /another worker would send it again/);
      assert.equal(fs.existsSync(path.join(dataDir, 'never.sqlite')), false, 'refused before opening the database');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

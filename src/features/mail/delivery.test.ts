import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import type { Db } from '../../db/database.js';
import { enqueueMails, messageIdFor, type OutgoingMail } from './outbox.js';
import { deliverDueMail, type DeliveryReport } from './sender.js';
import { createSmtpTransport, type MailTransport } from './transport.js';

const FROM = 'news@dove.test';
const COUNT = 1000;
const isBad = (i: number) => i % 50 === 7;
const address = (i: number) => (isBad(i) ? `gone-${i}@example.org` : `reader-${i}@example.org`);

function mailing(key: string): OutgoingMail[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    to: address(i),
    subject: `Monthly letter ${key}`,
    html: `<p>Letter ${key} for reader ${i}</p>`,
    text: `Letter ${key} for reader ${i}`,
    kind: 'mailing' as const,
    idempotencyKey: `mailing:${key}:${i}`,
  }));
}

/** Runs the sender until nothing is queued or sending any more. */
async function drain(db: Db, transport: MailTransport, deadlineMs = 90_000): Promise<DeliveryReport> {
  const total: DeliveryReport = { sent: 0, retried: 0, failed: 0, suppressed: 0 };
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const r = await deliverDueMail(db, transport, {
      from: FROM,
      concurrency: 4,
      ratePerSecond: 100_000,
      retryBaseMs: 100,
      maxRetryDelayMs: 400,
      maxAttempts: 50,
    });
    for (const k of ['sent', 'retried', 'failed', 'suppressed'] as const) total[k] += r[k];
    const open = await db
      .selectFrom('outboxDeliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ['queued', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(open.n) === 0) return total;
    assert.ok(Date.now() < deadline, `mail still open after ${deadlineMs} ms: ${open.n}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const engine of testEngines()) {
  describe(`${engine}: a mailing through a server that defers, then refuses some addresses`, () => {
    let t: TestContext;
    let sink: SmtpSink;
    let transport: MailTransport;
    let deferUntil = 0;

    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      sink = await startSmtpSink({
        keepRaw: true,
        onMailFrom: () => (Date.now() < deferUntil ? 421 : undefined),
        onRcptTo: (to) => (to.startsWith('gone-') ? 550 : undefined),
      });
      transport = createSmtpTransport(sink.url, { maxConnections: 4 });
    });
    after(async () => {
      await transport.close();
      await sink.close();
      await t.close();
    });

    it('delivers exactly one message to every good address and suppresses the bad ones', async () => {
      assert.equal(await enqueueMails(t.db, mailing('first')), COUNT);
      deferUntil = Date.now() + 1500;
      const report = await drain(t.db, transport);

      assert.ok((sink.refusals.get(421) ?? 0) > 0, 'the server deferred some messages with 421');
      assert.ok(report.retried > 0, 'deferred messages were retried');
      const bad = Array.from({ length: COUNT }, (_, i) => i).filter(isBad);
      assert.equal(report.sent, COUNT - bad.length);
      assert.equal(report.failed, bad.length);

      const counts = sink.countsByMessageId();
      for (let i = 0; i < COUNT; i++) {
        const id = messageIdFor(`mailing:first:${i}`, FROM);
        assert.equal(counts.get(id) ?? 0, isBad(i) ? 0 : 1, `message ${i} (${address(i)})`);
      }
      assert.equal(sink.messages.length, COUNT - bad.length);
      for (const m of sink.messages) assert.equal(m.rcptTo.length, 1);
      const first = sink.messages.find((m) => m.rcptTo[0] === address(0))!;
      assert.equal(first.mailFrom, FROM);
      assert.equal(first.subject, 'Monthly letter first');
      assert.match(first.raw!, /^To: reader-0@example\.org\r$/m);
      assert.match(first.raw!, /^Precedence: bulk\r$/m);
      assert.match(first.raw!, /^Content-Type: multipart\/alternative; boundary=/m);
      const htmlPart = /Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n\r\n--/.exec(first.raw!);
      assert.equal(Buffer.from(htmlPart![1]!.replace(/\r\n/g, ''), 'base64').toString('utf8'), '<p>Letter first for reader 0</p>');

      const suppressed = await t.db.selectFrom('mailSuppressions').select(['email', 'reason']).orderBy('email').execute();
      assert.deepEqual(
        suppressed.map((s) => `${s.email}:${s.reason}`),
        bad.map((i) => `${address(i)}:bounce`).sort(),
      );
      const states = await t.db
        .selectFrom('outboxDeliveries')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .orderBy('state')
        .execute();
      assert.deepEqual(states.map((s) => [s.state, Number(s.n)]), [['failed', bad.length], ['sent', COUNT - bad.length]]);
      const failed = await t.db.selectFrom('outboxDeliveries').select(['lastError', 'smtpResponse']).where('state', '=', 'failed').executeTakeFirstOrThrow();
      assert.match(failed.lastError ?? '', /^550 /);
      const sent = await t.db.selectFrom('outboxDeliveries').select(['smtpResponse', 'sentAt']).where('state', '=', 'sent').executeTakeFirstOrThrow();
      assert.match(sent.smtpResponse ?? '', /^250 /);
      assert.ok(sent.sentAt);
    });

    it('does not send later mail to a suppressed address, and sends it to the others', async () => {
      const before = sink.messages.length;
      assert.equal(await enqueueMails(t.db, mailing('second')), COUNT);
      const report = await drain(t.db, transport);
      const bad = Array.from({ length: COUNT }, (_, i) => i).filter(isBad).length;
      assert.equal(report.suppressed, bad);
      assert.equal(report.failed, 0);
      assert.equal(sink.messages.length - before, COUNT - bad);
      assert.ok(!sink.messages.slice(before).some((m) => m.rcptTo[0]!.startsWith('gone-')));
      const held = await t.db
        .selectFrom('outboxDeliveries')
        .select(['messageId', 'lastError'])
        .where('state', '=', 'suppressed')
        .execute();
      assert.equal(held.length, bad);
      assert.match(held[0]!.lastError ?? '', /suppressed address \(bounce\)/);
    });
  });
}

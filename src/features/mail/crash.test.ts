import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { enqueueMails, messageIdFor } from './outbox.js';
import { doveArgs } from '../../../test/helpers/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FROM = 'alerts@dove.test';
const COUNT = 1500;
const CONCURRENCY = 4;
const LEASE_SECONDS = 120;

async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const engine of testEngines()) {
  describe(`${engine}: the mail worker killed in the middle of a run`, () => {
    let t: TestContext;
    let sink: SmtpSink;
    let databaseUrl: string;
    const children: ChildProcess[] = [];

    function startWorker(): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
      let output = '';
      const child = spawn(process.execPath, doveArgs('mail', 'worker', '--lease-seconds', String(LEASE_SECONDS)), {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: t.config.dataDir,
          DATABASE_URL: databaseUrl,
          SMTP_URL: sink.url,
          MAIL_FROM: FROM,
          MAIL_RATE_PER_SECOND: '300',
          MAIL_CONCURRENCY: String(CONCURRENCY),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      children.push(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, output: () => output };
    }

    const states = async () =>
      Object.fromEntries(
        (
          await t.db
            .selectFrom('outboxDeliveries')
            .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
            .groupBy('state')
            .execute()
        ).map((r) => [r.state, Number(r.n)]),
      );

    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      sink = await startSmtpSink();
      if (engine === 'postgres') {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db);
        const url = new URL(t.config.databaseUrl);
        url.searchParams.set('options', `-c search_path=${rows[0]!.schema}`);
        databaseUrl = url.toString();
      } else {
        databaseUrl = t.config.databaseUrl;
      }
    });
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await sink.close();
      await t.close();
    });

    it('ends with one message per recipient, duplicates only in the stated window', async (ctx) => {
      const mails = Array.from({ length: COUNT }, (_, i) => ({
        to: `member-${i}@example.org`,
        subject: `Alert ${i}`,
        html: `<p>Alert for member ${i}</p>`,
        text: `Alert for member ${i}`,
        kind: 'alert' as const,
        idempotencyKey: `crash-test:${i}`,
      }));
      assert.equal(await enqueueMails(t.db, mails), COUNT);

      const first = startWorker();
      await until('the first worker has sent a third of the messages', () => sink.messages.length >= COUNT / 3);
      first.child.kill('SIGKILL');
      assert.equal(await first.exited, null, 'killed, not exited');
      await new Promise((resolve) => setTimeout(resolve, 200));

      // The stated window: messages the server has but whose row does not say 'sent'.
      const atKill = await states();
      const unsent = await t.db.selectFrom('outboxMessages as m').innerJoin('outboxDeliveries as d', 'd.messageId', 'm.id').select('m.idempotencyKey').where('d.state', '!=', 'sent').execute();
      const receivedAtKill = new Set(sink.messages.map((m) => m.messageId));
      const inWindow = unsent.filter((r) => receivedAtKill.has(messageIdFor(r.idempotencyKey, FROM))).length;
      assert.ok(atKill.sent! < COUNT, 'killed before the end');
      assert.ok((atKill.sending ?? 0) > 0, 'killed while messages were claimed');
      assert.ok(inWindow <= CONCURRENCY, `at most one message per connection is in the window (${inWindow})`);

      // The dead worker's leases run out (the test does not wait the two minutes: it moves them back).
      const leased = await t.db.selectFrom('outboxDeliveries').select('lockedUntil').where('state', '=', 'sending').execute();
      assert.ok(leased.every((r) => Date.parse(r.lockedUntil!) > Date.now() + (LEASE_SECONDS - 30) * 1000), 'claimed under the worker\'s lease');
      await t.db.updateTable('outboxDeliveries').set({ lockedUntil: new Date(Date.now() - 1000).toISOString() }).where('state', '=', 'sending').execute();

      const second = startWorker();
      await until('every row is sent', async () => (await states()).sent === COUNT, 90_000);
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0, `graceful stop:\n${second.output()}`);

      const counts = sink.countsByMessageId();
      let duplicates = 0;
      for (const m of mails) {
        const n = counts.get(messageIdFor(m.idempotencyKey, FROM)) ?? 0;
        assert.ok(n >= 1, `${m.to} got its message`);
        duplicates += n - 1;
      }
      assert.equal(sink.messages.length, COUNT + duplicates);
      // Exactly the messages accepted by the server but not yet recorded when the process died.
      assert.equal(duplicates, inWindow);
      ctx.diagnostic(
        `killed after ${atKill.sent} recorded sends with ${atKill.sending ?? 0} rows claimed; ` +
          `${inWindow} message(s) were accepted by the server but not yet recorded, and were sent again: ${duplicates} duplicate(s)`,
      );
      const claimedAgain = await t.db.selectFrom('outboxDeliveries').select('messageId').where('attempts', '>', 1).execute();
      assert.ok(claimedAgain.length > 0, 'rows of the dead worker were claimed again after the lease');
    });
  });
}

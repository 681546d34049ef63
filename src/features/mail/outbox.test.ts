import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { form, signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { renderMail } from './mail-layout.js';
import { enqueueMail, enqueueMails, InvalidMailError, messageIdFor, type OutgoingMail } from './outbox.js';
import { claimDueMail, classifyFailure, deliverDueMail } from './sender.js';
import { blockedBy, liftSuppression, suppressAddress } from './suppressions.repository.js';
import { createEmlTransport, emlFileName, outboxDir, type MailTransport, type PreparedMail } from './transport.js';
import { MailWorker } from './worker.js';
import { buildMime } from './mime.js';

const FROM = 'office@dove.test';

function mail(i: number | string, over: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: `person-${i}@example.org`,
    subject: `Hello ${i}`,
    html: `<p>Hello ${i}</p>`,
    text: `Hello ${i}`,
    kind: 'mailing',
    idempotencyKey: `test:${i}`,
    ...over,
  };
}

/** A transport that records what it was given, optionally slowly or failing. */
function fakeTransport(behaviour: (m: PreparedMail) => Promise<string> = async () => '250 OK') {
  const sent: PreparedMail[] = [];
  const transport: MailTransport = {
    name: 'smtp',
    async send(m) {
      const reply = await behaviour(m);
      sent.push(m);
      return reply;
    },
    async close() {},
  };
  return { transport, sent };
}

const stateOf = async (t: TestContext, key: string) =>
  (await t.db.selectFrom('outboxMessages as m').innerJoin('outboxDeliveries as d', 'd.messageId', 'm.id').selectAll(['m', 'd']).where('m.idempotencyKey', '=', key).executeTakeFirstOrThrow());

describe('renderMail', () => {
  const settings = { name: 'Cambodian Center for Human Rights', publicUrl: 'https://cchr.test/', logo: { src: '/media/logo.jpg', width: 200, height: 100 }, address: 'Phnom Penh' };

  it('gives table-based HTML with inline styles, lang, an absolute logo and a text version', () => {
    const { html, text } = renderMail({
      locale: 'en',
      settings,
      preheader: 'A short line',
      title: 'News <from> us',
      bodyHtml: '<p>Read <a href="/en/news/one">the story</a> &amp; more.</p><ul><li>First</li></ul>',
      unsubscribeUrl: 'https://cchr.test/en/unsubscribe?token=abc',
    });
    assert.match(html, /^<!DOCTYPE html><html lang="en" dir="ltr"/);
    assert.match(html, /<table role="presentation"/);
    assert.match(html, /<img src="https:\/\/cchr\.test\/media\/logo\.jpg" height="48" width="96" alt="Cambodian Center for Human Rights"/);
    assert.match(html, /href="https:\/\/cchr\.test\/en\/news\/one"/, 'relative links made absolute');
    assert.match(html, /News &lt;from> us|News &lt;from&gt; us/);
    assert.doesNotMatch(html, /<style|<link|<script/);
    assert.match(html, /https:\/\/cchr\.test\/en\/unsubscribe\?token=abc/);
    assert.match(text, /^Cambodian Center for Human Rights\n\nNews <from> us\n=+\n/);
    assert.match(text, /Read the story \(https:\/\/cchr\.test\/en\/news\/one\) & more\./);
    assert.match(text, /- First/);
    assert.match(text, /Unsubscribe: https:\/\/cchr\.test\/en\/unsubscribe\?token=abc/);
    assert.doesNotMatch(text, /<(p|a|ul|li)\b|&amp;/);
  });

  it('sets Khmer text in a Khmer font stack with room for stacked vowels', () => {
    const { html, text } = renderMail({ locale: 'km', settings: { ...settings, logo: undefined }, title: 'ព័ត៌មានថ្មី', bodyHtml: '<p>សួស្ដី</p>', unsubscribeUrl: 'https://cchr.test/km/u' });
    assert.match(html, /<html lang="km"/);
    assert.match(html, /font-family:'Noto Sans Khmer', 'Khmer OS Siemreap'/);
    assert.match(html, /line-height:1\.9/);
    assert.match(html, />Cambodian Center for Human Rights<\/span>/, 'the name stands in for a missing logo');
    assert.match(text, /ព័ត៌មានថ្មី\n=+\n\nសួស្ដី/);
    assert.match(text, /ឈប់ទទួល: https:\/\/cchr\.test\/km\/u/);
  });
});

describe('buildMime', () => {
  it('writes a multipart/alternative message whose parts and headers decode back to the input', () => {
    const text = 'សួស្ដី! Line one\nLine two with a long word ' + 'ក'.repeat(500);
    const html = '<p>' + 'ជំរាបសួរ '.repeat(300) + '</p>';
    const subject = 'ព័ត៌មានថ្មីពីមជ្ឈមណ្ឌលសិទ្ធិមនុស្សកម្ពុជា: a long subject line that must be folded';
    const raw = buildMime(
      { idempotencyKey: 'k', messageId: '<abc@dove.test>', from: { name: 'មជ្ឈមណ្ឌល CCHR', address: 'news@dove.test' }, to: 'reader@example.org', subject, html, text, headers: { 'List-Unsubscribe': '<https://dove.test/u/1>' }, replyTo: 'desk@dove.test' },
      new Date('2026-11-21T10:00:00Z'),
    ).toString('utf8');
    assert.doesNotMatch(raw, /[^\r]\n/, 'CRLF line ends only');
    for (const line of raw.split('\r\n')) assert.ok(line.length <= 998, 'no line beyond the SMTP limit');
    assert.ok(raw.split('\r\n').every((l) => /^[\x20-\x7e]*$/.test(l)), 'plain ASCII on the wire');
    const [head, ...rest] = raw.split('\r\n\r\n');
    const unfolded = head!.replace(/\r\n[ \t]/g, ' ');
    const headerOf = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(unfolded.replace(/\r\n/g, '\n'))?.[1] ?? '';
    // Space between two encoded words is not part of the text (RFC 2047 6.2); other space is.
    const decodeWords = (v: string) =>
      v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('latin1'));
    const decoded = (v: string) => Buffer.from(decodeWords(v), 'latin1').toString('utf8');
    assert.equal(decoded(headerOf('Subject')), subject);
    assert.equal(decoded(headerOf('From')), 'មជ្ឈមណ្ឌល CCHR <news@dove.test>');
    assert.equal(headerOf('To'), 'reader@example.org');
    assert.equal(headerOf('Reply-To'), 'desk@dove.test');
    assert.equal(headerOf('Message-ID'), '<abc@dove.test>');
    assert.equal(headerOf('List-Unsubscribe'), '<https://dove.test/u/1>');
    assert.equal(headerOf('Date'), 'Sat, 21 Nov 2026 10:00:00 +0000');
    const boundary = /boundary="([^"]+)"/.exec(head!)![1]!;
    const parts = rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, 3);
    const body = (part: string) => Buffer.from(part.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    assert.match(parts[0]!, /Content-Type: text\/plain; charset=utf-8/);
    assert.equal(body(parts[0]!), text);
    assert.match(parts[1]!, /Content-Type: text\/html; charset=utf-8/);
    assert.equal(body(parts[1]!), html);
    assert.match(raw, new RegExp(`--${boundary}--\r\n$`));
  });
});

describe('classifyFailure', () => {
  it('tells temporary from permanent failures and bad addresses from bad messages', () => {
    assert.deepEqual(classifyFailure({ responseCode: 550, command: 'RCPT TO', response: '550 No such user' }), { permanent: true, suppress: true, message: '550 No such user' });
    assert.equal(classifyFailure({ responseCode: 421, command: 'MAIL FROM', response: '421 Try later' }).permanent, false);
    assert.equal(classifyFailure({ responseCode: 451, command: 'DATA' }).permanent, false);
    assert.deepEqual(
      [classifyFailure({ responseCode: 554, command: 'DATA', response: '554 5.7.1 Spam' }), classifyFailure({ responseCode: 550, command: 'DATA', response: '550 5.1.1 Unknown user' })].map((v) => [v.permanent, v.suppress]),
      [[true, false], [true, true]],
    );
    // Our own setup refused (authentication, sender): keep the list, retry later.
    assert.equal(classifyFailure({ responseCode: 535, command: 'AUTH PLAIN' }).permanent, false);
    assert.equal(classifyFailure({ responseCode: 553, command: 'MAIL FROM' }).suppress, false);
    assert.equal(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })).permanent, false);
  });

  it('holds bulk mail back from any suppression, other mail only from a bounce', () => {
    assert.equal(blockedBy('mailing', ['unsubscribe']), true);
    assert.equal(blockedBy('alert', ['erasure']), true);
    assert.equal(blockedBy('confirmation', ['unsubscribe']), false);
    assert.equal(blockedBy('confirmation', ['bounce']), true);
    assert.equal(blockedBy('contact', []), false);
  });
});

for (const engine of testEngines()) {
  describe(`${engine}: the outbox`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
    });
    after(() => t.close());
    beforeEach(async () => {
      await t.db.deleteFrom('outboxMessages').execute();
      await t.db.deleteFrom('mailSuppressions').execute();
    });

    it('queues a message once per idempotency key, in batches too', async () => {
      assert.equal(await enqueueMail(t.db, mail(1, { to: ' Person-1@Example.org ' })), true);
      assert.equal(await enqueueMail(t.db, mail(1, { subject: 'Another' })), false);
      const row = await stateOf(t, 'test:1');
      assert.deepEqual([row.toAddress, row.subject, row.state, row.attempts], ['person-1@example.org', 'Hello 1', 'queued', 0]);
      const batch = [mail(1), mail(2), mail(3), mail(2), ...Array.from({ length: 1200 }, (_, i) => mail(`b${i}`))];
      assert.equal(await enqueueMails(t.db, batch), 1202);
      assert.equal(await enqueueMails(t.db, batch), 0);
      assert.equal(await enqueueMails(t.db, []), 0);
    });

    it('refuses header injection and bad addresses, and queues nothing of a bad batch', async () => {
      await assert.rejects(enqueueMail(t.db, mail(1, { subject: 'Hi\r\nBcc: x@evil.test' })), InvalidMailError);
      await assert.rejects(enqueueMail(t.db, mail(1, { to: 'a@example.org, b@example.org' })), InvalidMailError);
      await assert.rejects(enqueueMail(t.db, mail(1, { to: 'a@example.org\nBcc: x@evil.test' })), InvalidMailError);
      await assert.rejects(enqueueMail(t.db, mail(1, { headers: { 'List-Unsubscribe': '<https://x>\r\nBcc: y' } })), InvalidMailError);
      await assert.rejects(enqueueMail(t.db, mail(1, { headers: { Bcc: 'x@evil.test' } })), InvalidMailError);
      await assert.rejects(enqueueMails(t.db, [mail(1), mail(2, { subject: 'x\ny' })]), InvalidMailError);
      const n = await t.db.selectFrom('outboxMessages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    });

    it('queues with the caller’s transaction: a rollback leaves no message', async () => {
      await assert.rejects(
        t.db.transaction().execute(async (tx) => {
          await enqueueMail(tx, mail(1));
          throw new Error('the change failed');
        }),
      );
      assert.equal(await t.db.selectFrom('outboxMessages').select('id').executeTakeFirst(), undefined);
    });

    it('respects suppressions: unsubscribe stops bulk mail, a bounce stops everything, lifting restores', async () => {
      await suppressAddress(t.db, 'Gone@Example.org', 'unsubscribe');
      await suppressAddress(t.db, 'gone@example.org', 'unsubscribe');
      await suppressAddress(t.db, 'bounced@example.org', 'bounce');
      await enqueueMails(t.db, [
        mail('m1', { to: 'gone@example.org' }),
        mail('c1', { to: 'gone@example.org', kind: 'confirmation' }),
        mail('c2', { to: 'bounced@example.org', kind: 'confirmation' }),
        mail('ok', { to: 'fine@example.org', kind: 'notification' }),
      ]);
      const { transport, sent } = fakeTransport();
      const report = await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 1000 });
      assert.deepEqual(report, { sent: 2, retried: 0, failed: 0, suppressed: 2 });
      assert.deepEqual(sent.map((m) => m.idempotencyKey).sort(), ['test:c1', 'test:ok']);
      assert.equal((await stateOf(t, 'test:m1')).state, 'suppressed');
      assert.equal((await stateOf(t, 'test:c2')).state, 'suppressed');

      await liftSuppression(t.db, 'GONE@example.org', 'unsubscribe');
      await liftSuppression(t.db, 'bounced@example.org', 'unsubscribe');
      await enqueueMails(t.db, [mail('m2', { to: 'gone@example.org' }), mail('m3', { to: 'bounced@example.org' })]);
      const again = await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 1000 });
      assert.deepEqual([again.sent, again.suppressed], [1, 1], 'a bounce is not lifted by liftSuppression');
    });

    it('puts a stable Message-ID, the From name and the extra headers on each message', async () => {
      await enqueueMail(t.db, mail(1, { headers: { 'List-Unsubscribe': '<https://dove.test/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }, replyTo: 'desk@dove.test' }));
      const { transport, sent } = fakeTransport();
      await deliverDueMail(t.db, transport, { from: FROM, fromName: 'CCHR' });
      const m = sent[0]!;
      assert.equal(m.messageId, messageIdFor('test:1', FROM));
      assert.match(m.messageId, /^<[0-9a-f]{32}@dove\.test>$/);
      assert.deepEqual(m.from, { name: 'CCHR', address: FROM });
      assert.equal(m.headers['List-Unsubscribe'], '<https://dove.test/u/1>');
      assert.equal(m.headers['Precedence'], 'bulk');
      assert.equal(m.replyTo, 'desk@dove.test');
      const row = await stateOf(t, 'test:1');
      assert.deepEqual([row.state, row.smtpResponse, row.lockedBy], ['sent', '250 OK', null]);
    });

    it('retries temporary failures with growing delays, then gives up without suppressing', async () => {
      await enqueueMail(t.db, mail(1, { kind: 'system' }));
      const { transport } = fakeTransport(async () => {
        throw Object.assign(new Error('Try again later'), { responseCode: 451, command: 'DATA', response: '451 4.3.0 Try again later' });
      });
      const options = { from: FROM, retryBaseMs: 1000, maxRetryDelayMs: 60_000, maxAttempts: 3 };
      assert.deepEqual(await deliverDueMail(t.db, transport, options), { sent: 0, retried: 1, failed: 0, suppressed: 0 });
      let row = await stateOf(t, 'test:1');
      assert.equal(row.state, 'queued');
      assert.equal(row.lastError, '451 4.3.0 Try again later');
      const delay = Date.parse(row.nextAttemptAt) - Date.now();
      assert.ok(delay > 500 && delay <= 1300, `first retry after about a second (${delay} ms)`);
      assert.deepEqual(await deliverDueMail(t.db, transport, options), { sent: 0, retried: 0, failed: 0, suppressed: 0 }, 'not due yet');
      for (const expected of [2, 3]) {
        await t.db.updateTable('outboxDeliveries').set({ nextAttemptAt: new Date(0).toISOString() }).execute();
        await deliverDueMail(t.db, transport, options);
        row = await stateOf(t, 'test:1');
        assert.equal(row.attempts, expected);
      }
      assert.equal(row.state, 'failed');
      assert.equal(await t.db.selectFrom('mailSuppressions').select('id').executeTakeFirst(), undefined);
    });

    it('claims each row once, and claims again the rows of a sender whose lease ran out', async () => {
      await enqueueMails(t.db, Array.from({ length: 10 }, (_, i) => mail(i)));
      const a = await claimDueMail(t.db, 6, 'worker-a', 60_000);
      const b = await claimDueMail(t.db, 6, 'worker-b', 60_000);
      assert.deepEqual([a.length, b.length], [6, 4]);
      assert.equal(new Set([...a, ...b].map((r) => r.id)).size, 10);
      // worker-a dies: its lease runs out, a later run sends its rows; worker-b is still alive.
      await t.db.updateTable('outboxDeliveries').set({ lockedUntil: new Date(Date.now() - 1000).toISOString() }).where('lockedBy', '=', 'worker-a').execute();
      const { transport, sent } = fakeTransport();
      const report = await deliverDueMail(t.db, transport, { from: FROM });
      assert.equal(report.sent, 6);
      assert.deepEqual(sent.map((m) => m.idempotencyKey).sort(), a.map((r) => r.idempotencyKey).sort());
      const reclaimed = await stateOf(t, a[0]!.idempotencyKey);
      assert.equal(reclaimed.attempts, 2);
      assert.equal((await t.db.selectFrom('outboxDeliveries').select('messageId').where('state', '=', 'sending').execute()).length, 4);
    });

    it('never gives one row to two claims running at the same time', async () => {
      await enqueueMails(t.db, Array.from({ length: 100 }, (_, i) => mail(`c${i}`)));
      const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => claimDueMail(t.db, 30, `worker-${i}`, 60_000)));
      const ids = claims.flat().map((r) => r.id);
      assert.equal(ids.length, 100);
      assert.equal(new Set(ids).size, 100);
    });

    it('keeps the rate limit', async () => {
      await enqueueMails(t.db, Array.from({ length: 12 }, (_, i) => mail(i)));
      const { transport } = fakeTransport();
      const started = Date.now();
      await deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 40, concurrency: 4 });
      const took = Date.now() - started;
      assert.ok(took >= 250, `12 messages at 40/s take at least 275 ms (${took})`);
    });

    it('stops gracefully: messages in flight are recorded, the rest go back to the queue uncounted', async () => {
      await enqueueMails(t.db, Array.from({ length: 40 }, (_, i) => mail(i)));
      const { transport, sent } = fakeTransport(() => new Promise((resolve) => setTimeout(() => resolve('250 OK'), 30)));
      const worker = new MailWorker(t.db, transport, { from: FROM, concurrency: 2, batchSize: 20, ratePerSecond: 1000, pollMs: 50 });
      worker.start();
      while (sent.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      await worker.stop();
      const rows = await t.db.selectFrom('outboxDeliveries').select(['state', 'attempts']).execute();
      const sentRows = rows.filter((r) => r.state === 'sent');
      assert.equal(sentRows.length, sent.length);
      assert.equal(rows.filter((r) => r.state === 'sending').length, 0);
      assert.ok(rows.filter((r) => r.state === 'queued').every((r) => r.attempts === 0));
    });

    it('without SMTP writes one .eml file per message, and a resend replaces it', async () => {
      const dir = outboxDir(t.config);
      fs.rmSync(dir, { recursive: true, force: true });
      await enqueueMail(t.db, mail('km', { subject: 'សួស្ដី <friends>', html: '<p>ជំរាបសួរ</p>', text: 'ជំរាបសួរ', kind: 'confirmation' }));
      await enqueueMail(t.db, mail('en'));
      const eml = createEmlTransport(dir);
      assert.equal((await deliverDueMail(t.db, eml, { from: FROM, fromName: 'CCHR' })).sent, 2);
      const files = fs.readdirSync(dir).sort();
      assert.deepEqual(files, [emlFileName('test:en'), emlFileName('test:km')].sort());
      const text = fs.readFileSync(path.join(dir, emlFileName('test:km')), 'utf8');
      assert.match(text, new RegExp(`^Message-ID: ${messageIdFor('test:km', FROM).replace(/[.]/g, '\\.')}$`, 'm'));
      assert.match(text, /^From: CCHR <office@dove\.test>$/m);
      assert.match(text, /^To: person-km@example\.org$/m);
      assert.match(text, /^Subject: =\?UTF-8\?/m, 'the Khmer subject is encoded');
      assert.match(text, /Content-Type: multipart\/alternative/);
      assert.match(text, /Content-Type: text\/plain; charset=utf-8/);
      assert.match(text, /Content-Type: text\/html; charset=utf-8/);
      assert.match((await stateOf(t, 'test:km')).smtpResponse ?? '', /^written [0-9a-f]{32}\.eml$/);
      await t.db.updateTable('outboxDeliveries').set({ state: 'queued' }).execute();
      await deliverDueMail(t.db, eml, { from: FROM });
      assert.equal(fs.readdirSync(dir).length, 2);
      await eml.close();
    });
  });

  describe(`${engine}: the admin outbox`, () => {
    let t: TestContext;
    let failedId: number;
    let sentId: number;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      await enqueueMails(t.db, [
        mail('x', { subject: 'Welcome <script>alert(1)</script>', html: '<p>Hi</p><script>alert(2)</script>', text: 'Hi <b>there</b>', kind: 'confirmation' }),
        mail('y', { to: 'nobody@example.org' }),
      ]);
      const { transport } = fakeTransport(async (m) => {
        if (m.to === 'nobody@example.org') throw Object.assign(new Error('no'), { responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <nobody@example.org> unknown' });
        return '250 OK';
      });
      // Through the folder, so the show page has an .eml file too.
      const eml = createEmlTransport(outboxDir(t.config));
      await deliverDueMail(t.db, { ...eml, send: (m) => (m.to === 'nobody@example.org' ? transport.send(m) : eml.send(m)) }, { from: t.config.mailFrom });
      await enqueueMail(t.db, mail('z', { subject: 'Still waiting' }));
      failedId = (await stateOf(t, 'test:y')).id;
      sentId = (await stateOf(t, 'test:x')).id;
    });
    after(() => t.close());

    it('lists messages for admins, filtered by state, escaped', async () => {
      const admin = await signInAs(t, 'admin');
      const all = await t.app.inject({ url: '/admin/outbox', headers: { cookie: admin.cookie } });
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /3 messages/);
      assert.match(all.body, /Welcome &lt;script>alert\(1\)&lt;\/script>|Welcome &lt;script&gt;/);
      assert.doesNotMatch(all.body, /<script>alert\(1\)/);
      assert.match(all.body, /\.eml files to /, 'says that mail goes to the folder');
      const failed = await t.app.inject({ url: '/admin/outbox?state=failed', headers: { cookie: admin.cookie } });
      assert.match(failed.body, /1 message</);
      assert.match(failed.body, /nobody@example\.org/);
      assert.match(failed.body, /550 5\.1\.1 &lt;nobody@example\.org> unknown|550 5\.1\.1 &lt;nobody@example\.org&gt; unknown/);
      assert.doesNotMatch(failed.body, /Still waiting/);
      const queued = await t.app.inject({ url: '/admin/outbox?state=queued&to=person-z', headers: { cookie: admin.cookie } });
      assert.match(queued.body, /Still waiting/);
      const km = await t.app.inject({ url: '/admin/outbox?state=sent', headers: { cookie: admin.cookie } });
      assert.match(km.body, /href="\/admin\/outbox\/\d+"/);
      const bad = await t.app.inject({ url: '/admin/outbox?state=lost', headers: { cookie: admin.cookie } });
      assert.equal(bad.statusCode, 400);
    });

    it('shows one message: details, text, a sandboxed HTML preview and the .eml file', async () => {
      const admin = await signInAs(t, 'admin');
      const show = await t.app.inject({ url: `/admin/outbox/${sentId}`, headers: { cookie: admin.cookie } });
      assert.equal(show.statusCode, 200);
      assert.doesNotMatch(show.body, /<script>alert/);
      assert.match(show.body, /Hi &lt;b>there&lt;\/b>|Hi &lt;b&gt;there/);
      assert.match(show.body, new RegExp(`<iframe[^>]*src="/admin/outbox/${sentId}/html"[^>]*sandbox[ =>]`));
      assert.match(show.body, /Message-ID: &lt;[0-9a-f]{32}@localhost>|Message-ID: &lt;[0-9a-f]{32}@localhost&gt;/);
      const html = await t.app.inject({ url: `/admin/outbox/${sentId}/html`, headers: { cookie: admin.cookie } });
      assert.equal(html.statusCode, 200);
      assert.match(String(html.headers['content-security-policy']), /default-src 'none'.*sandbox/);
      const file = await t.app.inject({ url: `/admin/outbox/${sentId}/eml`, headers: { cookie: admin.cookie } });
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-type']), /^message\/rfc822/);
      assert.match(String(file.headers['content-disposition']), /attachment/);
      assert.match(file.body, /^Subject: Welcome <script>/m);
      const missing = await t.app.inject({ url: '/admin/outbox/999999', headers: { cookie: admin.cookie } });
      assert.equal(missing.statusCode, 404);
    });

    it('sends a failed message again and lifts a bounce, with audit rows and a CSRF check', async () => {
      const admin = await signInAs(t, 'admin');
      const show = await t.app.inject({ url: `/admin/outbox/${failedId}`, headers: { cookie: admin.cookie } });
      assert.match(show.body, /bounced/);
      const noToken = await t.app.inject({ method: 'POST', url: `/admin/outbox/${failedId}/retry`, headers: { cookie: admin.cookie, ...form({}).headers }, payload: '' });
      assert.equal(noToken.statusCode, 403);
      assert.equal((await stateOf(t, 'test:y')).state, 'failed');
      const lift = await t.app.inject({ method: 'POST', url: `/admin/outbox/${failedId}/lift-bounce`, headers: { cookie: admin.cookie, ...form({}).headers }, payload: form({ _csrf: admin.csrfToken }).payload });
      assert.equal(lift.statusCode, 303);
      assert.equal(await t.db.selectFrom('mailSuppressions').select('id').executeTakeFirst(), undefined);
      const retry = await t.app.inject({ method: 'POST', url: `/admin/outbox/${failedId}/retry`, headers: { cookie: admin.cookie, ...form({}).headers }, payload: form({ _csrf: admin.csrfToken }).payload });
      assert.equal(retry.statusCode, 303);
      assert.equal(retry.headers.location, `/admin/outbox/${failedId}?done=retried`);
      const row = await stateOf(t, 'test:y');
      assert.deepEqual([row.state, row.attempts], ['queued', 0]);
      const audits = await t.db.selectFrom('auditLog').select('action').where('action', 'like', 'outbox.%').orderBy('id').execute();
      assert.deepEqual(audits.map((a) => a.action), ['outbox.liftBounce', 'outbox.retry']);
      // Audit rows are kept for good: the lifted bounce is named by its message, not by the address.
      const lifted = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'outbox.liftBounce').executeTakeFirstOrThrow();
      assert.deepEqual([lifted.subjectType, lifted.subjectId], ['outboxMessage', String(failedId)]);
      assert.doesNotMatch(JSON.stringify(lifted), /nobody/);
      const twice = await t.app.inject({ method: 'POST', url: `/admin/outbox/${sentId}/retry`, headers: { cookie: admin.cookie, ...form({}).headers }, payload: form({ _csrf: admin.csrfToken }).payload });
      assert.equal(twice.headers.location, `/admin/outbox/${sentId}?done=notRetryable`);
    });

    it('refuses everyone but admins', async () => {
      for (const role of ['editor', 'author', 'monitor', 'fund_manager'] as const) {
        const agent = await signInAs(t, role);
        for (const url of ['/admin/outbox', `/admin/outbox/${sentId}`, `/admin/outbox/${sentId}/html`, `/admin/outbox/${sentId}/eml`]) {
          assert.equal((await t.app.inject({ url, headers: { cookie: agent.cookie } })).statusCode, 403, `${role} ${url}`);
        }
        const post = await t.app.inject({ method: 'POST', url: `/admin/outbox/${failedId}/retry`, headers: { cookie: agent.cookie, ...form({}).headers }, payload: form({ _csrf: agent.csrfToken }).payload });
        assert.equal(post.statusCode, 403);
        const nav = await t.app.inject({ url: '/admin', headers: { cookie: agent.cookie } });
        assert.doesNotMatch(nav.body, /href="\/admin\/outbox"/);
      }
      const anonymous = await t.app.inject({ url: '/admin/outbox' });
      assert.notEqual(anonymous.statusCode, 200);
      assert.doesNotMatch(anonymous.body, /person-/);
      const denied = await t.db.selectFrom('auditLog').select('id').where('action', '=', 'permission.denied').execute();
      assert.ok(denied.length > 0);
    });
  });
}

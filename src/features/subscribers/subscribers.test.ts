import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { form } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { deliverDueMail } from '../mail/sender.js';
import { createSmtpTransport, type MailTransport } from '../mail/transport.js';
import { subscriberLinksOf } from './links.js';
import { SubscriberLinks } from './signed-link.js';
import { SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR } from '../form-guard/form-guard.js';
import { RESEND_INTERVAL_MS } from './subscribers.service.js';
import { headerOf, htmlOf, plainTextOf } from '../../../test/helpers/received-mail.js';

const ORIGIN = 'http://dove.test';
const FROM = 'news@dove.test';

/** A form post the way a browser sends one from a page of this site. */
const post = (url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin: ORIGIN }) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return { method: 'POST' as const, url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body.toString() };
};

/** The main part of a page: the frame around it has the footer form on every page. */
const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

for (const engine of testEngines()) {
  describe(`subscribing (${engine})`, () => {
    let t: TestContext;
    let sink: SmtpSink;
    let transport: MailTransport;

    before(async () => {
      t = await createTestApp(engine);
      sink = await startSmtpSink({ keepRaw: true });
      transport = createSmtpTransport(sink.url, { maxConnections: 1 });
    });
    after(async () => {
      await transport.close();
      await sink.close();
      await t.close();
    });

    const deliver = () => deliverDueMail(t.db, transport, { from: FROM, ratePerSecond: 10_000 });
    const received = (to: string) => sink.messages.filter((m) => m.rcptTo.includes(to));
    const outboxFor = (to: string) => t.db.selectFrom('outboxMessages').selectAll().where('toAddress', '=', to).orderBy('id').execute();

    it('shows the compact form in the footer of every page and the full form at /en/subscribe and /km/subscribe', async () => {
      for (const url of ['/en/', '/km/', '/en/publications']) {
        const res = await t.app.inject(url);
        assert.match(res.body, /<form method="post" action="\/(en|km)\/subscribe" class="footer-subscribe__form">/, url);
        assert.doesNotMatch(res.body.slice(res.body.indexOf('footer-subscribe')), /name="_csrf"/, 'the cached footer carries no per-visitor token');
      }
      const km = await t.app.inject('/km/subscribe');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /<html lang="km"/);
      assert.match(km.body, /ជាវព័ត៌មានថ្មីៗ/);
      for (const topic of ['news', 'publications', 'hrd-alerts', 'events']) assert.match(km.body, new RegExp(`name="topics" value="${topic}"`));
    });

    it('confirms a subscription end to end: the mail carries a link, GET shows a button, only POST confirms', async () => {
      const res = await t.app.inject(post('/en/subscribe', { email: 'Reader.One@Example.org', name: 'Sokha', locale: 'km', topics: ['news', 'events'] }));
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /Check your inbox/);
      const pending = await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'reader.one@example.org').executeTakeFirstOrThrow();
      assert.equal(pending.status, 'pending');
      assert.equal(pending.locale, 'km');

      const report = await deliver();
      assert.equal(report.sent, 1);
      const [mail] = received('reader.one@example.org');
      assert.ok(mail?.raw, 'the SMTP server received the confirmation');
      assert.match(headerOf(mail.raw, 'Subject'), /=\?UTF-8\?|បញ្ជាក់/, 'the subject is in Khmer, the chosen language');
      const text = plainTextOf(mail.raw);
      const link = /https?:\/\/dove\.test(\/km\/subscribe\/confirm\?token=[\w.-]+)/.exec(text)?.[1];
      assert.ok(link, `a confirmation link in the text part:\n${text}`);
      assert.ok(htmlOf(mail.raw).includes(link), 'the same link in the HTML part');

      // A mail scanner that opens the link confirms nothing.
      const page = await t.app.inject(link);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="km"/);
      assert.match(page.body, /<form method="post" action="\/km\/subscribe\/confirm\?token=[^"]+"><button type="submit">បញ្ជាក់ការជាវរបស់ខ្ញុំ<\/button>/);
      assert.equal((await t.db.selectFrom('subscribers').select('status').where('id', '=', pending.id).executeTakeFirstOrThrow()).status, 'pending');

      // The button posts without Origin or token: the signed link is the authority.
      const confirmed = await t.app.inject({ method: 'POST', url: link });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.match(confirmed.body, /អ្នកបានជាវរួចហើយ/);
      const row = await t.db.selectFrom('subscribers').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'active');
      assert.ok(row.consentedAt, 'the time of consent is recorded');
      assert.equal(row.consentSource, 'form');
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'subscriber.confirm').where('subjectId', '=', String(pending.id)).execute();
      assert.equal(audit.length, 1);
      assert.doesNotMatch(JSON.stringify(audit), /reader\.one/i, 'audit rows never carry the address');
    });

    it('answers the same for a new, a pending and a subscribed address, and mails no one twice in a row', async () => {
      const bodyFor = async (email: string) => {
        const res = await t.app.inject(post('/en/subscribe', { email, locale: 'en', topics: 'news' }));
        assert.equal(res.statusCode, 200);
        return { body: res.body, headers: Object.keys(res.headers).sort().join(',') };
      };
      // The subscribed address's confirmation is an hour old: a reminder may go out again.
      await t.db.updateTable('subscribers').set({ confirmationSentAt: new Date(Date.now() - 3600_000).toISOString() }).where('email', '=', 'reader.one@example.org').execute();
      const fresh = await bodyFor('brand.new@example.org');
      const pending = await bodyFor('brand.new@example.org');
      const active = await bodyFor('reader.one@example.org');
      assert.equal(pending.body, fresh.body);
      assert.equal(active.body, fresh.body);
      assert.equal(active.headers, fresh.headers);
      // The pending address asked twice within minutes: one confirmation only.
      assert.equal((await outboxFor('brand.new@example.org')).length, 1);
      // The subscribed address's choices did not change; it got a link to its preferences instead.
      const s = await t.db.selectFrom('subscribers').select(['id', 'locale']).where('email', '=', 'reader.one@example.org').executeTakeFirstOrThrow();
      assert.equal(s.locale, 'km');
      const mails = await outboxFor('reader.one@example.org');
      assert.equal(mails.length, 2);
      assert.match(mails[1]!.text, /\/km\/subscribe\/preferences\?token=/);
      assert.ok(RESEND_INTERVAL_MS >= 60_000);
    });

    it('refuses expired, forged and wrong-purpose links with a page in the visitor’s language', async () => {
      const links = subscriberLinksOf(t.app.db, t.app.config);
      const s = await t.db.selectFrom('subscribers').select('id').where('email', '=', 'brand.new@example.org').executeTakeFirstOrThrow();
      const expired = links.sign(s.id, 'confirm', Date.now() - 8 * 24 * 3600 * 1000);
      const forged = new SubscriberLinks('another secret of at least thirty-two characters').sign(s.id, 'confirm');
      const valid = links.sign(s.id, 'confirm');
      const tampered = valid.replace(/^\d+\./, `${s.id + 1}.`);
      const wrongPurpose = links.sign(s.id, 'manage');

      const res = await t.app.inject(`/km/subscribe/confirm?token=${expired}`);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<html lang="km"/);
      assert.match(res.body, /តំណភ្ជាប់បានផុតកំណត់ហើយ/);
      const post1 = await t.app.inject({ method: 'POST', url: `/en/subscribe/confirm?token=${expired}` });
      assert.equal(post1.statusCode, 400);
      assert.match(post1.body, /The link has expired/);
      for (const token of [forged, tampered, wrongPurpose, 'nonsense', '']) {
        const r = await t.app.inject({ method: 'POST', url: `/en/subscribe/confirm?token=${encodeURIComponent(token)}` });
        assert.equal(r.statusCode, 400, token);
        assert.match(r.body, /This link does not work/);
      }
      const forgedUnsubscribe = await t.app.inject({ method: 'POST', url: `/en/subscribe/unsubscribe?token=${forged}` });
      assert.equal(forgedUnsubscribe.statusCode, 400);
      const row = await t.db.selectFrom('subscribers').select('status').where('id', '=', s.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending', 'no refused link changed anything');
    });

    it('changes language and topics from the preferences link', async () => {
      const links = subscriberLinksOf(t.app.db, t.app.config);
      const s = await t.db.selectFrom('subscribers').select('id').where('email', '=', 'reader.one@example.org').executeTakeFirstOrThrow();
      const token = links.sign(s.id, 'manage');
      const url = `/en/subscribe/preferences?token=${token}`;
      const page = await t.app.inject(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /reader\.one@example\.org/);
      const switchTo = /<a href="([^"]+)" hreflang="km"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
      assert.equal(switchTo, `/km/subscribe/preferences?token=${encodeURIComponent(token)}`, 'the language switch keeps the reader on their preferences');
      assert.equal((await t.app.inject(switchTo)).statusCode, 200);
      const bad = await t.app.inject({ method: 'POST', url, ...form({ locale: 'fr', topics: 'news' }) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Choose English or Khmer/);
      const res = await t.app.inject({ method: 'POST', url, ...form({ locale: 'en', topics: 'publications' }) });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Your choices were saved/);
      const topics = await t.db.selectFrom('subscriberTopics').select('topic').where('subscriberId', '=', s.id).execute();
      assert.deepEqual(topics.map((r) => r.topic), ['publications']);
    });

    it('unsubscribes in one click through the List-Unsubscribe-Post URL of a mailing, without cookies or Origin', async () => {
      const { notifySubscribers } = await import('./notify.js');
      const queued = await t.db.transaction().execute((tx) =>
        notifySubscribers(
          tx,
          { topic: 'publications', idempotencyKey: 'test:one-click', compose: (l) => (l === 'en' ? { subject: 'A new report', title: 'A new report', bodyHtml: '<p>Read it.</p>', url: `${ORIGIN}/en/publications` } : null) },
          { publicUrl: ORIGIN },
        ),
      );
      assert.equal(queued, 1);
      await deliver();
      const mail = received('reader.one@example.org').find((m) => m.subject === 'A new report');
      assert.ok(mail?.raw);
      assert.equal(headerOf(mail.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const target = /^<(https?:\/\/[^>]+)>$/.exec(headerOf(mail.raw, 'List-Unsubscribe'))?.[1];
      assert.ok(target, 'an https or http URL in List-Unsubscribe');
      const url = new URL(target);
      assert.equal(url.origin, ORIGIN);
      // As RFC 8058 shows it: a multipart body, no cookie, no Origin, no token field.
      const boundary = '---FormBoundaryjWmhtjORrn';
      const res = await t.app.inject({
        method: 'POST',
        url: url.pathname + url.search,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      });
      assert.equal(res.statusCode, 200, res.body);
      const row = await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'reader.one@example.org').executeTakeFirstOrThrow();
      assert.equal(row.status, 'unsubscribed');
      const suppressed = await t.db.selectFrom('mailSuppressions').select('reason').where('email', '=', 'reader.one@example.org').execute();
      assert.deepEqual(suppressed.map((r) => r.reason), ['unsubscribe']);
      // The urlencoded form of the same request works too, and repeating it is harmless.
      const again = await t.app.inject({ method: 'POST', url: url.pathname + url.search, ...form({ 'List-Unsubscribe': 'One-Click' }) });
      assert.equal(again.statusCode, 200);
      // A GET only asks: link scanners do not unsubscribe anyone.
      const ask = await t.app.inject(url.pathname + url.search);
      assert.match(ask.body, /<button type="submit">Unsubscribe<\/button>/);
    });

    it('refuses a cross-site post and a post that says nothing of where it comes from', async () => {
      const cross = await t.app.inject(post('/en/subscribe', { email: 'cross@example.org', locale: 'en', topics: 'news' }, { origin: 'https://evil.example' }));
      assert.equal(cross.statusCode, 403);
      const none = await t.app.inject(post('/en/subscribe', { email: 'cross@example.org', locale: 'en', topics: 'news' }, {}));
      assert.equal(none.statusCode, 403);
      const fetchSite = await t.app.inject(post('/en/subscribe', { email: 'cross@example.org', locale: 'en', topics: 'news' }, { 'sec-fetch-site': 'cross-site', origin: ORIGIN }));
      assert.equal(fetchSite.statusCode, 403);
      assert.equal((await outboxFor('cross@example.org')).length, 0);
    });

    describe('bad input', () => {
      const stored = async () => Number((await t.db.selectFrom('subscribers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const mails = async () => Number((await t.db.selectFrom('outboxMessages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      let before: { stored: number; mails: number };
      const unchanged = async () => assert.deepEqual({ stored: await stored(), mails: await mails() }, before);

      it('refuses an invalid email in the visitor’s language and keeps the values', async () => {
        before = { stored: await stored(), mails: await mails() };
        const en = await t.app.inject(post('/en/subscribe', { email: 'not-an-address', name: 'Dara', locale: 'km', topics: ['events'] }));
        assert.equal(en.statusCode, 400);
        assert.match(mainOf(en.body), /Enter an email address like name@example.org/);
        assert.match(mainOf(en.body), /value="not-an-address"/);
        assert.match(mainOf(en.body), /value="Dara"/);
        assert.match(mainOf(en.body), /value="km" checked/);
        assert.match(mainOf(en.body), /value="events" checked/);
        assert.doesNotMatch(mainOf(en.body), /value="news" checked/);
        const km = await t.app.inject(post('/km/subscribe', { email: '', locale: 'km', topics: 'news' }));
        assert.equal(km.statusCode, 400);
        assert.match(km.body, /សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែលរបស់អ្នក/);
        await unchanged();
      });

      it('refuses control characters, CR/LF in the name and header injection in the address', async () => {
        for (const fields of [
          { email: 'ok@example.org', name: 'Dara\r\nBcc: victim@example.org' },
          { email: 'ok@example.org', name: 'Dara\u0007' },
          { email: 'ok@example.org\r\nBcc: victim@example.org', name: '' },
          { email: 'ok\u0000@example.org', name: '' },
        ]) {
          const res = await t.app.inject(post('/en/subscribe', { ...fields, locale: 'en', topics: 'news' }));
          assert.equal(res.statusCode, 400, JSON.stringify(fields));
          assert.match(res.body, /line breaks or control characters|Enter an email address/);
        }
        const noTopic = await t.app.inject(post('/en/subscribe', { email: 'ok@example.org', locale: 'en' }));
        assert.equal(noTopic.statusCode, 400);
        assert.match(noTopic.body, /Choose at least one topic/);
        await unchanged();
      });

      it('refuses invalid UTF-8, raw or percent-encoded, keeping the fields that were fine', async () => {
        const escaped = await t.app.inject({
          method: 'POST', url: '/en/subscribe',
          headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'email=ok%40example.org&name=%FF%FE&locale=en&topics=news',
        });
        assert.equal(escaped.statusCode, 400);
        assert.match(escaped.body, /characters that are not valid text/);
        assert.match(mainOf(escaped.body), /value="ok@example.org"/);
        const raw = await t.app.inject({
          method: 'POST', url: '/km/subscribe',
          headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
          payload: Buffer.concat([Buffer.from('email=ok%40example.org&name='), Buffer.from([0xc3, 0x28]), Buffer.from('&locale=en&topics=news')]),
        });
        assert.equal(raw.statusCode, 400);
        assert.match(raw.body, /តួអក្សរដែលមិនមែនជាអត្ថបទត្រឹមត្រូវ/);
        await unchanged();
      });

      it('refuses a 10 MB body unread, with the form and a message in the visitor’s language', async () => {
        const huge = `email=ok%40example.org&locale=en&topics=news&name=${'a'.repeat(10 * 1024 * 1024)}`;
        const res = await t.app.inject({ method: 'POST', url: '/km/subscribe', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: huge });
        assert.equal(res.statusCode, 413);
        assert.match(res.body, /<html lang="km"/);
        assert.match(res.body, /ទម្រង់ធំពេក/);
        assert.match(res.body, /name="email"/, 'the form is there to fill in again');
        await unchanged();
      });

      it('answers a bot that filled the hidden field as anyone else, and stores and sends nothing', async () => {
        const res = await t.app.inject(post('/en/subscribe', { email: 'bot@example.org', locale: 'en', topics: 'news', website: 'http://spam.example' }));
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Check your inbox/);
        await unchanged();
      });
    });

    it(`limits one network to ${SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR} requests an hour, with a message in its language`, async () => {
      for (let i = 0; i < SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR; i += 1) {
        const ok = await t.app.inject({ ...post('/en/subscribe', { email: `many${i}@example.org`, locale: 'en', topics: 'news' }), remoteAddress: '10.9.8.7' });
        assert.equal(ok.statusCode, 200);
      }
      const refused = await t.app.inject({ ...post('/km/subscribe', { email: 'one.more@example.org', locale: 'km', topics: 'news' }), remoteAddress: '10.9.8.7' });
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /សំណើច្រើនពេក/);
      assert.match(mainOf(refused.body), /value="one.more@example.org"/);
      assert.equal((await outboxFor('one.more@example.org')).length, 0);
      const other = await t.app.inject({ ...post('/en/subscribe', { email: 'one.more@example.org', locale: 'en', topics: 'news' }), remoteAddress: '10.9.8.6' });
      assert.equal(other.statusCode, 200, 'another network is not affected');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { form, signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';
import { createStamp, formGuardKey, GUARD_POLICIES } from '../form-guard/form-guard.js';

const ORIGIN = 'http://dove.test';
/** The fixture site's address (test/fixtures/site/site.yaml). */
const ORG_EMAIL = 'info@example.org';

for (const engine of testEngines()) {
  describe(`contact form (${engine})`, () => {
    let t: TestContext;
    let n = 0;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    const stamp = (ageMs = 10_000) => createStamp(formGuardKey(t.config), 'contact', Date.now() - ageMs);

    async function send(fields: Partial<Record<'name' | 'email' | 'subject' | 'message' | 'homepage' | 'form_stamp', string>>, options: { locale?: string; ip?: string; origin?: string } = {}) {
      n += 1;
      const body = form({
        name: 'Sophea',
        email: `sophea${n}@example.org`,
        subject: `Question ${n}`,
        message: `Hello, this is message ${n}.`,
        homepage: '',
        form_stamp: stamp(),
        ...fields,
      });
      return t.app.inject({
        method: 'POST',
        url: `/${options.locale ?? 'en'}/contact`,
        remoteAddress: options.ip ?? `203.0.113.${n % 250}`,
        headers: { ...body.headers, origin: options.origin ?? ORIGIN },
        payload: body.payload,
      });
    }
    const stored = (subject: string) => t.db.selectFrom('contactMessages').selectAll().where('subject', '=', subject).executeTakeFirst();
    const outboxCount = async () => Number((await t.db.selectFrom('outboxMessages').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);

    it('the contact page keeps its details and carries the form, cached for everyone', async () => {
      const page = await t.app.inject('/en/contact');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Contact Us<\/h1>/);
      assert.match(page.body, /mailto:info@example.org/);
      assert.match(page.body, /<form class="public-form" method="post" action="\/en\/contact"/);
      assert.match(page.body, /name="form_stamp"/);
      assert.equal((await t.app.inject('/en/contact')).headers['x-page-cache'], 'hit');
      const km = await t.app.inject('/km/contact');
      assert.match(km.body, /action="\/km\/contact"/);
      assert.match(km.body, /ផ្ញើសារ/);
    });

    it('a message is stored and queued for the organisation with the visitor as Reply-To, in one go', async () => {
      const res = await send({ subject: 'Training request', message: 'Could you run a <b>workshop</b> in Kampot?\n\nThank you.', email: 'Reader.One@example.org' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/en/contact/sent');
      const row = await stored('Training request');
      assert.ok(row);
      assert.equal(row.status, 'new');
      assert.equal(row.locale, 'en');
      const mail = await t.db.selectFrom('outboxMessages').selectAll().where('idempotencyKey', '=', `contact:${row.id}`).executeTakeFirst();
      assert.ok(mail, 'queued in the outbox');
      assert.equal(mail.kind, 'contact');
      assert.equal(mail.toAddress, ORG_EMAIL);
      assert.equal(mail.replyTo, 'Reader.One@example.org');
      assert.equal(mail.subject, 'Contact form: Training request');
      assert.match(mail.html, /Could you run a &lt;b&gt;workshop&lt;\/b&gt; in Kampot\?/);
      assert.match(mail.text, /workshop/);
      assert.match(mail.html, /\/admin\/contact\/\d+/);
      const sent = await t.app.inject('/en/contact/sent');
      assert.match(sent.body, /your message has been sent/);
      assert.equal(sent.headers['cache-control'], 'no-store');
    });

    it('header injection: CR/LF in the subject, name or email is refused; nothing stored, nothing queued', async () => {
      const before = await outboxCount();
      const cases = [
        { subject: 'Hello\r\nBcc: victim@example.org' },
        { subject: 'Hello\nBcc: victim@example.org' },
        { name: 'Sophea\r\nBcc: victim@example.org', subject: 'Name injection' },
        { email: 'a@example.org\r\nBcc: victim@example.org', subject: 'Email injection' },
      ];
      for (const fields of cases) {
        const res = await send(fields);
        assert.equal(res.statusCode, 400, JSON.stringify(fields));
        assert.match(res.body, /Your message was not sent/);
      }
      assert.equal(await outboxCount(), before);
      for (const s of ['Name injection', 'Email injection']) assert.equal(await stored(s), undefined);
      const rows = await t.db.selectFrom('contactMessages').select('subject').where('subject', 'like', 'Hello%').execute();
      assert.equal(rows.length, 0);
    });

    it('bad input is answered in the visitor’s language with the values kept', async () => {
      const res = await send({ email: 'nobody', subject: 'Bad email', message: 'Kept message text' }, { locale: 'km' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<html lang="km"/);
      assert.match(res.body, /សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែល/);
      assert.match(res.body, /value="Bad email"/);
      assert.match(res.body, />Kept message text<\/textarea>/);
      assert.match(res.body, /<h1>/, 'the contact page around the form');
      const control = await send({ subject: 'Bell \u0007 subject' });
      assert.equal(control.statusCode, 400);
      const empty = await send({ message: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Please fill in this field/);
      const long = await send({ message: 'm'.repeat(10_001) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /at most 10,000 characters/);
      const raw = await t.app.inject({
        method: 'POST',
        url: '/km/contact',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: Buffer.concat([Buffer.from(`name=A&email=raw%40example.org&subject=Raw&homepage=&form_stamp=${encodeURIComponent(stamp())}&message=x`), Buffer.from([0xc3, 0x28])]),
      });
      assert.equal(raw.statusCode, 400);
      assert.match(raw.body, /តួអក្សរដែលយើងមិនអាចទទួលយកបាន/);
      assert.equal(await stored('Raw'), undefined);
      assert.equal(await stored('Bad email'), undefined);
    });

    it('a 10 MB body gets the localized 413 page; nothing stored', async () => {
      const before = await outboxCount();
      const res = await t.app.inject({
        method: 'POST',
        url: '/en/contact',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: `name=Big&email=big%40example.org&subject=Huge&message=${'a'.repeat(10 * 1024 * 1024)}`,
      });
      assert.equal(res.statusCode, 413);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /too large/);
      assert.equal(await stored('Huge'), undefined);
      assert.equal(await outboxCount(), before);
    });

    it('spam defences: honeypot, too fast, links, duplicate, rate limit per email; nothing sent for any', async () => {
      const before = await outboxCount();
      assert.equal((await send({ subject: 'Honeypot', homepage: 'x' })).statusCode, 303);
      assert.equal(await stored('Honeypot'), undefined);
      const fast = await send({ subject: 'Too fast', form_stamp: stamp(100) });
      assert.equal(fast.statusCode, 400);
      assert.match(fast.body, /very quick/);
      const links = await send({ subject: 'Links', message: 'http://a.example http://b.example http://c.example http://d.example' });
      assert.equal(links.statusCode, 400);
      assert.equal(await outboxCount(), before);
      assert.equal((await send({ subject: 'Twice', message: 'Same words', email: 'twice@example.org' })).statusCode, 303);
      assert.equal((await send({ subject: 'Twice', message: 'Same words', email: 'twice@example.org' })).statusCode, 400);
      for (let i = 1; i < GUARD_POLICIES.contact.maxPerEmail; i += 1) {
        assert.equal((await send({ subject: `Busy ${i}`, email: 'twice@example.org' })).statusCode, 303);
      }
      const limited = await send({ subject: 'Busy over', email: 'twice@example.org' });
      assert.equal(limited.statusCode, 429);
      assert.equal(await stored('Busy over'), undefined);
      assert.equal(await outboxCount(), before + GUARD_POLICIES.contact.maxPerEmail);
    });

    it('rate limit per address', async () => {
      for (let i = 0; i < GUARD_POLICIES.contact.maxPerIp; i += 1) {
        assert.equal((await send({ subject: `Same address ${i}` }, { ip: '198.51.100.99' })).statusCode, 303);
      }
      assert.equal((await send({ subject: 'Same address over' }, { ip: '198.51.100.99' })).statusCode, 429);
    });

    it('a post from another site is refused', async () => {
      const res = await send({ subject: 'Cross site' }, { origin: 'https://evil.example' });
      assert.equal(res.statusCode, 403);
      assert.equal(await stored('Cross site'), undefined);
    });

    it('the inbox: new, answered and archived, each change audited', async () => {
      await send({ subject: 'Inbox subject', message: 'Please <i>answer</i> me.' });
      const row = (await stored('Inbox subject'))!;
      const editor = await signInAs(t, 'editor');
      const list = await t.app.inject({ url: '/admin/contact', headers: { cookie: editor.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /href="\/admin\/contact\/\d+">Inbox subject</);
      const view = await t.app.inject({ url: `/admin/contact/${row.id}`, headers: { cookie: editor.cookie } });
      assert.match(view.body, /Please &lt;i>answer&lt;\/i> me\./);
      const change = (status: string) =>
        t.app.inject({
          method: 'POST',
          url: `/admin/contact/${row.id}/status`,
          headers: { cookie: editor.cookie, ...form({ _csrf: editor.csrfToken, status }).headers },
          payload: form({ _csrf: editor.csrfToken, status }).payload,
        });
      assert.equal((await change('answered')).headers.location, `/admin/contact/${row.id}?done=status`);
      assert.equal((await stored('Inbox subject'))!.status, 'answered');
      const answered = await t.app.inject({ url: '/admin/contact?status=answered', headers: { cookie: editor.cookie } });
      assert.match(answered.body, /Inbox subject/);
      const fresh = await t.app.inject({ url: '/admin/contact?status=new', headers: { cookie: editor.cookie } });
      assert.doesNotMatch(fresh.body, /Inbox subject/);
      await change('archived');
      assert.equal((await stored('Inbox subject'))!.status, 'archived');
      assert.equal((await change('bogus')).statusCode, 303);
      assert.equal((await stored('Inbox subject'))!.status, 'archived');
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'contact.status').where('subjectId', '=', String(row.id)).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => JSON.parse(a.after!).status), ['answered', 'archived']);
    });

    it('role matrix: admins and editors read the inbox; other roles are refused', async () => {
      await send({ subject: 'Role check' });
      const row = (await stored('Role check'))!;
      const roles: Array<[Role, boolean]> = [['admin', true], ['editor', true], ['author', false], ['monitor', false], ['fund_manager', false]];
      for (const [role, allowed] of roles) {
        const agent = await signInAs(t, role);
        assert.equal((await t.app.inject({ url: '/admin/contact', headers: { cookie: agent.cookie } })).statusCode, allowed ? 200 : 403, role);
        assert.equal((await t.app.inject({ url: `/admin/contact/${row.id}`, headers: { cookie: agent.cookie } })).statusCode, allowed ? 200 : 403, role);
        if (!allowed) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/admin/contact/${row.id}/status`,
            headers: { cookie: agent.cookie, ...form({}).headers },
            payload: form({ _csrf: agent.csrfToken, status: 'archived' }).payload,
          });
          assert.equal(res.statusCode, 403, role);
        }
      }
      assert.equal((await stored('Role check'))!.status, 'new');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Locale } from '../../i18n/locales.js';
import { deliverDueMail } from '../mail/sender.js';
import { createSmtpTransport, type MailTransport } from '../mail/transport.js';
import { sendDueItemNotifications } from '../editor/notify-on-publish.js';
import { insertSubscriber } from '../subscribers/subscribers.repository.js';
import type { SubscriberStatus, SubscriptionTopic } from '../subscribers/subscribers.tables.js';
import { headerOf, htmlOf, plainTextOf } from '../../../test/helpers/received-mail.js';

for (const engine of testEngines()) {
  describe(`newsletters and notifications (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let sink: SmtpSink;
    let transport: MailTransport;
    const ids: Record<string, number> = {};

    const add = async (email: string, locale: Locale, topics: SubscriptionTopic[], status: SubscriberStatus = 'active') => {
      ids[email] = await insertSubscriber(t.db, { email, name: null, locale, status, consentSource: 'form', sourceNote: null, consentedAt: status === 'active' ? new Date().toISOString() : null, topics });
    };
    const post = (url: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams({ _csrf: editor.csrfToken });
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return t.app.inject({ method: 'POST', url, headers: { cookie: editor.cookie, ...FORM_HEADERS }, payload: body.toString() });
    };
    const get = (url: string) => t.app.inject({ url, headers: { cookie: editor.cookie } });
    const outbox = (prefix: string) => t.db.selectFrom('outboxMessages').selectAll().where('idempotencyKey', 'like', `${prefix}%`).orderBy('toAddress').execute();

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      sink = await startSmtpSink({ keepRaw: true });
      transport = createSmtpTransport(sink.url, { maxConnections: 1 });
      await add('en.news@example.org', 'en', ['news']);
      await add('km.news@example.org', 'km', ['news', 'events']);
      await add('km.events@example.org', 'km', ['events']);
      await add('en.pending@example.org', 'en', ['news'], 'pending');
      await add('km.left@example.org', 'km', ['news'], 'unsubscribed');
    });
    after(async () => {
      await transport.close();
      await sink.close();
      await t.close();
    });

    it('keeps the paragraphs of a body typed without the editor script, and takes an empty editor for no body', async () => {
      const plain = await post('/admin/mailings', { subject_en: 'Plain', body_en: 'First paragraph: 5 < 6 & 7\r\nstill first.\r\n\r\nSecond.', topics: 'news', segmentLocale: 'all' });
      assert.equal(plain.statusCode, 303, plain.body.slice(0, 300));
      const id = Number(String(plain.headers.location).split('/')[3]!.split('?')[0]);
      const row = await t.db.selectFrom('mailingTranslations').select('bodyHtml').where('mailingId', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.bodyHtml, '<p>First paragraph: 5 &lt; 6 &amp; 7<br />still first.</p><p>Second.</p>');
      const empty = await post('/admin/mailings', { subject_en: 'Empty editor', body_en: '<p></p>', topics: 'news', segmentLocale: 'all' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /m-body-en-error/);
      await t.db.deleteFrom('mailingTranslations').execute();
      await t.db.deleteFrom('mailings').execute();
    });

    it('adds the latest news and publications of each language to the body, saving nothing', async () => {
      const now = new Date(Date.now() - 60_000).toISOString();
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const news = await t.db.insertInto('newsPosts').values({ slug: 'river-forum', kind: 'press_release', status: 'published', publishedAt: now, licence: 'CC-BY-4.0', createdAt: now, updatedAt: now } as never).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('newsPostTranslations').values([{ itemId: news.id, locale: 'en', title: 'River forum <held>', summary: 'Fishers met in Kratie.' }, { itemId: news.id, locale: 'km', title: 'វេទិកាទន្លេ', summary: '' }] as never).execute();
      const embargoed = await t.db.insertInto('newsPosts').values({ slug: 'embargoed', kind: 'press_release', status: 'scheduled', publishedAt: later, licence: 'CC-BY-4.0', createdAt: now, updatedAt: now } as never).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('newsPostTranslations').values({ itemId: embargoed.id, locale: 'en', title: 'Embargoed statement', summary: '' } as never).execute();
      const res = await post('/admin/mailings', { subject_en: 'July', body_en: '<p>Dear readers,</p>', subject_km: '', body_km: '', topics: 'news', segmentLocale: 'all', addRecent: '1' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /role="status"[^>]*>The latest news and publications were added/);
      const body = (locale: string) => new RegExp(`<textarea id="m-body-${locale}"[^>]*>([^<]*)</textarea>`).exec(res.body)?.[1] ?? '';
      assert.match(body('en'), /^&lt;p>Dear readers,&lt;\/p>&lt;h2>Latest news and publications&lt;\/h2>&lt;ul>&lt;li>&lt;a href=&quot;http[^&]*\/en\/news\/river-forum&quot;>River forum &amp;lt;held&amp;gt;&lt;\/a> – Fishers met in Kratie\./);
      assert.match(body('km'), /ព័ត៌មាន និងឯកសារបោះពុម្ពផ្សាយថ្មីៗ.*\/km\/news\/river-forum.*វេទិកាទន្លេ/);
      assert.doesNotMatch(res.body, /Embargoed statement/, 'an item not yet public stays out');
      assert.equal((await t.db.selectFrom('mailings').select('id').execute()).length, 0, 'nothing saved');
      await t.db.deleteFrom('newsPostTranslations').execute();
      await t.db.deleteFrom('newsPosts').execute();
    });

    it('refuses a newsletter without text, topics or with a subject that breaks a header, keeping what was typed', async () => {
      const res = await post('/admin/mailings', { subject_en: 'Line one\r\nBcc: x@example.org', body_en: 'Kept body', subject_km: '', body_km: '', segmentLocale: 'all' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /may not contain line breaks/);
      assert.match(res.body, /Choose at least one topic/);
      assert.match(res.body, />Kept body<\/textarea>/);
      const empty = await post('/admin/mailings', { subject_en: '', body_en: '', topics: 'news', segmentLocale: 'all' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /at least one language/);
      assert.equal((await t.db.selectFrom('mailings').select('id').execute()).length, 0);
    });

    it('sends a newsletter to a segment, in each subscriber’s language or the other one, once however often it is pressed', async () => {
      const created = await post('/admin/mailings', {
        subject_en: 'Monthly letter: July', body_en: '<p>Our <strong>work</strong> in July.</p><script>alert(1)</script><ul><li>trainings</li><li>monitoring</li></ul>',
        subject_km: '', body_km: '', topics: 'news', segmentLocale: 'all',
      });
      assert.equal(created.statusCode, 303, created.body);
      const id = Number(String(created.headers.location).split('/')[3]!.split('?')[0]);
      const stored = await t.db.selectFrom('mailingTranslations').selectAll().where('mailingId', '=', id).execute();
      assert.equal(stored.length, 1);
      assert.match(stored[0]!.bodyHtml, /<strong>work<\/strong>/);
      assert.match(stored[0]!.bodyHtml, /<li>trainings<\/li>/);
      assert.doesNotMatch(stored[0]!.bodyHtml, /<script/);
      const form = await get(`/admin/mailings/${id}`);
      assert.match(form.body, /<textarea id="m-body-en" name="body_en" rows="16" data-rich-text[ >]/, 'the body is written in the rich-text editor');
      assert.match(form.body, /<script type="module" src="\/admin\/assets\/rich-text-editor\.[0-9a-f]+\.js">/);

      const preview = await get(`/admin/mailings/${id}/preview/en`);
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Monthly letter: July/);
      assert.match(String(preview.headers['content-security-policy']), /default-src 'none'/);

      const test = await post(`/admin/mailings/${id}/test`, { locale: 'km' });
      assert.equal(test.statusCode, 303);
      const tests = await outbox(`mailing:${id}:test:`);
      assert.equal(tests.length, 1);
      assert.match(tests[0]!.subject, /^\[TEST\] Monthly letter: July/, 'no Khmer text: the test falls back to English');

      const confirm = await get(`/admin/mailings/${id}/send`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /This newsletter will go to 2 subscribers/);
      assert.match(confirm.body, /1 of them receive it in English, because it has no text in their language/);
      assert.match(confirm.body, /name="expected" value="2"/);

      const stale = await post(`/admin/mailings/${id}/send`, { expected: '5' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /number of recipients changed/);
      assert.equal((await outbox(`mailing:${id}:subscriber:`)).length, 0);

      const [first, second] = await Promise.all([post(`/admin/mailings/${id}/send`, { expected: '2' }), post(`/admin/mailings/${id}/send`, { expected: '2' })]);
      assert.deepEqual([first.statusCode, second.statusCode], [303, 303]);
      const again = await post(`/admin/mailings/${id}/send`, { expected: '2' });
      assert.match(String(again.headers.location), /done=alreadySent/);
      const queued = await outbox(`mailing:${id}:subscriber:`);
      assert.deepEqual(queued.map((m) => [m.toAddress, m.idempotencyKey]), [
        ['en.news@example.org', `mailing:${id}:subscriber:${ids['en.news@example.org']}`],
        ['km.news@example.org', `mailing:${id}:subscriber:${ids['km.news@example.org']}`],
      ]);
      const mailing = await t.db.selectFrom('mailings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(mailing.status, 'sent');
      assert.equal(mailing.recipientCount, 2);

      await deliverDueMail(t.db, transport, { from: 'news@dove.test', ratePerSecond: 10_000 });
      const km = sink.messages.find((m) => m.rcptTo.includes('km.news@example.org') && m.subject === 'Monthly letter: July');
      assert.ok(km?.raw, 'the Khmer reader received the English text');
      assert.match(htmlOf(km.raw), /<html lang="en"/);
      assert.match(plainTextOf(km.raw), /trainings/);
      assert.match(plainTextOf(km.raw), /You receive this message because you subscribed/);
      assert.match(plainTextOf(km.raw), /http:\/\/dove\.test\/km\/subscribe\/preferences\?token=\d+\.manage\./, 'a link to the reader’s choices');
      assert.match(htmlOf(km.raw), /href="http:\/\/dove\.test\/km\/subscribe\/unsubscribe\?token=\d+\.unsubscribe\./, 'an unsubscribe link in the message itself');
      assert.doesNotMatch(km.raw, /dove-placeholder/);
      assert.equal(headerOf(km.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      assert.match(headerOf(km.raw, 'List-Unsubscribe'), /^<http:\/\/dove\.test\/km\/subscribe\/unsubscribe\?token=\d+\.unsubscribe\.\d+\.[\w-]+>$/, 'the unsubscribe page speaks the reader’s language');
      const counts = [...sink.countsByMessageId().values()];
      assert.ok(counts.every((c) => c === 1), 'no message reached the server twice');
    });

    it('sends to one language only when the segment says so', async () => {
      const created = await post('/admin/mailings', { subject_en: 'Events', body_en: 'Soon.', subject_km: 'ព្រឹត្តិការណ៍', body_km: 'ឆាប់ៗនេះ។', topics: ['news', 'events'], segmentLocale: 'km' });
      const id = Number(String(created.headers.location).split('/')[3]!.split('?')[0]);
      const res = await post(`/admin/mailings/${id}/send`, { expected: '2' });
      assert.equal(res.statusCode, 303);
      const queued = await outbox(`mailing:${id}:subscriber:`);
      assert.deepEqual(queued.map((m) => [m.toAddress, m.subject]), [['km.events@example.org', 'ព្រឹត្តិការណ៍'], ['km.news@example.org', 'ព្រឹត្តិការណ៍']]);
    });

    it('deletes a draft, but never a sent newsletter', async () => {
      const created = await post('/admin/mailings', { subject_en: 'Scrap', body_en: 'Not needed.', topics: 'news', segmentLocale: 'all' });
      const id = Number(String(created.headers.location).split('/')[3]!.split('?')[0]);
      const res = await post(`/admin/mailings/${id}/delete`, {});
      assert.equal(res.statusCode, 303);
      assert.equal(await t.db.selectFrom('mailings').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      assert.equal((await t.db.selectFrom('mailingTranslations').select('locale').where('mailingId', '=', id).execute()).length, 0);
      const sent = await t.db.selectFrom('mailings').select('id').where('status', '=', 'sent').executeTakeFirstOrThrow();
      const refused = await post(`/admin/mailings/${sent.id}/delete`, {});
      assert.match(String(refused.headers.location), /done=alreadySent/);
      assert.ok(await t.db.selectFrom('mailings').select('id').where('id', '=', sent.id).executeTakeFirst());
    });

    it('notifies the subscribers of a published item once, when the editor ticks "Email subscribers"', async () => {
      const form = await get('/admin/news/new');
      assert.match(form.body, /name="notifySubscribers" value="1"/);
      const created = await t.app.inject({
        method: 'POST', url: '/admin/news', headers: { cookie: editor.cookie, ...FORM_HEADERS },
        payload: editorForm('news', editor.csrfToken, { en: 'Statement on the right to assemble', km: 'សេចក្តីថ្លែងការណ៍' }, { intent: 'publish', notifySubscribers: '1' }),
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      const id = itemIdFrom(created.headers.location);
      const sent = await outbox(`content:news:${id}:`);
      assert.deepEqual(sent.map((m) => [m.toAddress, m.subject, m.kind]), [
        ['en.news@example.org', 'Statement on the right to assemble', 'notification'],
        ['km.news@example.org', 'សេចក្តីថ្លែងការណ៍', 'notification'],
      ]);
      assert.match(sent[1]!.text, /http:\/\/dove\.test\/km\/news\//);

      // Saving it again with the box ticked sends nothing more; the form says it was done.
      const version = (await get(`/admin/news/${id}`)).body.match(/name="_version" value="(\d+)"/)![1]!;
      assert.match((await get(`/admin/news/${id}`)).body, /subscribers were emailed about this item/);
      const resaved = await t.app.inject({
        method: 'POST', url: `/admin/news/${id}`, headers: { cookie: editor.cookie, ...FORM_HEADERS },
        payload: editorForm('news', editor.csrfToken, { en: 'Statement, corrected' }, { intent: 'publish', notifySubscribers: '1', _version: version }),
      });
      assert.equal(resaved.statusCode, 303);
      assert.equal((await outbox(`content:news:${id}:`)).length, 2);

      // Without the box, nothing is sent.
      const quiet = await t.app.inject({ method: 'POST', url: '/admin/events', headers: { cookie: editor.cookie, ...FORM_HEADERS }, payload: editorForm('event', editor.csrfToken, { en: 'Quiet event' }, { intent: 'publish' }) });
      const quietId = itemIdFrom(quiet.headers.location);
      assert.equal((await outbox(`content:event:${quietId}:`)).length, 0);
    });

    it('notifies about a scheduled item when it goes public, not before', async () => {
      const created = await t.app.inject({
        method: 'POST', url: '/admin/events', headers: { cookie: editor.cookie, ...FORM_HEADERS },
        payload: editorForm('event', editor.csrfToken, { km: 'សិក្ខាសាលា' }, { intent: 'publish', notifySubscribers: '1', publishedAt: '2099-01-01T09:00' }),
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      const id = itemIdFrom(created.headers.location);
      assert.equal(await sendDueItemNotifications(t.db, t.app.config), 0);
      assert.equal((await outbox(`content:event:${id}:`)).length, 0);
      assert.match((await get(`/admin/events/${id}`)).body, /will be emailed when this item is published/);
      await t.db.updateTable('events').set({ status: 'published' }).where('id', '=', id).execute();
      assert.equal(await sendDueItemNotifications(t.db, t.app.config), 1);
      assert.equal(await sendDueItemNotifications(t.db, t.app.config), 0);
      const sent = await outbox(`content:event:${id}:`);
      // Written in Khmer only; both subscribers of events get it.
      assert.deepEqual(sent.map((m) => m.toAddress), ['km.events@example.org', 'km.news@example.org']);
    });

    it('goes on with the other scheduled items when one cannot be announced, and logs it without personal data', async () => {
      const schedule = async (type: 'news' | 'event', title: string) => {
        const created = await t.app.inject({
          method: 'POST', url: type === 'news' ? '/admin/news' : '/admin/events', headers: { cookie: editor.cookie, ...FORM_HEADERS },
          payload: editorForm(type, editor.csrfToken, { en: title }, { intent: 'publish', notifySubscribers: '1', publishedAt: '2099-01-01T09:00' }),
        });
        assert.equal(created.statusCode, 303, created.body.slice(0, 400));
        return itemIdFrom(created.headers.location);
      };
      // An address that got into the list unchecked: the outbox refuses it, so the event's notification fails.
      await add('broken@@example.org', 'en', ['events']);
      const broken = await schedule('event', 'Training for community monitors');
      const fine = await schedule('news', 'Report on land disputes');
      await t.db.updateTable('events').set({ status: 'published' }).where('id', '=', broken).execute();
      await t.db.updateTable('newsPosts').set({ status: 'published' }).where('id', '=', fine).execute();
      const logged: Array<{ obj: object; msg: string }> = [];
      const log = { error: (obj: object, msg: string) => logged.push({ obj, msg }) };

      assert.equal(await sendDueItemNotifications(t.db, t.app.config, log), 1, 'the item after the failing one is announced');
      assert.deepEqual((await outbox(`content:news:${fine}:`)).map((m) => m.toAddress), ['en.news@example.org', 'km.news@example.org']);
      assert.equal((await outbox(`content:event:${broken}:`)).length, 0, 'nothing of the failed one is queued');
      assert.equal(logged.length, 1);
      assert.match(logged[0]!.msg, /could not be queued/);
      assert.deepEqual(Object.keys(logged[0]!.obj), ['request', 'contentType', 'itemId', 'err']);
      assert.equal((logged[0]!.obj as { itemId: number }).itemId, broken);
      assert.match(JSON.stringify(logged[0]!.obj), /not a single mail address/);
      assert.doesNotMatch(JSON.stringify(logged), /broken|example\.org/, 'no address in the log');
      // The failed request waits for the next check; once the address is gone it is announced.
      const waiting = await t.db.selectFrom('subscriberNotificationRequests').select('itemId').execute();
      assert.deepEqual(waiting.map((r) => r.itemId), [broken]);
      await t.db.deleteFrom('subscriberTopics').where('subscriberId', '=', ids['broken@@example.org']!).execute();
      await t.db.deleteFrom('subscribers').where('id', '=', ids['broken@@example.org']!).execute();
      assert.equal(await sendDueItemNotifications(t.db, t.app.config, log), 1);
      assert.equal((await outbox(`content:event:${broken}:`)).length, 2);
      assert.equal(logged.length, 1);
    });
  });
}

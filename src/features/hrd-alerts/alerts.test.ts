import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { bumpCaseVersion, readCaseForAlert } from '../hrd-cases/cases.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { reindexItem } from '../search/search.indexer.js';
import { ALERT_TYPE } from './alert-type.js';
import { contentFiles } from '../media/storage.js';
import { insertSubscriber } from '../subscribers/subscribers.repository.js';
import { defaultPublishValues, eventField, initialsOf, victimField } from './alerts.form.js';
import { addAlertUpdate } from './alerts.service.js';
import { insertMarkedCase, type MarkedCase } from '../../../test/factories/marked-cases.js';

const TEXTS = {
  title_en: 'Land activist summoned over a land dispute',
  summary_en: 'A community representative was summoned for questioning.\n\nWe call on the authorities to drop the complaint.',
  title_km: 'សកម្មជនដីធ្លីត្រូវបានកោះហៅ',
  summary_km: 'តំណាងសហគមន៍ម្នាក់ត្រូវបានកោះហៅទៅសួរចម្លើយ។',
};

/** The value of a hidden or text input in a rendered form. */
function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
}

function alertIdFrom(location: string | undefined): number {
  const match = /\/admin\/hrd-alerts\/(\d+)/.exec(location ?? '');
  assert.ok(match, `redirected to the alert, got ${location}`);
  return Number(match[1]);
}

for (const engine of testEngines()) {
  describe(`HRD alerts (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    let marked: MarkedCase;
    let names: { person: string; affiliation: string; district: string; perpetrator: string };

    async function defaults(caseId: number): Promise<Record<string, string>> {
      const record = (await readCaseForAlert(t.db, t.app.vault, caseId))!;
      return defaultPublishValues(record);
    }

    async function publish(agent: StaffAgent, caseId: number, fields: Record<string, string>) {
      return t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/new?case=${caseId}`,
        headers: { cookie: agent.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: agent.csrfToken, ...fields }).toString(),
      });
    }

    async function slugOf(id: number): Promise<string> {
      return (await t.db.selectFrom('hrdAlerts').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
    }

    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      marked = await insertMarkedCase(t.db, t.app.vault);
      const record = (await readCaseForAlert(t.db, t.app.vault, marked.caseId))!;
      const district = await t.db.selectFrom('placeTranslations').select('name').where('placeId', '=', marked.districtId).where('locale', '=', 'en').executeTakeFirstOrThrow();
      const perpetrator = await t.db.selectFrom('vocabularyTermTranslations').select('label').where('termId', '=', marked.perpetratorTypeIds[0]!).where('locale', '=', 'en').executeTakeFirstOrThrow();
      names = { person: record.victims[0]!.name, affiliation: record.victims[0]!.affiliation!, district: district.name, perpetrator: perpetrator.label };
      for (const [i, topics] of [['hrd-alerts'], ['hrd-alerts', 'news'], ['news']].entries()) {
        await insertSubscriber(t.db, {
          email: `reader${i}@example.org`,
          name: null,
          locale: i === 1 ? 'km' : 'en',
          status: 'active',
          consentSource: 'import',
          sourceNote: null,
          consentedAt: new Date().toISOString(),
          topics: topics as Array<'hrd-alerts' | 'news'>,
        } as never);
      }
    });
    after(() => t?.close());

    it('writes initials as each word’s first letter', () => {
      assert.equal(initialsOf('Sok Dara'), 'S. D.');
      assert.equal(initialsOf('សុខ ដារា'), 'សុ. ដា.');
      assert.equal(initialsOf('Defender 0012 (Sokpha Rath)'), 'D. S. R.');
    });

    it('publishes with the default redaction: a pseudonym, province, act types, dates and status only', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
      assert.equal(res.statusCode, 303, res.body);
      const id = alertIdFrom(res.headers.location as string);
      const page = await t.app.inject(`/en/hrd-alerts/${await slugOf(id)}`);
      assert.equal(page.statusCode, 200);
      const province = await t.db.selectFrom('placeTranslations').select('name as nameEn').where('placeId', '=', marked.provinceId).where('locale', '=', 'en').executeTakeFirstOrThrow();
      const act = await t.db.selectFrom('vocabularyTermTranslations').select('label as labelEn').where('termId', '=', marked.actTypeIds[0]!).where('locale', '=', 'en').executeTakeFirstOrThrow();
      assert.ok(page.body.includes(TEXTS.title_en));
      assert.ok(page.body.includes('HRD A'), 'the pseudonym is shown');
      assert.ok(!page.body.includes(initialsOf(names.person)), 'the initials are not shown unless chosen');
      assert.ok(page.body.includes(province.nameEn), 'the province is shown');
      assert.ok(page.body.includes(act.labelEn.replace(/&/g, '&amp;')), 'the act type is shown');
      assert.ok(page.body.includes('14 February 2025') && page.body.includes('March 2025'), 'dates with their accuracy');
      assert.ok(page.body.includes('Open'), 'the status');
      for (const hidden of [names.person, names.affiliation, names.district, names.perpetrator, 'woman']) {
        assert.ok(!page.body.includes(hidden), `${hidden} is not published by default`);
      }
      const audit = await t.db.selectFrom('auditLog').select('action').where('subjectType', '=', 'hrd-alert').where('subjectId', '=', String(id)).execute();
      assert.deepEqual(audit.map((a) => a.action), ['hrd-alert.publish']);
      const outbox = await t.db.selectFrom('outboxMessages').select('id').where('idempotencyKey', 'like', `hrd-alert:${id}:%`).execute();
      assert.equal(outbox.length, 0, 'no mail unless the box is ticked');
    });

    it('opens the publish form from a case reference, prefilled with a pseudonym and empty public texts', async () => {
      const casePage = await t.app.inject({ url: `/admin/cases/${marked.caseId}`, headers: { cookie: monitor.cookie } });
      assert.ok(casePage.body.includes(`href="/admin/hrd-alerts/new?case=${marked.caseId}"`), 'the case page offers to publish an alert');
      const go = await t.app.inject({ url: `/admin/hrd-alerts/new?reference=${marked.reference}`, headers: { cookie: monitor.cookie } });
      assert.equal(go.statusCode, 200);
      assert.ok(go.body.includes('value="HRD A"'), 'a pseudonym prefilled');
      assert.ok(!go.body.includes(`value="${initialsOf(names.person)}"`), 'no initials prefilled');
      assert.ok(/<textarea[^>]*name="summary_en"[^>]*><\/textarea>/.test(go.body), 'the public text starts empty');
      const record = (await readCaseForAlert(t.db, t.app.vault, marked.caseId))!;
      assert.ok(!go.body.includes(record.summary!), 'the case description is not offered as public text');
      const missing = await t.app.inject({ url: '/admin/hrd-alerts/new?reference=NOPE-1', headers: { cookie: monitor.cookie } });
      assert.equal(missing.statusCode, 303);
      assert.equal((await t.app.inject({ url: missing.headers.location as string, headers: { cookie: monitor.cookie } })).statusCode, 404);
      const first = await t.db.selectFrom('hrdAlerts').select('id').orderBy('id').executeTakeFirstOrThrow();
      const manage = await t.app.inject({ url: `/admin/hrd-alerts/${first.id}?done=published&queued=2`, headers: { cookie: monitor.cookie } });
      assert.equal(manage.statusCode, 200);
      for (const action of ['edit', 'updates', 'withdraw']) assert.ok(manage.body.includes(`action="/admin/hrd-alerts/${first.id}/${action}"`), action);
      const list = await t.app.inject({ url: '/admin/hrd-alerts', headers: { cookie: monitor.cookie } });
      assert.ok(list.body.includes(TEXTS.title_en) && list.body.includes('href="/admin/hrd-alerts"'), 'listed, and in the menu');
    });

    it('copies an opted-in field only when its box is ticked', async () => {
      const values = await defaults(marked.caseId);
      const first = (await readCaseForAlert(t.db, t.app.vault, marked.caseId))!.victims[0]!.id;
      const res = await publish(monitor, marked.caseId, {
        ...values,
        ...TEXTS,
        [victimField(first, 'mode')]: 'name',
        [victimField(first, 'affiliation')]: '1',
        [victimField(first, 'profile')]: '1',
        district: '1',
        [`perp_${marked.perpetratorTypeIds[0]}`]: '1',
      });
      assert.equal(res.statusCode, 303, res.body);
      const page = await t.app.inject(`/en/hrd-alerts/${await slugOf(alertIdFrom(res.headers.location as string))}`);
      for (const shown of [names.person, names.affiliation, names.district, names.perpetrator, 'woman']) {
        assert.ok(page.body.includes(shown), `${shown} is published when opted in`);
      }
    });

    it('refuses a form without text, keeping what was typed', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), title_en: 'Only a title here' });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes('value="Only a title here"'));
      assert.ok(res.body.includes('Write the text for this language'));
    });

    it('lets monitors and admins publish, and refuses editors, authors and fund managers', async () => {
      const admin = await signInAs(t, 'admin');
      assert.equal((await t.app.inject({ url: `/admin/hrd-alerts/new?case=${marked.caseId}`, headers: { cookie: admin.cookie } })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/admin/hrd-alerts', headers: { cookie: monitor.cookie } })).statusCode, 200);
      for (const role of ['editor', 'author', 'fund_manager'] as const) {
        const agent = await signInAs(t, role);
        assert.equal((await t.app.inject({ url: '/admin/hrd-alerts', headers: { cookie: agent.cookie } })).statusCode, 403, role);
        assert.equal((await t.app.inject({ url: `/admin/hrd-alerts/new?case=${marked.caseId}`, headers: { cookie: agent.cookie } })).statusCode, 403, role);
        const res = await publish(agent, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
        assert.equal(res.statusCode, 403, role);
      }
      const res = await publish(admin, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
      assert.equal(res.statusCode, 303);
      const anonymous = await t.app.inject({ url: '/admin/hrd-alerts' });
      assert.notEqual(anonymous.statusCode, 200);
    });

    it('emails each subscriber of HRD alerts once per alert and once per update', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS, notify: '1' });
      const id = alertIdFrom(res.headers.location as string);
      const rows = await t.db.selectFrom('outboxMessages').select(['toAddress', 'subject', 'kind']).where('idempotencyKey', 'like', `hrd-alert:${id}:subscriber:%`).orderBy('toAddress').execute();
      assert.deepEqual(rows.map((r) => r.toAddress), ['reader0@example.org', 'reader1@example.org']);
      assert.ok(rows.every((r) => r.kind === 'alert'));
      assert.ok(rows.some((r) => r.subject.includes(TEXTS.title_km)), 'the Khmer reader gets the Khmer text');
      for (let i = 0; i < 2; i++) {
        const update = await t.app.inject({
          method: 'POST',
          url: `/admin/hrd-alerts/${id}/updates`,
          headers: { cookie: monitor.cookie, ...form({}).headers },
          payload: new URLSearchParams({ _csrf: monitor.csrfToken, occurred_on: '2025-04-02', update_title_en: `Released on bail ${i}`, notify: '1' }).toString(),
        });
        assert.equal(update.statusCode, 303);
      }
      for (const n of [1, 2]) {
        const mails = await t.db.selectFrom('outboxMessages').select('toAddress').where('idempotencyKey', 'like', `hrd-alert:${id}:update:${n}:%`).execute();
        assert.equal(mails.length, 2, `update ${n} goes once to each subscriber`);
      }
    });

    it('shows updates dated in the timeline, in the reader’s language or marked as another', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
      const id = alertIdFrom(res.headers.location as string);
      const post = (fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `/admin/hrd-alerts/${id}/updates`, headers: { cookie: monitor.cookie, ...form({}).headers }, payload: new URLSearchParams({ _csrf: monitor.csrfToken, ...fields }).toString() });
      assert.equal((await post({ occurred_on: '2025-05-06', update_title_en: 'Charged with incitement', update_title_km: 'ត្រូវបានចោទប្រកាន់ពីបទញុះញង់' })).statusCode, 303);
      assert.equal((await post({ occurred_on: '2025-07-01', update_title_km: 'ត្រូវបានដោះលែង', update_body_km: 'តុលាការបានដោះលែងគាត់។' })).statusCode, 303);
      assert.equal((await post({ occurred_on: '2025-02-31', update_title_en: 'Bad date' })).statusCode, 400);
      const slug = await slugOf(id);
      const en = (await t.app.inject(`/en/hrd-alerts/${slug}`)).body;
      assert.ok(en.includes('<time dateTime="2025-05-06">6 May 2025</time>') || en.includes('datetime="2025-05-06"'), 'the update is dated');
      assert.ok(en.includes('Charged with incitement'));
      assert.ok(/lang="km"[^>]*>\s*<p class="alert-timeline__title">ត្រូវបានដោះលែង/.test(en), 'a Khmer-only update is marked as Khmer');
      assert.ok(en.indexOf('Charged with incitement') < en.indexOf('ត្រូវបានដោះលែង'), 'oldest first');
      const km = (await t.app.inject(`/km/hrd-alerts/${slug}`)).body;
      assert.ok(km.includes('ត្រូវបានចោទប្រកាន់ពីបទញុះញង់'));
      assert.ok(km.includes('៦ ឧសភា ២០២៥'), 'Khmer date in Khmer digits');
      const audit = await t.db.selectFrom('auditLog').select('action').where('subjectId', '=', String(id)).where('subjectType', '=', 'hrd-alert').execute();
      assert.equal(audit.filter((a) => a.action === 'hrd-alert.update').length, 2);
    });

    it('shows an alert written in one language to readers of the other, with a notice', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), title_km: 'ការជូនដំណឹងតែភាសាខ្មែរ', summary_km: 'អត្ថបទជាភាសាខ្មែរតែប៉ុណ្ណោះ។' });
      const slug = await slugOf(alertIdFrom(res.headers.location as string));
      assert.match(slug, /^alert-/);
      const en = await t.app.inject(`/en/hrd-alerts/${slug}`);
      assert.equal(en.statusCode, 200);
      assert.ok(en.body.includes('notice--language'));
      assert.ok(en.body.includes('ការជូនដំណឹងតែភាសាខ្មែរ'));
    });

    it('lists, filters and paginates alerts, and offers feeds in both languages', async () => {
      for (let i = 0; i < 6; i++) await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), title_en: `Another alert ${i}`, summary_en: 'Text.' });
      const list = await t.app.inject('/en/hrd-alerts');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(TEXTS.title_en));
      const year = new Date().getUTCFullYear();
      assert.ok((await t.app.inject(`/en/hrd-alerts?year=${year}&province=${marked.provinceId}`)).body.includes(TEXTS.title_en));
      assert.ok(!(await t.app.inject(`/en/hrd-alerts?year=2001`)).body.includes(TEXTS.title_en));
      assert.equal((await t.app.inject('/en/hrd-alerts?year=abc')).statusCode, 400);
      assert.equal((await t.app.inject('/en/hrd-alerts?page=2')).statusCode, 200, 'more than ten alerts make a second page');
      assert.equal((await t.app.inject('/en/hrd-alerts?page=99')).statusCode, 404);
      for (const locale of ['en', 'km']) {
        const rss = await t.app.inject(`/${locale}/feeds/hrd-alerts.rss`);
        assert.equal(rss.statusCode, 200);
        assert.ok(rss.body.includes('/hrd-alerts/'));
        assert.equal((await t.app.inject(`/${locale}/feeds/hrd-alerts.atom`)).statusCode, 200);
      }
    });

    it('withdraws an alert from the list, feeds, sitemap and search at once, answering 410', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), title_en: 'Zebraword alert to withdraw', summary_en: 'Uniqueplumtext for the search.' });
      const id = alertIdFrom(res.headers.location as string);
      const slug = await slugOf(id);
      const visible = async () => ({
        list: (await t.app.inject('/en/hrd-alerts')).body.includes(slug),
        feed: (await t.app.inject('/en/feeds/hrd-alerts.rss')).body.includes(slug),
        sitemap: (await t.app.inject('/sitemap.xml')).body.includes(`/hrd-alerts/${slug}`),
        search: (await t.app.inject('/en/search?q=uniqueplumtext')).body.includes(`/hrd-alerts/${slug}`),
      });
      assert.deepEqual(await visible(), { list: true, feed: true, sitemap: true, search: true });
      assert.equal((await t.app.inject(`/en/hrd-alerts/${slug}`)).statusCode, 200);
      const refused = await t.app.inject({ method: 'POST', url: `/admin/hrd-alerts/${id}/withdraw`, headers: { cookie: monitor.cookie, ...form({}).headers }, payload: new URLSearchParams({ _csrf: monitor.csrfToken }).toString() });
      assert.equal(refused.statusCode, 400, 'the confirmation box is required');
      const done = await t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/${id}/withdraw`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, confirm: '1', reason: 'Safety' }).toString(),
      });
      assert.equal(done.statusCode, 303);
      assert.deepEqual(await visible(), { list: false, feed: false, sitemap: false, search: false });
      for (const locale of ['en', 'km']) {
        const gone = await t.app.inject(`/${locale}/hrd-alerts/${slug}`);
        assert.equal(gone.statusCode, 410);
        assert.ok(!gone.body.includes('Zebraword'));
      }
      const audit = await t.db.selectFrom('auditLog').select('action').where('subjectId', '=', String(id)).where('subjectType', '=', 'hrd-alert').execute();
      assert.ok(audit.some((a) => a.action === 'hrd-alert.withdraw'));
    });

    it('lets a monitor change the text and status, audited and reindexed', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
      const id = alertIdFrom(res.headers.location as string);
      const edit = await t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/${id}/edit`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, status: 'closed', title_en: 'Complaint dropped against activist', summary_en: 'Quinceword: the court dropped the case.' }).toString(),
      });
      assert.equal(edit.statusCode, 303);
      const page = (await t.app.inject(`/en/hrd-alerts/${await slugOf(id)}`)).body;
      assert.ok(page.includes('Complaint dropped against activist') && page.includes('Closed'));
      assert.ok(!page.includes(TEXTS.title_km), 'a language left empty is removed');
      assert.ok((await t.app.inject('/en/search?q=quinceword')).body.includes(`/hrd-alerts/${await slugOf(id)}`));
    });
    it('names the choices by victim and event id and answers 409 when the case changed meanwhile', async () => {
      const own = await insertMarkedCase(t.db, t.app.vault);
      const before = (await readCaseForAlert(t.db, t.app.vault, own.caseId))!;
      const page = await t.app.inject({ url: `/admin/hrd-alerts/new?case=${own.caseId}`, headers: { cookie: monitor.cookie } });
      assert.equal(page.statusCode, 200);
      assert.equal(inputValue(page.body, 'version'), String(before.version));
      assert.equal(inputValue(page.body, victimField(before.victims[0]!.id, 'label')), 'HRD A');
      assert.ok(page.body.includes(`name="${eventField(before.events[0]!.id)}"`));
      assert.ok(!/name="(v\d+_[a-z]+|date_\d+)"/.test(page.body), 'no field is named by its position');
      const submission = inputValue(page.body, 'submission')!;
      const sent = { ...defaultPublishValues(before), submission, ...TEXTS, title_en: 'Typed before the case changed', [victimField(before.victims[0]!.id, 'mode')]: 'name' };

      // Meanwhile another monitor records an earlier event: every date after it moves down the list.
      const now = new Date().toISOString();
      await t.db.insertInto('hrdEvents').values({ caseId: own.caseId, occurredOn: '2024-11-05', dateAccuracy: 'day', provinceId: own.provinceId, locationEnc: null, descriptionEnc: null, createdAt: now, updatedAt: now }).execute();
      assert.ok(await bumpCaseVersion(t.db, own.caseId, before.version));

      const stale = await publish(monitor, own.caseId, sent);
      assert.equal(stale.statusCode, 409, stale.body.slice(0, 300));
      assert.ok(stale.body.includes('The case changed while you were writing; check the choices again.'));
      assert.equal(inputValue(stale.body, 'title_en'), 'Typed before the case changed', 'what was typed is kept');
      assert.equal(inputValue(stale.body, 'version'), String(before.version + 1), 'the form now carries the new version');
      assert.equal(inputValue(stale.body, 'submission'), submission);
      assert.ok(/<input[^>]*value="name"[^>]*checked/.test(stale.body) || /<input[^>]*checked[^>]*value="name"/.test(stale.body), 'the choices are kept');
      const count = async () => Number((await t.db.selectFrom('hrdAlerts').select((eb) => eb.fn.countAll().as('n')).where('caseId', '=', own.caseId).executeTakeFirstOrThrow()).n);
      assert.equal(await count(), 0, 'nothing is published from a stale form');
      const km = await signInAs(t, 'monitor');
      await t.db.updateTable('users').set({ locale: 'km' }).where('id', '=', km.userId).execute();
      const staleKm = await publish(km, own.caseId, { ...sent, submission: `${submission}km` });
      assert.equal(staleKm.statusCode, 409);
      assert.ok(staleKm.body.includes('ករណីនេះបានផ្លាស់ប្តូរ'), 'the message in Khmer');

      // Sent again from the re-rendered form: the dates ticked are those of the events they were ticked for.
      const again = await publish(monitor, own.caseId, { ...sent, version: inputValue(stale.body, 'version')! });
      assert.equal(again.statusCode, 303, again.body.slice(0, 300));
      const id = alertIdFrom(again.headers.location as string);
      const dates = await t.db.selectFrom('hrdAlertDates').select('occurredOn').where('alertId', '=', id).orderBy('occurredOn').execute();
      assert.deepEqual(dates.map((d) => d.occurredOn), ['2025-02-14', '2025-03-01'], 'the new event is not published unticked');
      const victims = await t.db.selectFrom('hrdAlertVictims').select(['label', 'labelKind']).where('alertId', '=', id).orderBy('position').execute();
      assert.deepEqual(victims, [
        { label: before.victims[0]!.name, labelKind: 'name' },
        { label: 'HRD B', labelKind: 'pseudonym' },
      ]);
    });

    it('refuses a victim or an event that is not the case’s', async () => {
      const own = await insertMarkedCase(t.db, t.app.vault);
      const other = (await readCaseForAlert(t.db, t.app.vault, marked.caseId))!;
      const values = await defaults(own.caseId);
      for (const extra of [{ [victimField(other.victims[0]!.id, 'include')]: '1', [victimField(other.victims[0]!.id, 'mode')]: 'name' }, { [eventField(other.events[0]!.id)]: '1' }]) {
        const res = await publish(monitor, own.caseId, { ...values, ...TEXTS, ...extra });
        assert.equal(res.statusCode, 400, JSON.stringify(extra));
        assert.ok(res.body.includes('not part of this case'));
        assert.ok(!res.body.includes(other.victims[0]!.name), 'the other case’s victim is not shown');
      }
      assert.equal((await t.db.selectFrom('hrdAlerts').select('id').where('caseId', '=', own.caseId).execute()).length, 0);
    });

    it('publishes once when the same form is sent twice, and shows the alert of the first', async () => {
      const own = await insertMarkedCase(t.db, t.app.vault);
      const values: Record<string, string> = { ...(await defaults(own.caseId)), ...TEXTS, title_en: 'Sent twice by a double click' };
      const first = await publish(monitor, own.caseId, values);
      assert.equal(first.statusCode, 303);
      const id = alertIdFrom(first.headers.location as string);
      const second = await publish(monitor, own.caseId, values);
      assert.equal(second.statusCode, 303);
      assert.equal(second.headers.location, `/admin/hrd-alerts/${id}?done=duplicate`);
      const shown = await t.app.inject({ url: second.headers.location as string, headers: { cookie: monitor.cookie } });
      assert.ok(shown.body.includes('This form had already been sent'));
      // At the same moment, too.
      const together: Record<string, string> = { ...(await defaults(own.caseId)), ...TEXTS, title_en: 'Sent twice at once' };
      const both = await Promise.all([publish(monitor, own.caseId, together), publish(monitor, own.caseId, together), publish(monitor, own.caseId, together)]);
      assert.deepEqual(both.map((r) => r.statusCode), [303, 303, 303], both.map((r) => r.body.slice(0, 200)).join('\n'));
      assert.equal(new Set(both.map((r) => alertIdFrom(r.headers.location as string))).size, 1, 'the same alert each time');
      const rows = await t.db.selectFrom('hrdAlerts').select('submissionKey').where('caseId', '=', own.caseId).execute();
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((r) => r.submissionKey).sort(), [values.submission, together.submission].sort());
      const missing: Record<string, string> = { ...(await defaults(own.caseId)), ...TEXTS };
      delete missing.submission;
      const incomplete = await publish(monitor, own.caseId, missing);
      assert.equal(incomplete.statusCode, 400);
      assert.match(inputValue(incomplete.body, 'submission') ?? '', /^[A-Za-z0-9_-]{16,}$/, 'a new key to send it again with');
    });

    it('gives alerts published at once with the same title each its own slug', async () => {
      const own = await insertMarkedCase(t.db, t.app.vault);
      const sends = await Promise.all(
        Array.from({ length: 4 }, async () => publish(monitor, own.caseId, { ...(await defaults(own.caseId)), title_en: 'Same title at the same moment', summary_en: 'Text.' })),
      );
      assert.deepEqual(sends.map((r) => r.statusCode), [303, 303, 303, 303], sends.map((r) => r.body.slice(0, 200)).join('\n'));
      const slugs = await Promise.all(sends.map(async (r) => slugOf(alertIdFrom(r.headers.location as string))));
      assert.deepEqual(slugs.sort(), ['same-title-at-the-same-moment', 'same-title-at-the-same-moment-2', 'same-title-at-the-same-moment-3', 'same-title-at-the-same-moment-4']);
    });

    it('numbers updates added at the same moment one after the other', async () => {
      const res = await publish(monitor, marked.caseId, { ...(await defaults(marked.caseId)), ...TEXTS });
      const id = alertIdFrom(res.headers.location as string);
      const storage = contentFiles(t.app.storage);
      const reindex = (tx: DbOrTx, id: number) => reindexItem(tx, ALERT_TYPE, id, { storage });
      const ctx = { db: t.db, reindex, publicUrl: t.config.publicUrl, locales: t.config.locales, userId: monitor.userId };
      const results = await Promise.all(
        Array.from({ length: 5 }, (_x, i) => addAlertUpdate(ctx, id, { occurredOn: '2025-06-01', texts: [{ locale: 'en', title: `Hearing ${i}`, body: '' }], notify: false })),
      );
      assert.deepEqual(results.map((r) => r.number).sort(), [1, 2, 3, 4, 5]);
      const rows = await t.db.selectFrom('hrdAlertUpdates').select('number').where('alertId', '=', id).orderBy('number').execute();
      assert.deepEqual(rows.map((r) => r.number), [1, 2, 3, 4, 5]);
    });
  });
}

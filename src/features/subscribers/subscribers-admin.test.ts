import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';
import { deliverDueMail } from '../mail/sender.js';
import { createEmlTransport, emlFileName, outboxDir } from '../mail/transport.js';
import { erasureMarksOf } from './links.js';
import { insertSubscriber } from './subscribers.repository.js';
import { parseImportCsv } from './subscribers-csv.js';

const BOUNDARY = '----dove-import-test';

/** A multipart body as a browser sends the import form: the token first, then the fields and the file. */
function importBody(csrf: string, csv: string | Buffer, fields: Record<string, string>) {
  const parts: Buffer[] = [];
  const field = (name: string, value: string) => parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) field(k, v);
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
  parts.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

describe('import files are read whole before anything is stored', () => {
  it('reports every bad row by its line', () => {
    const csv = 'email,name,language,topics\nok@example.org,Ok,en,news\nnot-an-email,,en,\nok@example.org,Again,en,\nfine@example.org,,fr,\nother@example.org,,km,sport\n';
    const result = parseImportCsv(Buffer.from(csv), ['en', 'km'], { locale: 'en', topics: ['news'] });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      { line: 3, problem: 'invalidEmail' },
      { line: 4, problem: 'duplicateEmail' },
      { line: 5, problem: 'invalidLanguage' },
      { line: 6, problem: 'invalidTopic' },
    ]);
  });
});

for (const engine of testEngines()) {
  describe(`subscribers in the admin (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    const upload = (agent: StaffAgent, csv: string | Buffer, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/admin/subscribers/import', ...importBody(agent.csrfToken, csv, fields), headers: { ...importBody(agent.csrfToken, csv, fields).headers, cookie: agent.cookie } });
    const count = async () => Number((await t.db.selectFrom('subscribers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    it('imports nothing from a file with a bad row, and says which lines are wrong', async () => {
      const res = await upload(editor, 'email,name\ngood@example.org,Good\nbad@@example.org,Bad\n', { sourceNote: 'Workshop sheet', defaultLocale: 'en' });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, /Nothing was imported/);
      assert.match(res.body, /Line 3: not a valid email address/);
      assert.equal(await count(), 0);
      const tooLarge = await upload(editor, `email\n${'a@example.org\n'.repeat(400_000)}`, { sourceNote: 'Huge file' });
      assert.equal(tooLarge.statusCode, 413);
      assert.match(tooLarge.body, /The file is too large/);
      const notUtf8 = await upload(editor, Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xff, 0xfe, 0x0a]), { sourceNote: 'Old export' });
      assert.equal(notUtf8.statusCode, 400);
      assert.match(notUtf8.body, /not UTF-8 text/);
      const noSource = await upload(editor, 'email\ngood@example.org\n', { sourceNote: '' });
      assert.equal(noSource.statusCode, 400);
      assert.match(noSource.body, /Say where the addresses come from/);
      assert.equal(await count(), 0);
    });

    it('imports people who must still confirm, with the source recorded, and mails each a confirmation', async () => {
      const csv = 'email,name,language,topics\nsokha@example.org,Sokha,km,news events\ndara@example.org,Dara,,\n';
      const res = await upload(editor, csv, { sourceNote: 'Sign-up sheet, Siem Reap workshop', defaultLocale: 'en' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /2 added: 0 subscribed, 2 asked to confirm/);
      const rows = await t.db.selectFrom('subscribers').selectAll().orderBy('email').execute();
      assert.deepEqual(rows.map((r) => [r.email, r.status, r.locale, r.consentSource, r.sourceNote, r.consentedAt]), [
        ['dara@example.org', 'pending', 'en', 'import', 'Sign-up sheet, Siem Reap workshop', null],
        ['sokha@example.org', 'pending', 'km', 'import', 'Sign-up sheet, Siem Reap workshop', null],
      ]);
      const topics = await t.db.selectFrom('subscriberTopics').select('topic').where('subscriberId', '=', rows[1]!.id).orderBy('topic').execute();
      assert.deepEqual(topics.map((r) => r.topic), ['events', 'news']);
      const mails = await t.db.selectFrom('outboxMessages').select(['toAddress', 'kind', 'text']).orderBy('toAddress').execute();
      assert.deepEqual(mails.map((m) => [m.toAddress, m.kind]), [['dara@example.org', 'confirmation'], ['sokha@example.org', 'confirmation']]);
      assert.match(mails[1]!.text, /\/km\/subscribe\/confirm\?token=/);
    });

    it('imports people who consented before as subscribed, leaving known addresses as they are', async () => {
      const csv = 'email,language\nkeo@example.org,en\nsokha@example.org,en\n';
      const res = await upload(editor, csv, { sourceNote: 'Partner list 2024', consented: '1' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /1 added: 1 subscribed, 0 asked to confirm/);
      assert.match(res.body, /1 already on the list/);
      const keo = await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'keo@example.org').executeTakeFirstOrThrow();
      assert.equal(keo.status, 'active');
      assert.ok(keo.consentedAt);
      const sokha = await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'sokha@example.org').executeTakeFirstOrThrow();
      assert.equal(sokha.locale, 'km', 'an existing subscriber is not changed by an import');
      assert.equal((await t.db.selectFrom('outboxMessages').selectAll().where('toAddress', '=', 'keo@example.org').execute()).length, 0);
    });

    it('exports what the filters select as CSV that imports back the same (round trip)', async () => {
      await t.db.updateTable('subscribers').set({ name: '=HYPERLINK("http://evil")' }).where('email', '=', 'keo@example.org').execute();
      const all = await t.app.inject({ url: '/admin/subscribers/export.csv', headers: { cookie: editor.cookie } });
      assert.equal(all.statusCode, 200);
      assert.match(String(all.headers['content-type']), /^text\/csv/);
      assert.match(String(all.headers['content-disposition']), /attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"/);
      assert.match(all.body, /'=HYPERLINK/, 'a cell that a spreadsheet would run as a formula is quoted');
      const km = await t.app.inject({ url: '/admin/subscribers/export.csv?locale=km', headers: { cookie: editor.cookie } });
      assert.equal(km.body.trim().split('\r\n').length, 2, 'header and the one Khmer subscriber');
      const exportAudit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'subscribers.export').execute();
      assert.equal(exportAudit.length, 2);

      const other = await createTestApp(engine);
      try {
        const otherEditor = await signInAs(other, 'editor');
        const res = await other.app.inject({ method: 'POST', url: '/admin/subscribers/import', ...importBody(otherEditor.csrfToken, Buffer.from(all.body), { sourceNote: 'Copy of the old site', consented: '1' }), headers: { ...importBody(otherEditor.csrfToken, '', {}).headers, cookie: otherEditor.cookie } });
        assert.equal(res.statusCode, 200, res.body);
        const pick = (rows: Array<{ email: string; name: string | null; locale: string; status: string }>) => rows.map((r) => `${r.email}|${r.name}|${r.locale}|${r.status}`).sort();
        const source = await t.db.selectFrom('subscribers').select(['email', 'name', 'locale', 'status']).execute();
        const copy = await other.db.selectFrom('subscribers').select(['email', 'name', 'locale', 'status']).execute();
        // Pending people stay pending (they never confirmed); the rest keep their state.
        assert.deepEqual(pick(copy), pick(source));
        const topicsOf = async (db: TestContext['db']) =>
          (await db.selectFrom('subscriberTopics').innerJoin('subscribers', 'subscribers.id', 'subscriberTopics.subscriberId').select(['email', 'topic']).execute()).map((r) => `${r.email}:${r.topic}`).sort();
        assert.deepEqual(await topicsOf(other.db), await topicsOf(t.db));
      } finally {
        await other.close();
      }
    });

    it('lists with search and filters by status, language and topic', async () => {
      const get = (q: string) => t.app.inject({ url: `/admin/subscribers${q}`, headers: { cookie: editor.cookie } });
      const all = await get('');
      assert.equal(all.statusCode, 200);
      for (const e of ['dara@', 'sokha@', 'keo@']) assert.match(all.body, new RegExp(e));
      const active = await get('?status=active');
      assert.match(active.body, /keo@example\.org/);
      assert.doesNotMatch(active.body, /dara@example\.org/);
      const km = await get('?locale=km');
      assert.match(km.body, /sokha@example\.org/);
      assert.doesNotMatch(km.body, /keo@example\.org/);
      const keo = await t.db.selectFrom('subscribers').select('id').where('email', '=', 'keo@example.org').executeTakeFirstOrThrow();
      await t.db.deleteFrom('subscriberTopics').where('subscriberId', '=', keo.id).where('topic', '!=', 'news').execute();
      const events = await get('?topic=events');
      assert.match(events.body, /sokha@example\.org/);
      assert.doesNotMatch(events.body, />keo@example\.org/);
      const search = await get('?q=DAR');
      assert.match(search.body, /dara@example\.org/);
      assert.doesNotMatch(search.body, /sokha@example\.org/);
      const bad = await get('?status=nonsense');
      assert.equal(bad.statusCode, 400);
    });

    it('finds addresses with _ and % in them, taking both literally', async () => {
      const added: number[] = [];
      for (const email of ['first_last@example.org', 'firstxlast@example.org', 'save50%@example.org', 'save500@example.org']) {
        added.push(await insertSubscriber(t.db, { email, name: null, locale: 'en', status: 'active', consentSource: 'form', sourceNote: null, consentedAt: null, topics: ['news'] }));
      }
      try {
        const get = (q: string) => t.app.inject({ url: `/admin/subscribers?q=${encodeURIComponent(q)}`, headers: { cookie: editor.cookie } });
        const underscore = await get('first_last');
        assert.match(underscore.body, /first_last@example\.org/);
        assert.doesNotMatch(underscore.body, /firstxlast@example\.org/, '_ is not a wildcard');
        const percent = await get('50%@');
        assert.match(percent.body, /save50%@example\.org/);
        assert.doesNotMatch(percent.body, /save500@example\.org/, '% is not a wildcard');
        const backslash = await get('first\\');
        assert.doesNotMatch(backslash.body, /first_last@example\.org/);
      } finally {
        await t.db.deleteFrom('subscriberTopics').where('subscriberId', 'in', added).execute();
        await t.db.deleteFrom('subscribers').where('id', 'in', added).execute();
      }
    });

    it('erases a person on request: row, topics, queued mail and its files go, the address stays only as a keyed hash', async () => {
      const sokha = await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'sokha@example.org').executeTakeFirstOrThrow();
      // Without SMTP_URL the messages are .eml files in the data folder: send what is queued there.
      const folder = outboxDir(t.config);
      await deliverDueMail(t.db, createEmlTransport(folder), { from: t.config.mailFrom, ratePerSecond: 10_000 });
      const keysTo = async (email: string) => (await t.db.selectFrom('outboxMessages').select('idempotencyKey').where('toAddress', '=', email).execute()).map((m) => m.idempotencyKey);
      const sokhaFiles = (await keysTo('sokha@example.org')).map((k) => path.join(folder, emlFileName(k)));
      const daraFiles = (await keysTo('dara@example.org')).map((k) => path.join(folder, emlFileName(k)));
      assert.ok(sokhaFiles.length > 0 && daraFiles.length > 0);
      for (const f of [...sokhaFiles, ...daraFiles]) assert.ok(fs.existsSync(f), `${f} written`);
      assert.match(fs.readFileSync(sokhaFiles[0]!, 'utf8'), /sokha@example\.org/);
      const detail = await t.app.inject({ url: `/admin/subscribers/${sokha.id}`, headers: { cookie: editor.cookie } });
      assert.match(detail.body, /Erase for good/);
      const res = await t.app.inject({ method: 'POST', url: `/admin/subscribers/${sokha.id}/erase`, headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(editor.csrfToken)}` });
      assert.equal(res.statusCode, 303);
      assert.equal(await t.db.selectFrom('subscribers').select('id').where('id', '=', sokha.id).executeTakeFirst(), undefined);
      assert.equal((await t.db.selectFrom('subscriberTopics').select('topic').where('subscriberId', '=', sokha.id).execute()).length, 0);
      assert.equal((await t.db.selectFrom('outboxMessages').select('id').where('toAddress', '=', 'sokha@example.org').execute()).length, 0);
      const suppressions = await t.db.selectFrom('mailSuppressions').selectAll().execute();
      assert.ok(suppressions.some((s) => s.email === erasureMarksOf(t.app.db, t.app.config).of('sokha@example.org') && s.reason === 'erasure'));
      assert.doesNotMatch(JSON.stringify(suppressions), /sokha/);
      // A keyed hash: a list of candidate addresses cannot be checked against it without the site's secret.
      const plain = createHash('sha256').update('sokha@example.org').digest('hex');
      assert.doesNotMatch(JSON.stringify(suppressions), new RegExp(plain));
      for (const f of sokhaFiles) assert.equal(fs.existsSync(f), false, `${f} deleted`);
      for (const f of daraFiles) assert.ok(fs.existsSync(f), `${f} kept`);
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'subscriber.erase').execute();
      assert.equal(audit.length, 1);
      assert.doesNotMatch(JSON.stringify(await t.db.selectFrom('auditLog').selectAll().execute()), /sokha@example/i, 'no audit row names the address');
      // An import cannot bring an erased person back.
      const again = await upload(editor, 'email\nsokha@example.org\n', { sourceNote: 'Old list', consented: '1' });
      assert.match(again.body, /0 added/);
      assert.match(again.body, /1 erased earlier/);
      assert.equal(await t.db.selectFrom('subscribers').select('id').where('email', '=', 'sokha@example.org').executeTakeFirst(), undefined);
    });

    it('lets admins and editors manage subscribers and refuses authors, monitors and fund managers', async () => {
      const s = await t.db.selectFrom('subscribers').select('id').where('email', '=', 'dara@example.org').executeTakeFirstOrThrow();
      const expectations: Record<Role, boolean> = { admin: true, editor: true, author: false, monitor: false, fund_manager: false };
      for (const [role, allowed] of Object.entries(expectations) as Array<[Role, boolean]>) {
        const agent = await signInAs(t, role);
        for (const url of ['/admin/subscribers', '/admin/subscribers/import', '/admin/subscribers/export.csv', `/admin/subscribers/${s.id}`, '/admin/mailings', '/admin/mailings/new']) {
          const res = await t.app.inject({ url, headers: { cookie: agent.cookie } });
          assert.equal(res.statusCode, allowed ? 200 : 403, `${role} GET ${url}`);
          if (!allowed) assert.doesNotMatch(res.body, /dara@example\.org/);
        }
        const nav = await t.app.inject({ url: '/admin', headers: { cookie: agent.cookie } });
        assert.equal(nav.body.includes('href="/admin/subscribers"'), allowed, `${role} sees the menu item`);
        assert.equal(nav.body.includes('href="/admin/mailings"'), allowed, `${role} sees the newsletters`);
        if (!allowed) {
          const erase = await t.app.inject({ method: 'POST', url: `/admin/subscribers/${s.id}/erase`, headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(agent.csrfToken)}` });
          assert.equal(erase.statusCode, 403, `${role} may not erase`);
          const imp = await upload(agent, 'email\nsneaky@example.org\n', { sourceNote: 'x', consented: '1' });
          assert.equal(imp.statusCode, 403, `${role} may not import`);
          const mailing = await t.app.inject({ method: 'POST', url: '/admin/mailings', headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(agent.csrfToken)}&subject_en=x&body_en=y&topics=news&segmentLocale=all` });
          assert.equal(mailing.statusCode, 403, `${role} may not write a newsletter`);
        }
      }
      assert.ok(await t.db.selectFrom('subscribers').select('id').where('id', '=', s.id).executeTakeFirst(), 'still there');
      assert.equal(await t.db.selectFrom('subscribers').select('id').where('email', '=', 'sneaky@example.org').executeTakeFirst(), undefined);
      assert.equal((await t.db.selectFrom('mailings').select('id').execute()).length, 0);
      const denied = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'permission.denied').execute();
      assert.ok(denied.length >= 3 * 9);
    });
  });
}

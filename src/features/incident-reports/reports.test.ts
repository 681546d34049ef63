import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { hasGpsBlock, multipartBody, photoWithGps, reportStamp, sendReport } from '../../../test/factories/incident-reports.js';
import { partsOf } from '../../../test/helpers/received-mail.js';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink.js';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { deliverDueMail } from '../mail/sender.js';
import { createSmtpTransport } from '../mail/transport.js';
import { sha256Of } from '../media/storage.js';

/** A word unique to one field of one report, so a leak of any field is found by its word. */
const marker = (label: string) => `Qzx${label}${randomBytes(5).toString('hex')}`;

for (const engine of testEngines()) {
  describe(`secure incident report (${engine})`, () => {
    let t: TestContext;
    let sink: SmtpSink;
    let monitor: StaffAgent;
    const words: Record<string, string> = {};
    let sent: Awaited<ReturnType<typeof sendReport>>;
    let reportId = 0;
    let place: { province: number; district: number; commune: number };

    before(async () => {
      t = await createTestApp(engine);
      sink = await startSmtpSink({ keepRaw: true });
      monitor = await signInAs(t, 'monitor', { email: 'monitor@example.org' });
      await signInAs(t, 'admin', { email: 'admin@example.org' });
      await signInAs(t, 'editor', { email: 'editor@example.org' });
      const province = await t.db.selectFrom('places').select('id').where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
      const district = await t.db.selectFrom('places').select('id').where('parentId', '=', province.id).orderBy('id').executeTakeFirstOrThrow();
      const commune = await t.db.selectFrom('places').select('id').where('parentId', '=', district.id).orderBy('id').executeTakeFirstOrThrow();
      place = { province: province.id, district: district.id, commune: commune.id };
      for (const field of ['what', 'detail', 'name', 'contact', 'contactBy', 'passphrase']) words[field] = marker(field);
      sent = await sendReport(
        t,
        {
          what: `បុរសពីរនាក់បានគំរាមកំហែងខ្ញុំ ${words.what} នៅមុខផ្ទះ។`,
          detail: words.detail!,
          date: '2025-03',
          accuracy: 'month',
          province: String(place.province),
          district: String(place.district),
          commune: String(place.commune),
          name: words.name!,
          contact: words.contact!,
          mayContact: 'on',
          contactBy: words.contactBy!,
          mayPublish: 'on',
          passphrase: `my passphrase ${words.passphrase}`,
        },
        { locale: 'km', files: [{ name: 'threat.jpg', type: 'image/jpeg', bytes: await photoWithGps() }] },
      );
      reportId = (await t.db.selectFrom('incidentReports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    const markerWords = () => Object.values(words);
    const leaks = (text: string) => markerWords().filter((w) => text.toLowerCase().includes(w.toLowerCase()));

    it('offers the form in both languages without JavaScript of its own, with a quick exit and nothing from elsewhere', async () => {
      for (const locale of ['en', 'km']) {
        const page = await t.app.inject(`/${locale}/report`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`<html lang="${locale}"`));
        assert.equal(page.headers['cache-control'], 'no-store');
        assert.match(page.body, /<meta name="robots" content="noindex"/);
        assert.match(page.body, /enctype="multipart\/form-data"/);
        assert.match(page.body, /<a class="quick-exit__button" href="https:\/\/www.bbc.com\/weather" rel="noreferrer" data-quick-exit="true">/);
        const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        assert.equal(scripts.length, 1, 'one script: the quick exit');
        assert.match(scripts[0]!, /src="\/assets\/quick-exit\.[\w-]+\.js"/);
        assert.doesNotMatch(page.body, /<script>|onclick=|onload=/);
        // What the browser loads by itself: every src, and every <link> but the page's own addresses.
        const loaded = [...page.body.matchAll(/\ssrc="([^"]+)"/g), ...page.body.matchAll(/<link (?![^>]*rel="(?:canonical|alternate)")[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
        assert.ok(loaded.length >= 3);
        assert.deepEqual(loaded.filter((u) => !u.startsWith('/')), [], 'nothing is loaded from elsewhere');
        assert.doesNotMatch(page.body, /<iframe|<img [^>]*src="https?:/);
      }
      const withPlace = await t.app.inject(`/km/report?province=${place.province}&district=${place.district}`);
      assert.match(withPlace.body, new RegExp(`<option value="${place.commune}"`), 'the communes of the chosen district are offered');
      assert.match(withPlace.body, new RegExp(`name="district" value="${place.district}"`));
    });

    it('answers with a receipt code and the chosen passphrase, once', () => {
      assert.equal(sent.status, 200, sent.body.slice(0, 2000));
      assert.match(sent.receipt ?? '', /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      assert.equal(sent.passphrase, `my passphrase ${words.passphrase}`);
      assert.match(sent.body, /<html lang="km"/);
    });

    it('stores nothing the reporter wrote in the clear: not in any row, not in the SQLite file, not in the files', async () => {
      const tables = await t.db.introspection.getTables();
      assert.ok(tables.some((table) => table.name === 'incident_reports'));
      for (const table of tables) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(t.db);
        assert.deepEqual(leaks(JSON.stringify(rows.rows)), [], `table ${table.name}`);
      }
      const row = await t.db.selectFrom('incidentReports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
      assert.match(row.whatEnc, /^dv1\./);
      assert.match(row.passphraseHash, /^\$argon2id\$/);
      assert.match(row.receivedOn, /^\d{4}-\d{2}-\d{2}$/, 'a day, no time');
      for (const file of fs.readdirSync(path.join(t.config.dataDir, 'evidence'))) {
        const bytes = fs.readFileSync(path.join(path.join(t.config.dataDir, 'evidence'), file));
        assert.ok(bytes.subarray(0, 4).equals(Buffer.from('DVE1')), 'the file is sealed');
        assert.ok(!bytes.includes(Buffer.from('TestCam')));
      }
      if (engine !== 'sqlite') return;
      await sql`pragma wal_checkpoint(truncate)`.execute(t.db);
      const file = t.config.databaseUrl;
      const bytes = Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]);
      assert.ok(bytes.includes(Buffer.from('incident_reports')), 'the file is the right one');
      assert.deepEqual(leaks(bytes.toString('latin1')), [], 'the SQLite file holds no word of the report');
    });

    it('tells monitors and admins only that a report arrived, in mail that carries none of it', async () => {
      const rows = await t.db.selectFrom('outboxMessages').selectAll().where('idempotencyKey', 'like', 'incident-report:%').execute();
      const recipients = rows.map((r) => r.toAddress);
      assert.ok(recipients.includes('monitor@example.org') && recipients.includes('admin@example.org'));
      assert.ok(!recipients.includes('editor@example.org'), 'editors are not told');
      const report = await deliverDueMail(t.db, createSmtpTransport(sink.url, { maxConnections: 1 }), { from: 'dove@dove.test', retryBaseMs: 1, limit: 100 });
      assert.ok(report.sent >= 2);
      const mails = sink.messages.filter((m) => /incident report|របាយការណ៍/i.test(m.subject) || (m.raw ?? '').includes('/admin/reports'));
      assert.ok(mails.length >= 2);
      for (const m of mails) {
        const decoded = partsOf(m.raw!).map((p) => p.body).join('\n');
        assert.match(decoded, /http:\/\/dove\.test\/admin\/reports/);
        assert.deepEqual(leaks(`${m.raw}\n${decoded}`), [], m.subject);
        assert.doesNotMatch(decoded, /បុរសពីរនាក់|2025/);
      }
    });

    it('strips the GPS position and every other EXIF field from a photo, and records the SHA-256 of what is kept', async () => {
      const page = await t.app.inject({ url: `/admin/reports/${reportId}`, headers: { cookie: monitor.cookie } });
      assert.equal(page.statusCode, 200);
      const link = /href="(\/admin\/reports\/\d+\/files\/\d+)"/.exec(page.body)![1]!;
      const sha = /SHA-256 ([0-9a-f]{64})/.exec(page.body)![1]!;
      const file = await t.app.inject({ url: link, headers: { cookie: monitor.cookie } });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      const meta = await sharp(file.rawPayload).metadata();
      assert.equal(meta.exif, undefined, 'no EXIF at all');
      assert.ok(!hasGpsBlock(meta.exif));
      assert.ok(!file.rawPayload.includes(Buffer.from('TestCam')) && !file.rawPayload.includes(Buffer.from('Reporter Name')));
      assert.equal(sha256Of(file.rawPayload), sha);
      assert.ok(hasGpsBlock((await sharp(await photoWithGps()).metadata()).exif), 'the photo sent had a GPS block');
    });

    it('refuses a file that is not what its content says, and stores nothing', async () => {
      const before = await t.db.selectFrom('incidentReports').select('id').execute();
      const res = await sendReport(t, { what: 'A report with a disguised file' }, { files: [{ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<html><script>alert(1)</script></html>') }] });
      assert.equal(res.status, 400);
      assert.match(res.body, /photo\.jpg is not a photo/);
      assert.equal((await t.db.selectFrom('incidentReports').select('id').execute()).length, before.length);
    });

    it('refuses a bad date in the visitor’s language and keeps what was written', async () => {
      const res = await sendReport(t, { what: 'Something happened', date: '2025-02-30', accuracy: 'day' }, { locale: 'km' });
      assert.equal(res.status, 400);
      assert.match(res.body, /សូមបញ្ចូលកាលបរិច្ឆេទជា/);
      assert.match(res.body, /Something happened/);
    });

    async function followUp(receipt: string, passphrase: string, ip = '192.0.2.1') {
      const body = form({ receipt, passphrase, form_stamp: reportStamp(t, 'report-follow-up'), homepage: '' });
      return t.app.inject({ method: 'POST', url: '/en/report/follow-up', remoteAddress: ip, headers: { ...body.headers, origin: 'http://dove.test' }, payload: body.payload });
    }

    it('lets the receipt and passphrase read the monitor’s reply and add information, and nothing else', async () => {
      const reply = await t.app.inject({
        method: 'POST',
        url: `/admin/reports/${reportId}/reply`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, text: 'Thank you. A monitor will call you on Tuesday.' }).toString(),
      });
      assert.equal(reply.statusCode, 303);
      const other = await sendReport(t, { what: `A second report ${marker('other')}` });
      assert.equal(other.status, 200);

      const opened = await followUp(sent.receipt!.toLowerCase().replace(/-/g, ' '), sent.passphrase!);
      assert.equal(opened.statusCode, 200, opened.body.slice(0, 1500));
      assert.match(opened.body, /A monitor will call you on Tuesday\./);
      assert.ok(opened.body.includes(words.what!), 'the reporter sees their own report');
      assert.doesNotMatch(opened.body, /A second report/);

      const token = /name="token" value="([^"]+)"/.exec(opened.body)![1]!;
      const add = multipartBody({ token, text: 'They came back on Friday.' });
      const added = await t.app.inject({ method: 'POST', url: '/en/report/follow-up/add', headers: add.headers, payload: add.payload });
      assert.equal(added.statusCode, 200);
      assert.match(added.body, /They came back on Friday\./);
      // Monitors and admins are told that something was added, and nothing of what.
      const notices = await t.db.selectFrom('outboxMessages').select(['toAddress', 'subject', 'text']).where('idempotencyKey', 'like', `incident-report:${reportId}:added:%`).execute();
      assert.deepEqual(notices.map((n) => n.toAddress).sort(), ['admin@example.org', 'monitor@example.org']);
      for (const n of notices) {
        assert.equal(n.subject, 'A reporter added information');
        assert.doesNotMatch(n.text, /Friday/);
      }
      const tooLong = multipartBody({ token, text: 'x'.repeat(20_001) });
      const refusedLong = await t.app.inject({ method: 'POST', url: '/en/report/follow-up/add', headers: tooLong.headers, payload: tooLong.payload });
      assert.equal(refusedLong.statusCode, 400, 'a text over the limit is refused, not cut');
      assert.match(refusedLong.body, /20,000|20000/);
      const forged = multipartBody({ token: token.replace(/\.(\d)/, '.9'), text: 'forged' });
      assert.equal((await t.app.inject({ method: 'POST', url: '/en/report/follow-up/add', headers: forged.headers, payload: forged.payload })).statusCode, 400);

      assert.equal((await followUp(sent.receipt!, 'not the passphrase')).statusCode, 400, 'a wrong passphrase');
      assert.equal((await followUp(other.receipt!, sent.passphrase!)).statusCode, 400, 'another report’s code with this passphrase');
      const refused = await t.db.selectFrom('auditLog').select('id').where('action', '=', 'reports.receipt.refused').execute();
      assert.equal(refused.length, 2, 'each refusal is audited');
    });

    it('refuses, limits and audits a thousand guesses, and then the right answer too', async () => {
      const statuses = new Map<number, number>();
      for (let i = 0; i < 1000; i++) {
        // Odd guesses aim at the known receipt from many addresses; even ones try random codes from one.
        const guess = i % 2 ? await followUp(sent.receipt!, `guess number ${i}`, `192.0.2.${10 + (i % 200)}`) : await followUp(randomBytes(10).toString('hex').toUpperCase(), `guess ${i}`, '192.0.2.5');
        statuses.set(guess.statusCode, (statuses.get(guess.statusCode) ?? 0) + 1);
        assert.doesNotMatch(guess.body, /A monitor will call you/);
      }
      assert.ok((statuses.get(429) ?? 0) > 900, `most guesses are rate-limited: ${JSON.stringify([...statuses])}`);
      assert.equal(statuses.get(200), undefined);
      const audited = await t.db.selectFrom('auditLog').select('id').where('action', '=', 'reports.receipt.refused').execute();
      assert.ok(audited.length >= 1000, 'every guess is in the audit log');
      const right = await followUp(sent.receipt!, sent.passphrase!, '192.0.2.250');
      assert.equal(right.statusCode, 429, 'the receipt under attack is locked for the hour, even with the right passphrase');
    });

    it('keeps no address or browser: neither in the audit log nor in the rate-limit records', async () => {
      const audit = await t.db.selectFrom('auditLog').select(['actor', 'after']).where('subjectType', '=', 'incident_report').execute();
      for (const row of audit) assert.doesNotMatch(`${row.actor} ${row.after ?? ''}`, /198\.51\.100|192\.0\.2|ip:/);
      const rows = await t.db.selectFrom('formSubmissions').selectAll().where('form', 'like', 'report%').execute();
      for (const row of rows) assert.doesNotMatch(JSON.stringify(row), /198\.51\.100|192\.0\.2/);
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { readCaseForAlert } from '../../src/features/hrd-cases/cases.repository.js';
import { defaultPublishValues } from '../../src/features/hrd-alerts/alerts.form.js';
import { allMarkers, insertMarkedCase, type MarkedCase } from '../factories/marked-cases.js';
import { PROTECTED_FIELDS } from '../../src/features/hrd-cases/protected-fields.js';
import { deliverDueMail } from '../../src/features/mail/sender.js';
import { createEmlTransport, outboxDir } from '../../src/features/mail/transport.js';
import { insertSubscriber } from '../../src/features/subscribers/subscribers.repository.js';
import { form, signInAs, type StaffAgent } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/*
 * The leak test. Every protected field of a few cases holds a unique marker; alerts are published
 * from those cases with the default redaction (one with an update, with mail to subscribers);
 * then every public URL is requested, the mail is written out, and the database is read, and
 * no marker, nor any word of one, may appear anywhere.
 */

const LOCALES = ['en', 'km'] as const;

/** The words of a marker, lower-cased: search folds case, so a leak may too. */
function wordsOf(markers: string[]): string[] {
  return [...new Set(markers.flatMap((m) => m.toLowerCase().split(' ')))];
}

function findLeaks(text: string, words: string[]): string[] {
  const lower = text.toLowerCase();
  return words.filter((w) => lower.includes(w));
}

/** The decoded text of an .eml file: headers, and each part decoded from base64 or quoted-printable. */
function decodeEml(eml: string): string {
  const raw = eml.replace(/\r\n/g, '\n');
  const out = [raw];
  for (const part of raw.split(/\n--[^\n]+\n/)) {
    const split = part.indexOf('\n\n');
    if (split < 0) continue;
    const headers = part.slice(0, split).toLowerCase();
    const body = part.slice(split + 2);
    if (headers.includes('content-transfer-encoding: base64')) out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    if (headers.includes('content-transfer-encoding: quoted-printable')) {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
      try {
        out.push(decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25')));
      } catch {
        out.push(bytes);
      }
    }
  }
  // Encoded-word subjects (=?UTF-8?B?...?=).
  for (const m of raw.matchAll(/=\?utf-8\?b\?([^?]+)\?=/gi)) out.push(Buffer.from(m[1]!, 'base64').toString('utf8'));
  return out.join('\n');
}

const PUBLIC_TEXT = {
  title_en: 'Community representative summoned over a land dispute',
  summary_en: 'A defender was summoned for questioning after a complaint by a company.\n\nWe ask the authorities to drop the complaint.',
  title_km: 'តំណាងសហគមន៍ត្រូវបានកោះហៅពាក់ព័ន្ធនឹងវិវាទដីធ្លី',
  summary_km: 'អ្នកការពារម្នាក់ត្រូវបានកោះហៅទៅសួរចម្លើយ បន្ទាប់ពីមានពាក្យបណ្តឹងពីក្រុមហ៊ុនមួយ។',
};

for (const engine of testEngines()) {
  describe(`protected case data never leaks (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    const cases: MarkedCase[] = [];
    let words: string[] = [];
    let withdrawnSlug = '';
    const requested: string[] = [];

    async function publish(caseId: number, fields: Record<string, string>): Promise<number> {
      const record = (await readCaseForAlert(t.db, t.app.vault, caseId))!;
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/new?case=${caseId}`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, ...defaultPublishValues(record), ...fields }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      return Number(/\/admin\/hrd-alerts\/(\d+)/.exec(res.headers.location as string)![1]);
    }

    /** Requests a public URL (anonymously) and fails on any marker word in what comes back. */
    async function check(url: string, strip: string[] = []): Promise<{ status: number; body: string }> {
      const res = await t.app.inject(url);
      requested.push(url);
      let body = res.body;
      for (const s of strip) body = body.split(s).join('');
      assert.deepEqual(findLeaks(body, words), [], `${url} (${res.statusCode}) shows protected data`);
      return { status: res.statusCode, body: res.body };
    }

    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      for (let i = 0; i < 3; i++) cases.push(await insertMarkedCase(t.db, t.app.vault, { provinceOffset: i, userId: monitor.userId }));
      words = wordsOf(allMarkers(cases));
      for (const [i, locale] of (['en', 'km'] as const).entries()) {
        await insertSubscriber(t.db, {
          email: `partner${i}@example.org`,
          name: null,
          locale,
          status: 'active',
          consentSource: 'import',
          sourceNote: null,
          consentedAt: new Date().toISOString(),
          topics: ['hrd-alerts'],
        } as never);
      }
      const first = await publish(cases[0]!.caseId, { ...PUBLIC_TEXT, notify: '1' });
      const update = await t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/${first}/updates`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, occurred_on: '2025-04-10', update_title_en: 'Charged with incitement', update_title_km: 'ត្រូវបានចោទប្រកាន់', notify: '1' }).toString(),
      });
      assert.equal(update.statusCode, 303);
      await publish(cases[1]!.caseId, { title_km: PUBLIC_TEXT.title_km, summary_km: PUBLIC_TEXT.summary_km, notify: '1' });
      const third = await publish(cases[2]!.caseId, { title_en: 'Journalist threatened', summary_en: 'A journalist received threats.' });
      withdrawnSlug = (await t.db.selectFrom('hrdAlerts').select('slug').where('id', '=', third).executeTakeFirstOrThrow()).slug;
      const withdraw = await t.app.inject({
        method: 'POST',
        url: `/admin/hrd-alerts/${third}/withdraw`,
        headers: { cookie: monitor.cookie, ...form({}).headers },
        payload: new URLSearchParams({ _csrf: monitor.csrfToken, confirm: '1' }).toString(),
      });
      assert.equal(withdraw.statusCode, 303);
    });
    after(() => t?.close());

    it('fills every protected column with a marker', () => {
      for (const [table, columns] of Object.entries(PROTECTED_FIELDS)) {
        for (const column of columns) assert.ok(cases[0]!.markers.has(`${table}.${column}`), `${table}.${column} has a marker`);
      }
      assert.ok(words.length > 100);
    });

    it('shows no marker on any page of the sitemap, in either language', async () => {
      const sitemap = await check('/sitemap.xml');
      assert.equal(sitemap.status, 200);
      const urls = [...sitemap.body.matchAll(/<loc>http:\/\/dove\.test([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      assert.ok(urls.some((u) => u.startsWith('/km/hrd-alerts/')) && urls.some((u) => u.startsWith('/en/hrd-alerts/')), 'alerts are in the sitemap');
      for (const url of urls) assert.equal((await check(url)).status, 200, url);
    });

    it('shows no marker in the alerts list, its filters, the alert pages, the 410 page and the feeds', async () => {
      const slugs = (await t.db.selectFrom('hrdAlerts').select('slug').execute()).map((r) => r.slug);
      for (const locale of LOCALES) {
        assert.equal((await check(`/${locale}/hrd-alerts`)).status, 200);
        for (const c of cases) await check(`/${locale}/hrd-alerts?province=${c.provinceId}&year=${new Date().getUTCFullYear()}`);
        for (const slug of slugs) {
          const res = await check(`/${locale}/hrd-alerts/${slug}`);
          assert.equal(res.status, slug === withdrawnSlug ? 410 : 200);
        }
        for (const feed of ['hrd-alerts', 'news', 'publications']) {
          for (const format of ['rss', 'atom']) assert.equal((await check(`/${locale}/feeds/${feed}.${format}`)).status, 200);
        }
      }
    });

    it('shows no marker in the statistics portal, its filters and its downloads', async () => {
      const provinces = await t.db.selectFrom('places').select('code').where('id', 'in', cases.map((c) => c.provinceId)).execute();
      const acts = await t.db.selectFrom('vocabularyTerms').select('code').where('id', 'in', cases.flatMap((c) => c.actTypeIds)).execute();
      const perpetrator = await t.db.selectFrom('vocabularyTerms').select('code').where('id', '=', cases[0]!.perpetratorTypeIds[0]!).executeTakeFirstOrThrow();
      const queries = [
        '',
        '?years=2025',
        '?status=reported',
        `?perpetrator=${perpetrator.code}`,
        ...provinces.map((p) => `?province=${p.code}&status=reported`),
        ...acts.map((a) => `?act=${a.code}&years=2020-2024`),
      ];
      for (const locale of LOCALES) {
        for (const q of queries) {
          assert.equal((await check(`/${locale}/human-rights-portal${q}`)).status, 200, q);
          assert.equal((await check(`/${locale}/human-rights-portal/statistics.csv${q}`)).status, 200, q);
          assert.equal((await check(`/${locale}/human-rights-portal/statistics.json${q}`)).status, 200, q);
        }
      }
    });

    it('finds no marker, nor any word of one, in search', async () => {
      const queries = [...allMarkers(cases), ...words];
      for (const locale of LOCALES) {
        for (const q of queries) {
          // The page repeats the query; what is checked is everything else, and that nothing was found.
          const res = await check(`/${locale}/search?q=${encodeURIComponent(q)}`, [q, q.toLowerCase(), q.replace(/ /g, '+'), encodeURIComponent(q)]);
          assert.equal(res.status, 200);
          assert.ok(!res.body.includes('search-results'), `a search for "${q}" found something`);
        }
      }
      // The alerts themselves are found by their public text.
      assert.ok((await check('/en/search?q=summoned')).body.includes('/hrd-alerts/'));
      assert.ok((await check(`/km/search?q=${encodeURIComponent('កោះហៅ')}`)).body.includes('/hrd-alerts/'));
    });

    it('shows no marker on the report pages, nor when a receipt is tried', async () => {
      for (const locale of LOCALES) {
        assert.equal((await check(`/${locale}/report`)).status, 200);
        assert.equal((await check(`/${locale}/report?province=${cases[0]!.provinceId}&district=${cases[0]!.districtId}`)).status, 200);
        assert.equal((await check(`/${locale}/report/follow-up`)).status, 200);
      }
      const body = new URLSearchParams({ receipt: 'AAAA-BBBB-CCCC-DDDD-EEEE', passphrase: 'a wrong passphrase', homepage: '', form_stamp: 'x' }).toString();
      const res = await t.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: { ...form({}).headers, origin: 'http://dove.test' }, payload: body });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(findLeaks(res.body, words), []);
    });

    it('shows no marker on error pages', async () => {
      for (const locale of LOCALES) {
        assert.equal((await check(`/${locale}/hrd-alerts/no-such-alert`)).status, 404);
        assert.equal((await check(`/${locale}/no-such-page`)).status, 404);
        assert.equal((await check(`/${locale}/hrd-alerts?year=not-a-year`)).status, 400);
        assert.equal((await check(`/${locale}/human-rights-portal?years=abc`)).status, 400);
        assert.equal((await check(`/${locale}/hrd-alerts/${cases[0]!.reference.toLowerCase()}`)).status, 404);
      }
      assert.equal((await check(`/en/hrd-alerts?x=${'a'.repeat(2100)}`)).status, 400);
      assert.ok(requested.length > 40);
    });

    it('puts no marker in the alert emails, neither in the outbox nor in the written messages', async () => {
      const rows = await t.db.selectFrom('outboxMessages').select(['idempotencyKey', 'subject', 'html', 'text', 'headers']).where('idempotencyKey', 'like', 'hrd-alert:%').execute();
      assert.equal(rows.length, 6, 'two alerts and one update, to two subscribers each');
      for (const row of rows) assert.deepEqual(findLeaks(JSON.stringify(row), words), [], row.idempotencyKey);
      const report = await deliverDueMail(t.db, createEmlTransport(outboxDir(t.config)), { from: 'alerts@dove.test', retryBaseMs: 1, limit: 100 });
      assert.ok(report.sent >= 6);
      const files = fs.readdirSync(outboxDir(t.config)).filter((f) => f.endsWith('.eml'));
      assert.ok(files.length >= 6);
      let sawText = false;
      for (const file of files) {
        const decoded = decodeEml(fs.readFileSync(path.join(outboxDir(t.config), file), 'utf8'));
        sawText ||= decoded.includes('drop the complaint') || decoded.includes('ក្រុមហ៊ុន');
        assert.deepEqual(findLeaks(decoded, words), [], file);
      }
      assert.ok(sawText, 'the decoded messages carry the public text, so the check reads them');
    });

    it('keeps no marker in plaintext anywhere in the database', async () => {
      const tables = await t.db.introspection.getTables();
      assert.ok(tables.some((table) => table.name === 'hrd_victims'));
      for (const table of tables) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(t.db);
        assert.deepEqual(findLeaks(JSON.stringify(rows.rows), words), [], `table ${table.name}`);
      }
      if (engine !== 'sqlite') return;
      // The file itself, after the write-ahead log is folded in: free pages and index shadows too.
      await sql`pragma wal_checkpoint(truncate)`.execute(t.db);
      const file = t.config.databaseUrl;
      const bytes = Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]);
      const text = bytes.toString('latin1').toLowerCase();
      assert.ok(text.includes('summoned'), 'the public text is in the file, so the file is the right one');
      assert.deepEqual(words.filter((w) => text.includes(w)), [], 'the SQLite file holds no marker in plaintext');
    });

    it('would notice a leak: a name the monitor opted in to is found by the same check', async () => {
      const control = await insertMarkedCase(t.db, t.app.vault, { provinceOffset: 5 });
      const first = (await readCaseForAlert(t.db, t.app.vault, control.caseId))!.victims[0]!.id;
      const id = await publish(control.caseId, { ...PUBLIC_TEXT, [`victim_${first}_mode`]: 'name' });
      const slug = (await t.db.selectFrom('hrdAlerts').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
      const page = await t.app.inject(`/en/hrd-alerts/${slug}`);
      const nameWords = wordsOf(control.markers.get('hrd_victims.name_enc')!);
      assert.equal(findLeaks(page.body, nameWords).length, 2, 'the first victim’s name is on the page');
      assert.ok(findLeaks((await t.app.inject(`/en/search?q=${nameWords[0]}`)).body.replace(new RegExp(nameWords[0]!, 'gi'), ''), nameWords).length > 0, 'and found by search');
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { seedUprDemo } from '../../seed/upr-demo.js';
import { parseRecommendationsCsv } from './upr.csv.js';
import { describeProblems } from './upr.import.js';

const SAMPLE = fs.readFileSync(new URL('../../../docs/samples/upr-sample.csv', import.meta.url));
const HEADER = 'Recommendation,Recommending State,Regional Group,Response,Issues,Cycle,Session,SDGs\n';
const BOUNDARY = '----dove-upr-test';

/** The import form as a browser sends it: the token, then the file. */
function importBody(csrf: string | null, csv: string | Buffer) {
  const parts: Buffer[] = [];
  if (csrf !== null) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="upr.csv"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
  parts.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

/** The ids of the recommendations a list page shows, in order. */
const idsOnPage = (html: string) => [...html.matchAll(/<li class="upr-item" data-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('UPR import files are read whole before anything is stored', () => {
  it('reads the sample file: responses, regions, themes and SDG targets as codes', () => {
    const result = parseRecommendationsCsv(SAMPLE);
    assert.ok(result.ok);
    assert.equal(result.rows.length, 6);
    const first = result.rows[0]!;
    assert.deepEqual([first.reference, first.state, first.region, first.response, first.themes, first.sdgTargets, first.cycle, first.session], ['S4-001', 'Norway', 'weog', 'noted', ['hrds', 'expression'], ['16.10'], 4, '46']);
    assert.equal(result.rows[1]!.response, 'accepted');
    assert.match(result.rows[1]!.textKm ?? '', /ច្បាប់/);
    assert.deepEqual(result.rows[2]!.themes, ['land']);
  });

  it('names the line of every bad row, in English and in Khmer', () => {
    const csv = `${HEADER}Fine text,Peru,GRULAC,Supported,Land,4,46,1.4\nOther text,Peru,Nowhere,Supported,Land,4,46,\nThird,Chile,GRULAC,Maybe,Astrology,4,46,99.1\n`;
    const result = parseRecommendationsCsv(Buffer.from(csv));
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => [p.line, p.problem]), [[3, 'regionUnknown'], [4, 'responseUnknown'], [4, 'themeUnknown'], [4, 'sdgInvalid']]);
    const en = describeProblems(!result.ok ? result.problems : [], 'en');
    assert.match(en[0]!, /^Line 3: “Nowhere” is not a UN regional group/);
    assert.match(describeProblems(!result.ok ? result.problems : [], 'km')[0]!, /^បន្ទាត់ទី ៣៖/);
  });

  it('refuses a file without a required column, and one that repeats a recommendation', () => {
    const noState = parseRecommendationsCsv(Buffer.from('Recommendation,Regional Group,Response,Cycle\nText,WEOG,Noted,4\n'));
    assert.deepEqual(!noState.ok && noState.problems, [{ line: 0, problem: 'missingColumn', detail: 'recommending state' }]);
    const twice = parseRecommendationsCsv(Buffer.from(`${HEADER}Same  text.,Peru,GRULAC,Supported,,4,,\nsame text,Peru,GRULAC,Supported,,4,,\n`));
    assert.deepEqual(!twice.ok && twice.problems, [{ line: 3, problem: 'duplicate', detail: '2' }]);
  });
});

for (const engine of testEngines()) {
  describe(`UPR tracker (${engine})`, () => {
    let t: TestContext;
    let monitor: StaffAgent;
    let monitorKm: StaffAgent;
    const upload = (agent: StaffAgent, csv: string | Buffer, csrf: string | null = agent.csrfToken) => {
      const body = importBody(csrf, csv);
      return t.app.inject({ method: 'POST', url: '/admin/upr/import', payload: body.payload, headers: { ...body.headers, cookie: agent.cookie } });
    };
    const count = async (table: 'uprRecommendations' | 'uprAssessments' | 'uprRecommendationThemes') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(engine);
      monitor = await signInAs(t, 'monitor');
      monitorKm = await signInAs(t, 'monitor', { locale: 'km' });
    });
    after(() => t?.close());

    it('imports a good file, and importing it again updates rather than duplicates', async () => {
      const res = await upload(monitor, SAMPLE);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /Imported: 6 new, 0 updated/);
      assert.equal(await count('uprRecommendations'), 6);
      // The same file with a changed response and theme: matched on the id column.
      const changed = SAMPLE.toString().replace('Sweden,WEOG,Supported,Access to information', 'Sweden,WEOG,Noted,Access to information; Civil society');
      const again = await upload(monitor, changed);
      assert.match(again.body, /Imported: 0 new, 6 updated/);
      assert.equal(await count('uprRecommendations'), 6);
      const sweden = await t.db.selectFrom('uprRecommendations').select(['id', 'response']).where('recommendingState', '=', 'Sweden').executeTakeFirstOrThrow();
      assert.equal(sweden.response, 'noted');
      const themes = await t.db.selectFrom('uprRecommendationThemes').select('theme').where('recommendationId', '=', sweden.id).orderBy('theme').execute();
      assert.deepEqual(themes.map((r) => r.theme), ['civil_society', 'information']);
      // Without an id column, the key is cycle, State and the text as written, spacing and case aside.
      const noIds = `${HEADER}Ratify the Optional Protocol to the Convention against Torture,Denmark,WEOG,Supported,Torture,4,46,16.3\n`;
      await upload(monitor, noIds);
      await upload(monitor, noIds.replace('Ratify the Optional', 'ratify  the optional'));
      assert.equal(await count('uprRecommendations'), 7);
      const audit = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'upr.import').execute();
      assert.equal(audit.length, 4);
    });

    it('rejects a file with one bad row whole, naming the line in the user’s language', async () => {
      const before = await Promise.all([count('uprRecommendations'), count('uprRecommendationThemes')]);
      const csv = `${HEADER}A new and valid recommendation on land,Peru,GRULAC,Supported,Land,4,46,\nAnother,Peru,GRULAC,Perhaps,Land,4,46,\n`;
      const res = await upload(monitor, csv);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Nothing was imported/);
      assert.match(res.body, /Line 3: the response “Perhaps”/);
      const km = await upload(monitorKm, csv);
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /បន្ទាត់ទី ៣៖/);
      assert.deepEqual(await Promise.all([count('uprRecommendations'), count('uprRecommendationThemes')]), before);
      assert.equal(await t.db.selectFrom('uprRecommendations').select('id').where('recommendingState', '=', 'Peru').executeTakeFirst(), undefined);
    });

    it('keeps authors and editors out, and refuses a form without its token', async () => {
      for (const role of ['author', 'editor'] as const) {
        const agent = await signInAs(t, role);
        assert.equal((await t.app.inject({ url: '/admin/upr', headers: { cookie: agent.cookie } })).statusCode, 403, role);
        assert.equal((await upload(agent, SAMPLE)).statusCode, 403, `${role} upload`);
        const assess = await t.app.inject({ method: 'POST', url: '/admin/upr/1/assessments', headers: { cookie: agent.cookie, ...form({}).headers }, payload: new URLSearchParams({ _csrf: agent.csrfToken, status: 'fully', assessedOn: '2025-01-01', noteEn: 'x' }).toString() });
        assert.equal(assess.statusCode, 403, `${role} assess`);
      }
      const before = await count('uprRecommendations');
      const noToken = await upload(monitor, `${HEADER}Token-less recommendation,Peru,GRULAC,Supported,,4,,\n`, null);
      assert.equal(noToken.statusCode, 403);
      assert.equal(await count('uprRecommendations'), before);
      assert.equal((await t.app.inject({ url: '/admin/upr', headers: { cookie: monitor.cookie } })).statusCode, 200);
    });

    it('records assessments with a history; the newest is the current one, in the feed too', async () => {
      const norway = await t.db.selectFrom('uprRecommendations').select('id').where('recommendingState', '=', 'Norway').executeTakeFirstOrThrow();
      const assess = (fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `/admin/upr/${norway.id}/assessments`, headers: { cookie: monitor.cookie, ...form({}).headers }, payload: new URLSearchParams({ _csrf: monitor.csrfToken, ...fields }).toString() });
      const bad = await assess({ status: 'fully', assessedOn: '2999-01-01', noteEn: '', links: 'javascript:alert(1)' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /not in the future/);
      assert.match(bad.body, /Each link must be/);
      assert.equal(await count('uprAssessments'), 0);
      assert.equal((await assess({ status: 'partially', assessedOn: '2025-06-30', noteEn: 'Charges against two defenders were dropped.', noteKm: 'ការចោទប្រកាន់លើអ្នកការពារពីរនាក់ត្រូវបានទម្លាក់។', links: '/en/publications\nhttps://example.org/report.pdf' })).statusCode, 303);
      assert.equal((await assess({ status: 'not_implemented', assessedOn: '2024-10-10', noteEn: 'Summonses continued after the review.' })).statusCode, 303);
      const page = await t.app.inject(`/en/upr/${norway.id}`);
      assert.equal(page.statusCode, 200);
      const current = page.body.slice(page.body.indexOf('id="upr-current"'), page.body.indexOf('id="upr-history"'));
      assert.match(current, /Partially implemented/);
      assert.match(page.body.slice(page.body.indexOf('id="upr-history"')), /Summonses continued/);
      assert.match((await t.app.inject(`/km/upr/${norway.id}`)).body, /ការចោទប្រកាន់លើអ្នកការពារពីរនាក់/);
      assert.match((await t.app.inject('/en/upr?status=partially')).body, new RegExp(`data-id="${norway.id}"`));
      const feed = await t.app.inject('/en/upr/assessments.atom');
      assert.equal(feed.statusCode, 200);
      assert.match(feed.headers['content-type'] as string, /atom/);
      assert.equal((feed.body.match(/<entry>/g) ?? []).length, 2);
      assert.match(feed.body, /Partially implemented: recommendation by Norway/);
      assert.match(feed.body, /<link rel="self" href="http:\/\/dove\.test\/en\/upr\/assessments\.atom"\/>/, 'the feed names its own address');
      const audit = await t.db.selectFrom('auditLog').select(['actor', 'subjectId']).where('action', '=', 'upr.assess').execute();
      assert.deepEqual(audit.map((a) => a.subjectId), [String(norway.id), String(norway.id)]);
    });

    it('shows the fourth cycle’s official totals beside the count entered, in both languages', async () => {
      await seedUprDemo(t.db);
      const entered = Number((await t.db.selectFrom('uprRecommendations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const en = await t.app.inject('/en/upr');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /Cycle 4, reviewed on 8 May 2024/);
      assert.match(en.body, /275 recommendations received from 100 States per the outcome report: 232 accepted, 43 noted\./);
      assert.match(en.body, new RegExp(`${entered} entered in this tracker so far`));
      assert.match(en.body, /This is a sample/);
      const km = await t.app.inject('/km/upr');
      assert.match(km.body, /អនុសាសន៍ចំនួន ២៧៥ ពីរដ្ឋចំនួន ១០០/);
      assert.match(km.body, /ទទួលយក ២៣២ និងកត់សម្គាល់ ៤៣/);
      assert.match(km.body, /នេះជាគំរូ/);
    });

    it('filters in both languages; the CSV and JSON hold exactly the rows of the page', async () => {
      for (const locale of ['en', 'km'] as const) {
        for (const query of ['?theme=land', '?region=weog&response=accepted', '?cycle=4&status=not_assessed', '?state=Norway', '']) {
          const page = await t.app.inject(`/${locale}/upr${query}`);
          assert.equal(page.statusCode, 200, `${locale} ${query}`);
          const ids = idsOnPage(page.body);
          const csv = await t.app.inject(`/${locale}/upr/recommendations.csv${query}`);
          const json = await t.app.inject(`/${locale}/upr/recommendations.json${query}`);
          const csvIds = (parse(csv.body, { columns: true, bom: true }) as Array<{ id: string }>).map((r) => Number(r.id));
          const jsonIds = (JSON.parse(json.body) as { recommendations: Array<{ id: number }> }).recommendations.map((r) => r.id);
          assert.deepEqual(csvIds, ids, `${locale} ${query} csv`);
          assert.deepEqual(jsonIds, ids, `${locale} ${query} json`);
          assert.match(page.body, new RegExp(`data-total="${ids.length}"`));
        }
      }
      const land = await t.db
        .selectFrom('uprRecommendationThemes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('theme', '=', 'land')
        .executeTakeFirstOrThrow();
      assert.equal(idsOnPage((await t.app.inject('/km/upr?theme=land')).body).length, Number(land.n));
      const weog = (await t.app.inject('/km/upr?region=weog')).body;
      const list = weog.slice(weog.indexOf('<ol class="upr-list">'), weog.indexOf('</ol>', weog.indexOf('<ol class="upr-list">')));
      assert.doesNotMatch(list, /lang="en">Ghana</);
      assert.match(list, /lang="en">Norway</);
      assert.match(list, /ក្រុមអឺរ៉ុបខាងលិច និងផ្សេងៗទៀត/);
      // A value not on the lists is named, in the page's language, and nothing is cached.
      const badEn = await t.app.inject('/en/upr?region=mars&theme=land');
      assert.equal(badEn.statusCode, 400);
      assert.match(badEn.body, /Some filters could not be used/);
      const badKm = await t.app.inject('/km/upr?status=maybe');
      assert.equal(badKm.statusCode, 400);
      assert.match(badKm.body, /តម្រងខ្លះមិនអាចប្រើបានទេ/);
      assert.equal((await t.app.inject('/en/upr/recommendations.json?cycle=99')).statusCode, 400);
    });

    it('draws the charts beside their tables', async () => {
      const page = await t.app.inject('/en/upr?cycle=4');
      for (const id of ['chart-by-response', 'chart-by-theme', 'chart-status-over-time']) assert.match(page.body, new RegExp(`<svg[^>]*aria-labelledby="${id}-title"`));
      const accepted = /<table id="table-by-response">[\s\S]*?<tr data-code="accepted"><th scope="row">Accepted<\/th><td class="num" data-count="(\d+)"/.exec(page.body);
      const stored = await t.db.selectFrom('uprRecommendations').select((eb) => eb.fn.countAll<number>().as('n')).where('response', '=', 'accepted').executeTakeFirstOrThrow();
      assert.equal(Number(accepted?.[1]), Number(stored.n));
      assert.match(page.body, /<tr data-year="2025">/);
      assert.match(page.body, /"@type":"Dataset"/);
    });

    it('finds recommendations in the site search once assessed or imported through the admin', async () => {
      const res = await t.app.inject('/en/search?q=Norway&type=upr-recommendation');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Recommended by <mark>Norway<\/mark>/);
    });

    it('answers every link of the tracker without a server error', async () => {
      const seen = new Set<string>();
      const queue = ['/en/upr', '/km/upr'];
      while (queue.length && seen.size < 400) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const res = await t.app.inject(url);
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
        if (!(res.headers['content-type'] as string | undefined)?.includes('html')) continue;
        for (const [, href] of res.body.matchAll(/href="(\/(?:en|km)\/upr[^"#]*)"/g)) {
          const link = href!.replace(/&amp;/g, '&');
          if (!seen.has(link)) queue.push(link);
        }
      }
      assert.ok(seen.size > 20, `crawled ${seen.size} pages`);
      for (const odd of ['/en/upr/0', '/en/upr/99999999999', '/en/upr/abc', '/en/upr?page=0', '/en/upr?page=999', '/km/upr?cycle=%00', '/en/upr?state=' + 'x'.repeat(5000)]) {
        assert.ok((await t.app.inject(odd)).statusCode < 500, odd);
      }
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { sealContext } from '../hrd-cases/protected-fields.js';
import { findTermByCode, listAllTerms } from '../hrd-vocabularies/vocabularies.repository.js';
import { buildProvinceMap, simplifyLine } from './map/province-shapes.js';
import type { Place, VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import { BREAKDOWNS, filterSelection, guardCsvCell, mapClass, parentCellsPublished, presentStatistics, statisticsCsv, statisticsJson, suppressCounts } from './statistics.presenter.js';
import { countActs, loadReferenceData, resolveFilters, type RawStatistics } from './statistics.repository.js';

/*
 * The portal's figures against a fixture small enough to count by hand. Each act below is one
 * row of the fixture; the expected numbers in the tests are worked out from this table, not
 * from the code under test.
 *
 *  #  case year prov act               verification perpetrators            rights                 defender
 *  1  A    2019 12   threat            confirmed    police                  expression             journalist
 *  2  A    2019 12   arbitrary_arrest  confirmed    police, judiciary       liberty, expression    journalist
 *  3  B    2019 12   threat            likely       local_authority         expression             land_defender
 *  4  C    2020 12   threat            confirmed    police                  expression             journalist
 *  5  C    2020 12   assault           likely       police                  torture                journalist
 *  6  D    2020 09   forced_eviction   confirmed    private_company         land_housing           land_defender
 *  7  D    2020 09   threat            possible     private_security        land_housing           land_defender
 *  8  E    2021 09   criminal_charge   confirmed    judiciary               fair_trial             land_defender
 *  9  F    2021 12   threat            unlikely     unidentified            expression             journalist
 * 10  F    2021 12   threat            confirmed    unidentified            expression             journalist
 * 11  G    2021 12   dispersal         confirmed    police                  assembly               youth_activist
 * 12  H    2021 08   event_ban         confirmed    local_authority         assembly               community_activist
 * 13  H    2021 08   threat            confirmed    local_authority         assembly, expression   community_activist
 * 14  H    2021 08   surveillance      likely       local_authority         privacy                community_activist
 *
 * Default view (confirmed + likely): acts 1–6, 8, 10–14 = 12 acts in 8 cases.
 */

interface FixtureAct {
  act: string;
  verification: string;
  perpetrators: string[];
  rights: string[];
}
interface FixtureCase {
  ref: string;
  day: string;
  province: string;
  category: string;
  acts: FixtureAct[];
}

const a = (act: string, verification: string, perpetrators: string[], rights: string[]): FixtureAct => ({ act, verification, perpetrators, rights });

const FIXTURE: FixtureCase[] = [
  { ref: 'A', day: '2019-03-10', province: '12', category: 'journalist', acts: [a('threat', 'confirmed', ['police'], ['expression']), a('arbitrary_arrest', 'confirmed', ['police', 'judiciary'], ['liberty_security', 'expression'])] },
  { ref: 'B', day: '2019-07-01', province: '12', category: 'land_defender', acts: [a('threat', 'likely', ['local_authority'], ['expression'])] },
  { ref: 'C', day: '2020-02-02', province: '12', category: 'journalist', acts: [a('threat', 'confirmed', ['police'], ['expression']), a('assault', 'likely', ['police'], ['freedom_from_torture'])] },
  { ref: 'D', day: '2020-05-05', province: '09', category: 'land_defender', acts: [a('forced_eviction', 'confirmed', ['private_company'], ['land_housing']), a('threat', 'possible', ['private_security'], ['land_housing'])] },
  { ref: 'E', day: '2021-01-15', province: '09', category: 'land_defender', acts: [a('criminal_charge', 'confirmed', ['judiciary'], ['fair_trial'])] },
  { ref: 'F', day: '2021-06-30', province: '12', category: 'journalist', acts: [a('threat', 'unlikely', ['unidentified'], ['expression']), a('threat', 'confirmed', ['unidentified'], ['expression'])] },
  { ref: 'G', day: '2021-08-08', province: '12', category: 'youth_activist', acts: [a('dispersal', 'confirmed', ['police'], ['assembly'])] },
  {
    ref: 'H',
    day: '2021-11-11',
    province: '08',
    category: 'community_activist',
    acts: [a('event_ban', 'confirmed', ['local_authority'], ['assembly']), a('threat', 'confirmed', ['local_authority'], ['assembly', 'expression']), a('surveillance', 'likely', ['local_authority'], ['privacy'])],
  },
];

async function insertFixture(t: TestContext, fixture: FixtureCase[] = FIXTURE): Promise<void> {
  const vault = t.app.vault;
  const now = new Date().toISOString();
  const term = async (vocabulary: Parameters<typeof findTermByCode>[1], code: string) => (await findTermByCode(t.db, vocabulary, code))!.id;
  for (const c of fixture) {
    const province = await t.db.selectFrom('places').select('id').where('level', '=', 'province').where('code', '=', c.province).executeTakeFirstOrThrow();
    const kase = await t.db
      .insertInto('hrdCases')
      .values({ reference: `TEST-${c.ref}`, titleEnc: vault.seal(`Case ${c.ref}`, sealContext('hrd_cases', 'title_enc')), summaryEnc: null, status: 'open', openedOn: c.day, closedOn: null, createdBy: null, createdAt: now, updatedAt: now, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const victim = await t.db
      .insertInto('hrdVictims')
      .values({
        caseId: kase.id,
        kind: 'person',
        nameEnc: vault.seal(`Victim ${c.ref}`, sealContext('hrd_victims', 'name_enc')),
        groupSize: null,
        hrdCategoryId: await term('hrd_category', c.category),
        sex: 'unknown',
        ageGroup: 'unknown',
        affiliationEnc: null,
        contactEnc: null,
        notesEnc: null,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await t.db
      .insertInto('hrdEvents')
      .values({ caseId: kase.id, occurredOn: c.day, dateAccuracy: 'day', provinceId: province.id, locationEnc: null, descriptionEnc: null, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const act of c.acts) {
      const row = await t.db
        .insertInto('hrdActs')
        .values({
          eventId: event.id,
          victimId: victim.id,
          actTypeId: await term('act_type', act.act),
          classification: 'violation',
          verificationId: await term('verification', act.verification),
          notesEnc: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const right of act.rights) await t.db.insertInto('hrdActRights').values({ actId: row.id, rightId: await term('right', right) }).execute();
      for (const p of act.perpetrators) {
        await t.db.insertInto('hrdActPerpetrators').values({ actId: row.id, perpetratorTypeId: await term('perpetrator_type', p), involvementId: null, nameEnc: null }).execute();
      }
    }
  }
}

/** Table cells of the page: breakdown → code → count (null: shown as hidden). */
function pageTables(html: string): Map<string, Map<string, number | null>> {
  const tables = new Map<string, Map<string, number | null>>();
  for (const table of html.matchAll(/<table id="[^"]*" data-breakdown="([a-zA-Z]+)">([\s\S]*?)<\/table>/g)) {
    const cells = new Map<string, number | null>();
    for (const row of table[2]!.matchAll(/<tr data-code="([^"]+)">[\s\S]*?data-count="(\d+|hidden)"/g)) {
      cells.set(row[1]!, row[2] === 'hidden' ? null : Number(row[2]));
    }
    tables.set(table[1]!, cells);
  }
  return tables;
}

const totalOf = (html: string) => {
  const m = /data-acts="(\d+|hidden)"/.exec(html);
  assert.ok(m, 'the page states its total');
  return m[1] === 'hidden' ? null : Number(m[1]);
};

const mapClasses = (html: string) => {
  const svg = /<svg class="chart chart--map"[\s\S]*?<\/svg>/.exec(html)![0];
  return new Map([...svg.matchAll(/<path class="map__province map__province--c(\d)" d="[^"]+" data-iso="([^"]+)"/g)].map((m) => [m[2]!, Number(m[1])]));
};

const parseCsv = (body: string) => parse(body, { bom: true }) as string[][];

for (const engine of testEngines()) {
  describe(`human rights portal (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await insertFixture(t);
    });
    after(() => t.close());

    const get = (url: string) => t.app.inject({ method: 'GET', url });

    it('counts only confirmed and likely acts by default, by year, act, perpetrator, defender and province', async () => {
      const res = await get('/en/human-rights-portal');
      assert.equal(res.statusCode, 200);
      assert.equal(totalOf(res.body), 12);
      assert.match(res.body, /12 acts in 8 cases match these filters/);
      assert.match(res.body, /only acts our monitors have confirmed or judge likely/);
      const tables = pageTables(res.body);
      assert.deepEqual([...tables.get('year')!], [['2019', 3], ['2020', 3], ['2021', 6]]);
      // Act types: threat 5 (acts 1, 3, 4, 10, 13); seven types with one act each are hidden.
      // Their sum, 12 − 5 = 7 over 7 cells, would make each 1, so threat is hidden too.
      const acts = tables.get('actType')!;
      for (const code of ['threat', 'arbitrary_arrest', 'assault', 'forced_eviction', 'criminal_charge', 'dispersal', 'event_ban', 'surveillance']) assert.equal(acts.get(code), null, code);
      assert.equal(acts.size, 8);
      const vocabularyOrder = (await listAllTerms(t.db)).filter((x) => acts.has(x.code) && x.vocabulary === 'act_type').map((x) => x.code);
      assert.deepEqual([...acts.keys()], vocabularyOrder, 'hidden ones in vocabulary order, not by count');
      assert.notEqual([...acts.keys()][0], 'threat');
      // Perpetrators: police 5 (1, 2, 4, 5, 11), local authorities 4 (3, 12, 13, 14); judiciary 2, company 1, unidentified 1 hidden.
      const perpetrators = tables.get('perpetratorType')!;
      assert.equal(perpetrators.get('police'), 5);
      assert.equal(perpetrators.get('local_authority'), 4);
      assert.equal(perpetrators.get('judiciary'), null);
      assert.equal(perpetrators.get('private_company'), null);
      assert.equal(perpetrators.get('unidentified'), null);
      assert.equal(perpetrators.has('private_security'), false, 'act 7 is only possible');
      // Defenders: journalist 5, land 3, community 3, youth 1. Youth is hidden alone, so the
      // smallest other count (community, first in vocabulary order on a tie) is hidden too; then
      // the two hidden add up to 4 = 2 × 2, which could only be 2 + 2 if both were small, so
      // land is hidden as well (7 over three cells).
      const defenders = tables.get('hrdCategory')!;
      assert.equal(defenders.get('journalist'), 5);
      assert.equal(defenders.get('land_defender'), null);
      assert.equal(defenders.get('youth_activist'), null);
      assert.equal(defenders.get('community_activist'), null);
      // Provinces: Phnom Penh 7, Koh Kong 2 (hidden), Kandal 3 (hidden with it), the rest 0.
      const provinces = tables.get('province')!;
      assert.equal(provinces.size, 25);
      assert.equal(provinces.get('12'), 7);
      assert.equal(provinces.get('09'), null);
      assert.equal(provinces.get('08'), null);
      assert.equal(provinces.get('01'), 0);
      assert.doesNotMatch(res.body, /Victim [A-H]|Case [A-H]/, 'no case text reaches the page');
    });

    it('draws every chart with a captioned table beside it', async () => {
      const res = await get('/en/human-rights-portal');
      assert.equal((res.body.match(/<svg class="chart /g) ?? []).length, 5);
      assert.equal((res.body.match(/<caption>/g) ?? []).length, 5);
      assert.match(res.body, /<th scope="col">Year<\/th>/);
      assert.match(res.body, /<th scope="row">2021<\/th>/);
      assert.match(res.body, /role="img" aria-labelledby="chart-years-title"/);
    });

    it('shades the map of 25 provinces by count, with a title per province, a legend and the attribution', async () => {
      const res = await get('/en/human-rights-portal');
      const classes = mapClasses(res.body);
      assert.equal(classes.size, 25);
      assert.equal(classes.get('KH-12'), 2, 'Phnom Penh, 7 acts: the 3–9 class');
      assert.equal(classes.get('KH-9'), 1, 'Koh Kong, hidden: the "fewer than 3" class');
      assert.equal(classes.get('KH-8'), 1);
      assert.equal(classes.get('KH-1'), 0);
      assert.equal(mapClass(7), 2);
      assert.equal(mapClass(50), 5);
      assert.match(res.body, /<title>Phnom Penh Capital: 7 acts<\/title>/);
      assert.match(res.body, /<title>Koh Kong: &lt;3 acts<\/title>/);
      assert.match(res.body, /Province boundaries © OpenStreetMap contributors, via geoBoundaries \(ODbL\)/);
      assert.match(res.body, /Number of acts/);
    });

    it('applies each filter', async () => {
      // Verification: adding "possible" brings act 7 (Koh Kong, 2020); "unlikely" act 9 never shows.
      let res = await get('/en/human-rights-portal?status=reported');
      assert.equal(totalOf(res.body), 13);
      let tables = pageTables(res.body);
      assert.equal(tables.get('province')!.get('09'), 3);
      assert.equal(tables.get('year')!.get('2020'), 4);
      res = await get('/en/human-rights-portal?status=possible');
      assert.equal(totalOf(res.body), null, 'one act: fewer than 3');
      assert.match(res.body, /Fewer than 3 acts match these filters/);
      assert.equal(pageTables(res.body).size, 0, 'fewer than 3 in all: no breakdown, not even its zeros');
      assert.doesNotMatch(res.body, /<svg class="chart/);
      assert.match(res.body, /data-withheld="all">To protect the people behind so few acts, no breakdown, chart or map is shown/);

      // Province 12: acts 1, 2, 3, 4, 5, 10, 11; 2020 and 2021 have two each, both hidden, and
      // 2 + 2 would give both away (7 − 3 = 4), so 2019 is hidden too.
      res = await get('/en/human-rights-portal?province=12');
      assert.equal(totalOf(res.body), 7);
      assert.deepEqual([...pageTables(res.body).get('year')!], [['2019', null], ['2020', null], ['2021', null]]);

      // Right: expression on acts 1, 2, 3, 4, 10, 13.
      res = await get('/en/human-rights-portal?right=expression');
      assert.equal(totalOf(res.body), 6);
      // A broader act type includes its narrower ones: threats and surveillance, acts 1, 3, 4, 10, 13, 14.
      const ref = await loadReferenceData(t.db);
      const resolved = resolveFilters({ act: 'intimidation' }, ref);
      assert.ok(resolved.ok);
      assert.equal((await countActs(t.db, resolved.filters)).acts, 6);
      // On the page that total is withheld: threats (5) and surveillance (1) are hidden in the
      // unfiltered act breakdown, and 6 would tell them apart from the rest (rule 5).
      res = await get('/en/human-rights-portal?act=intimidation');
      assert.equal(totalOf(res.body), null);
      assert.match(res.body, /data-withheld="differencing"/);
      res = await get('/en/human-rights-portal?perpetrator=police');
      assert.equal(totalOf(res.body), 5);
      // Years: 2020 alone is acts 4, 5, 6; the time series covers the chosen years only.
      res = await get('/en/human-rights-portal?from=2020&to=2020');
      assert.equal(totalOf(res.body), 3);
      assert.deepEqual([...pageTables(res.body).get('year')!], [['2020', 3]]);
      res = await get('/en/human-rights-portal?from=2021');
      assert.equal(totalOf(res.body), 6);
      // Years outside the data still name the chosen years.
      res = await get('/en/human-rights-portal?to=2018');
      assert.equal(totalOf(res.body), 0);
      res = await get('/en/human-rights-portal/statistics.json?from=2025');
      assert.deepEqual((res.json() as { breakdowns: { year: unknown[] } }).breakdowns.year, [{ code: '2025', label: '2025', count: 0 }]);
      // Nothing in Koh Kong in 2019, but Koh Kong alone has 2 acts, which its page hides with their
      // years: "none in 2019" would tell of them, so that view is withheld (rule 5).
      res = await get('/en/human-rights-portal?province=09&from=2019&to=2019');
      assert.equal(totalOf(res.body), null);
      assert.match(res.body, /data-withheld="differencing"/);
      assert.doesNotMatch(res.body, /No act matches these filters/);
      // Nothing in Phnom Penh before 2019: Phnom Penh's years are 2019–2021, so that zero is shown.
      res = await get('/en/human-rights-portal?province=12&to=2018');
      assert.equal(totalOf(res.body), 0);
      assert.match(res.body, /No act matches these filters/);
      // Combined: threats by the police, 2019–2020, acts 1 and 4: threats are hidden among the
      // police's acts of those years, so the view is withheld for that reason, not as a small total.
      res = await get('/en/human-rights-portal?act=threat&perpetrator=police&from=2019&to=2020');
      assert.equal(totalOf(res.body), null);
      tables = pageTables(res.body);
      assert.equal(tables.size, 0, 'no breakdown, not even its zeros');
      assert.doesNotMatch(res.body, /<svg class="chart/);
      assert.match(res.body, /data-withheld="differencing">These figures are withheld because they would reveal counts that are hidden elsewhere/);
      assert.doesNotMatch(res.body, /Fewer than 3 acts match/);
      // Empty values mean "any".
      res = await get('/en/human-rights-portal?from=&to=&right=&act=&perpetrator=&province=&status=');
      assert.equal(totalOf(res.body), 12);
    });

    it('leaves out a breakdown whose hidden counts would still add up to only one answer', async () => {
      // 2020 with "possible": acts 4, 5 (Phnom Penh), 6, 7 (Koh Kong), 4 in all. Provinces 2 and 2
      // are both hidden, and a hidden sum of 4 over two cells below 3 can only be 2 + 2, with no
      // other cell left to hide: the province breakdown (map and table) is left out. Defenders
      // likewise (journalist 2, land 2). Act types threat 2, assault 1, eviction 1: 4 over three
      // cells is 2 + 1 + 1 in some order, so they are only hidden.
      const res = await get('/en/human-rights-portal?status=reported&from=2020&to=2020');
      assert.equal(totalOf(res.body), 4);
      const tables = pageTables(res.body);
      assert.equal(tables.has('province'), false);
      assert.equal(tables.has('hrdCategory'), false);
      assert.doesNotMatch(res.body, /chart--map/, 'no map');
      assert.match(res.body, /data-withheld="province">Not shown: so few acts match these filters that this breakdown would reveal counts below 3\./);
      assert.match(res.body, /data-withheld="hrdCategory">/);
      assert.deepEqual([...tables.get('year')!], [['2020', 4]]);
      assert.deepEqual([...tables.get('actType')!.values()], [null, null, null]);
      const json = (await get('/en/human-rights-portal/statistics.json?status=reported&from=2020&to=2020')).json() as { withheld: string[]; breakdowns: Record<string, unknown[]> };
      assert.deepEqual(json.withheld, ['hrdCategory', 'province']);
      assert.deepEqual(json.breakdowns.province, []);
      const csv = parseCsv((await get('/en/human-rights-portal/statistics.csv?status=reported&from=2020&to=2020')).body);
      assert.deepEqual(
        csv.filter((r) => r[0] === 'province'),
        [['province', '', '', '', 'not shown: would reveal counts below 3']],
      );
      const km = await get('/km/human-rights-portal?status=reported&from=2020&to=2020');
      assert.match(km.body, /data-withheld="province">មិនបង្ហាញទេ៖/);
    });

    it('states the suppression rule, the small-total rule included, in both languages', async () => {
      const en = await get('/en/human-rights-portal');
      assert.match(en.body, /the next smallest counts are hidden as well, until the hidden ones could add up in more than one way/);
      assert.match(en.body, /When fewer than 3 acts match the filters in all, the page says only that: no breakdown, chart or map is shown\./);
      const km = await get('/km/human-rights-portal');
      assert.match(km.body, /ទំព័រនេះបង្ហាញតែការពិតនេះប៉ុណ្ណោះ/);
    });

    it('refuses bad filter values with a localized 400, keeping the form', async () => {
      for (const query of ['from=abc', 'from=2021&to=2019', 'act=nope', 'right=expression%27--', 'province=99', 'province=1', 'status=unlikely', 'from=2019&from=2020', 'perpetrator=' + 'x'.repeat(300)]) {
        const res = await get(`/en/human-rights-portal?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.body, /Some filters could not be used/, query);
        assert.match(res.body, /<form class="filters" method="get"/);
        assert.doesNotMatch(res.body, /data-acts=/, 'no figures for filters that could not be used');
      }
      const kept = await get('/en/human-rights-portal?act=nope&province=12');
      assert.match(kept.body, /<option value="12" selected>/, 'valid values are kept');
      assert.match(kept.body, /Choose a kind of act from the list/);
      const km = await get('/km/human-rights-portal?from=abc');
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /សូមជ្រើសរើសឆ្នាំពីបញ្ជី/);
      for (const url of ['/en/human-rights-portal/statistics.csv?act=nope', '/km/human-rights-portal/statistics.json?from=1']) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.headers['content-type'] as string, /text\/html/);
      }
    });

    it('offers a CSV of exactly the page’s counts, with a BOM, that parses and adds up', async () => {
      const page = await get('/en/human-rights-portal?status=reported');
      const res = await get('/en/human-rights-portal/statistics.csv?status=reported');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
      assert.match(res.headers['content-disposition'] as string, /attachment; filename="human-rights-portal-en\.csv"/);
      assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
      const rows = parseCsv(res.body);
      assert.deepEqual(rows[0], ['Breakdown', 'Code', 'Label', 'Count', 'Note']);
      assert.deepEqual(rows[1], ['total', 'total', 'Total', '13', '']);
      assert.equal(Number(rows[1]![3]), totalOf(page.body));
      const tables = pageTables(page.body);
      for (const key of ['year', 'actType', 'perpetratorType', 'hrdCategory', 'province']) {
        const csv = new Map(rows.filter((r) => r[0] === key).map((r) => [r[1]!, r[3] === '' ? null : Number(r[3])]));
        assert.deepEqual(new Map([...csv].sort()), new Map([...tables.get(key)!].sort()), key);
      }
      // Additive breakdowns: published cells plus hidden ones make the total; years here all show.
      const years = rows.filter((r) => r[0] === 'year').reduce((s, r) => s + Number(r[3]), 0);
      assert.equal(years, 13);
      const hidden = rows.find((r) => r[3] === '');
      assert.equal(hidden?.[4], 'fewer than 3');
      // The cached copy is the same and still a download.
      const again = await get('/en/human-rights-portal/statistics.csv?status=reported');
      assert.equal(again.body, res.body);
      assert.match(again.headers['content-disposition'] as string, /attachment/);
    });

    it('writes Khmer labels in the Khmer CSV', async () => {
      const res = await get('/km/human-rights-portal/statistics.csv');
      const rows = parseCsv(res.body);
      assert.deepEqual(rows[0], ['ការបែងចែក', 'កូដ', 'ស្លាក', 'ចំនួន', 'កំណត់សម្គាល់']);
      assert.deepEqual(rows[1], ['total', 'total', 'សរុប', '12', '']);
      assert.deepEqual(rows.find((r) => r[0] === 'actType' && r[1] === 'threat'), ['actType', 'threat', 'ការគំរាមកំហែង', '', 'តិចជាង 3']);
      assert.deepEqual(rows.find((r) => r[0] === 'perpetratorType' && r[1] === 'police'), ['perpetratorType', 'police', 'នគរបាល', '5', '']);
      assert.deepEqual(rows.find((r) => r[0] === 'province' && r[1] === '12')?.slice(3), ['7', '']);
      assert.match(rows.find((r) => r[0] === 'province' && r[1] === '12')![2]!, /ភ្នំពេញ/);
      const page = await get('/km/human-rights-portal');
      assert.match(page.body, /<th scope="row">នគរបាល<\/th><td class="num" data-count="5">៥<\/td>/);
      assert.match(page.body, /<th scope="row">ការគំរាមកំហែង<\/th><td class="num" data-count="hidden">តិចជាង ៣<\/td>/);
    });

    it('offers the same counts as JSON, never row-level data', async () => {
      const res = await get('/en/human-rights-portal/statistics.json?province=12');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const data = res.json() as {
        unit: string;
        filters: { province: string; verification: string[] };
        suppression: { threshold: number };
        total: { acts: number; cases: number };
        breakdowns: Record<string, Array<{ code: string; label: string; count: number | null }>>;
      };
      assert.equal(data.unit, 'act');
      assert.deepEqual(data.filters.verification, ['confirmed', 'likely']);
      assert.equal(data.filters.province, '12');
      assert.equal(data.suppression.threshold, 3);
      // Cases A, B, C, F, G.
      assert.deepEqual(data.total, { acts: 7, cases: 5 });
      assert.deepEqual(data.breakdowns.year, [
        { code: '2019', label: '2019', count: null },
        { code: '2020', label: '2020', count: null },
        { code: '2021', label: '2021', count: null },
      ]);
      assert.doesNotMatch(res.body, /Enc"|Victim|dv1\./);
    });

    it('is page-cached and reads no sealed column', async () => {
      const first = await get('/en/human-rights-portal?right=assembly');
      const second = await get('/en/human-rights-portal?right=assembly');
      assert.equal(second.headers['x-page-cache'], 'hit');
      assert.equal(second.body, first.body);
      const here = path.dirname(fileURLToPath(import.meta.url));
      for (const file of ['statistics.repository.ts', 'statistics.routes.tsx', 'statistics.presenter.ts']) {
        // Code only: the comments may well explain that the vault is not used.
        const source = fs
          .readFileSync(path.join(here, file), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        assert.doesNotMatch(source, /[a-z]Enc\b|_enc\b|vault/i, `${file} touches sealed data`);
      }
    });

    it('is in the sitemap', async () => {
      const res = await get('/sitemap.xml');
      assert.match(res.body, /\/en\/human-rights-portal</);
      assert.match(res.body, /\/km\/human-rights-portal</);
    });
  });
}

/*
 * The map against a second fixture, counted by hand: Phnom Penh (12) 4 acts, Banteay Meanchey
 * (01) 3, Koh Kong (09) 1, Kandal (08) 1; 9 in all, every act a confirmed threat by the police
 * against a journalist in 2022. Koh Kong and Kandal are hidden; alone they would add up to
 * 9 − 4 − 3 = 2, which can only be 1 + 1, so Banteay Meanchey (the smallest shown) is hidden too:
 * 5 over three cells has several answers.
 */
const MAP_FIXTURE: FixtureCase[] = [
  { ref: 'P', day: '2022-02-01', province: '12', category: 'journalist', acts: Array.from({ length: 4 }, () => a('threat', 'confirmed', ['police'], ['expression'])) },
  { ref: 'B', day: '2022-03-01', province: '01', category: 'journalist', acts: Array.from({ length: 3 }, () => a('threat', 'confirmed', ['police'], ['expression'])) },
  { ref: 'K', day: '2022-04-01', province: '09', category: 'journalist', acts: [a('threat', 'confirmed', ['police'], ['expression'])] },
  { ref: 'D', day: '2022-05-01', province: '08', category: 'journalist', acts: [a('threat', 'confirmed', ['police'], ['expression'])] },
];

for (const engine of testEngines()) {
  describe(`human rights portal map suppression (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await insertFixture(t, MAP_FIXTURE);
    });
    after(() => t.close());

    it('hides the next province too when the hidden ones could be worked out, on the map, the table, the CSV and the JSON', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/en/human-rights-portal' });
      assert.equal(totalOf(res.body), 9);
      const provinces = pageTables(res.body).get('province')!;
      assert.equal(provinces.get('12'), 4);
      assert.equal(provinces.get('01'), null);
      assert.equal(provinces.get('09'), null);
      assert.equal(provinces.get('08'), null);
      assert.equal(provinces.get('02'), 0);
      const classes = mapClasses(res.body);
      assert.equal(classes.get('KH-12'), 2);
      assert.equal(classes.get('KH-1'), 1, 'Banteay Meanchey shaded as hidden, not as 3');
      assert.equal(classes.get('KH-9'), 1);
      assert.equal(classes.get('KH-8'), 1);
      assert.equal(classes.get('KH-2'), 0);
      assert.match(res.body, /<title>Banteay Meanchey: &lt;3 acts<\/title>/);
      const csv = parseCsv((await t.app.inject({ method: 'GET', url: '/en/human-rights-portal/statistics.csv' })).body);
      assert.deepEqual(csv.find((r) => r[0] === 'province' && r[1] === '01')?.slice(3), ['', 'fewer than 3']);
      const json = (await t.app.inject({ method: 'GET', url: '/en/human-rights-portal/statistics.json' })).json() as { breakdowns: { province: Array<{ code: string; count: number | null }> } };
      assert.equal(json.breakdowns.province.find((c) => c.code === '01')?.count, null);
      // Whatever is published, the hidden provinces add up to 5 over three cells: not one answer.
      const shown = json.breakdowns.province.reduce((sum, c) => sum + (c.count ?? 0), 0);
      assert.equal(9 - shown, 5);
    });
  });
}

/*
 * Differencing between filtered views (rule 5), against a third fixture counted by hand: 16
 * confirmed acts against journalists, in three cases that differ in every dimension at once.
 *
 *   case  year  province       act              perpetrator      right         acts
 *   P     2022  Phnom Penh 12  threat           police           expression     10
 *   K     2020  Koh Kong 09    assault          judiciary        fair_trial      1
 *   D     2021  Kandal 08      forced_eviction  private_company  land_housing    5
 *
 * Every breakdown of the unfiltered view is [10, 1, 5]: the 1 is hidden, alone it would be 16 − 15,
 * so the 5 is hidden too (6 over two cells: 1 + 5, 2 + 4…), and 10 is shown. The view filtered on
 * the 5 would publish it, and 16 − 10 − 5 the 1.
 */
const DIFFERENCING_FIXTURE: FixtureCase[] = [
  { ref: 'P', day: '2022-02-01', province: '12', category: 'journalist', acts: Array.from({ length: 10 }, () => a('threat', 'confirmed', ['police'], ['expression'])) },
  { ref: 'K', day: '2020-03-01', province: '09', category: 'journalist', acts: [a('assault', 'confirmed', ['judiciary'], ['fair_trial'])] },
  { ref: 'D', day: '2021-04-01', province: '08', category: 'journalist', acts: Array.from({ length: 5 }, () => a('forced_eviction', 'confirmed', ['private_company'], ['land_housing'])) },
];

for (const engine of testEngines()) {
  describe(`human rights portal differencing between filtered views (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await insertFixture(t, DIFFERENCING_FIXTURE);
    });
    after(() => t.close());

    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const withheldByDifferencing = async (query: string) => {
      const res = await get(`/en/human-rights-portal?${query}`);
      assert.equal(res.statusCode, 200, query);
      assert.equal(totalOf(res.body), null, `${query}: no total`);
      assert.equal(pageTables(res.body).size, 0, `${query}: no breakdown`);
      assert.doesNotMatch(res.body, /<svg class="chart/, query);
      assert.match(res.body, /data-withheld="differencing">These figures are withheld because they would reveal counts that are hidden elsewhere in the portal/, query);
      assert.doesNotMatch(res.body, /\b5 acts|Fewer than 3 acts match/, query);
    };

    it('hides 1 and 5 of [10, 1, 5] in every breakdown of the unfiltered view', async () => {
      const res = await get('/en/human-rights-portal');
      assert.equal(totalOf(res.body), 16);
      const tables = pageTables(res.body);
      assert.deepEqual([...tables.get('year')!], [['2020', null], ['2021', null], ['2022', 10]]);
      assert.equal(tables.get('province')!.get('12'), 10);
      assert.equal(tables.get('province')!.get('08'), null);
      assert.equal(tables.get('province')!.get('09'), null);
      assert.deepEqual(Object.fromEntries(tables.get('actType')!), { threat: 10, assault: null, forced_eviction: null });
    });

    it('withholds the view of a province hidden in the unfiltered one, in English, Khmer, CSV and JSON', async () => {
      await withheldByDifferencing('province=08');
      await withheldByDifferencing('province=09');
      const km = await get('/km/human-rights-portal?province=08');
      assert.match(km.body, /data-withheld="differencing">តួលេខទាំងនេះមិនត្រូវបានបង្ហាញទេ ព្រោះវានឹងបង្ហាញចំនួនដែលត្រូវបានលាក់នៅកន្លែងផ្សេងទៀត/);
      const csv = parseCsv((await get('/en/human-rights-portal/statistics.csv?province=08')).body);
      assert.deepEqual(csv[1], ['total', 'total', 'Total', '', 'not shown: would reveal counts hidden elsewhere']);
      for (const key of BREAKDOWNS) assert.deepEqual(csv.filter((r) => r[0] === key), [[key, '', '', '', 'not shown: would reveal counts hidden elsewhere']], key);
      assert.ok(!csv.some((r) => r[3] === '5'), 'the 5 is nowhere');
      const json = (await get('/en/human-rights-portal/statistics.json?province=08')).json() as {
        total: { acts: number | null; cases: number | null };
        withheld: string[];
        withheldWhole: string | null;
        breakdowns: Record<string, unknown[]>;
      };
      assert.deepEqual(json.total, { acts: null, cases: null });
      assert.equal(json.withheldWhole, 'differencing');
      assert.deepEqual(json.withheld, [...BREAKDOWNS]);
      for (const key of BREAKDOWNS) assert.deepEqual(json.breakdowns[key], [], key);
    });

    it('withholds the view of an act type, a perpetrator or a right hidden in the unfiltered one', async () => {
      await withheldByDifferencing('act=forced_eviction');
      await withheldByDifferencing('act=assault');
      await withheldByDifferencing('perpetrator=private_company');
      await withheldByDifferencing('right=land_housing');
    });

    it('withholds a year range holding a hidden year, whichever its ends', async () => {
      await withheldByDifferencing('from=2021&to=2021');
      // 2021–2022 would be 15, and 16 − 15 the hidden 2020; 2020–2021 would be the hidden pair.
      await withheldByDifferencing('from=2021');
      await withheldByDifferencing('to=2021');
      await withheldByDifferencing('from=2019&to=2020');
      const json = (await get('/en/human-rights-portal/statistics.json?from=2021&to=2022')).json() as { withheldWhole: string | null; total: { acts: number | null } };
      assert.equal(json.withheldWhole, 'differencing');
      assert.equal(json.total.acts, null);
    });

    it('keeps a filtered view whose cell is shown in its parent, one filter or several', async () => {
      for (const query of ['province=12', 'act=threat', 'perpetrator=police', 'right=expression', 'from=2022', 'from=2022&to=2022', 'province=12&act=threat&from=2022']) {
        const res = await get(`/en/human-rights-portal?${query}`);
        assert.equal(totalOf(res.body), 10, query);
        assert.match(res.body, /10 acts in fewer than 3 cases match these filters/, query);
        assert.doesNotMatch(res.body, /data-withheld="differencing"/, query);
        assert.equal(pageTables(res.body).get('province')!.get('12'), 10, query);
      }
      // Years with no acts before the first published one: zeros in the parent, shown as 0.
      const none = await get('/en/human-rights-portal?to=2019');
      assert.equal(totalOf(none.body), 0);
      assert.match(none.body, /No act matches these filters/);
      const json = (await get('/en/human-rights-portal/statistics.json?province=12')).json() as { withheldWhole: string | null; total: { acts: number } };
      assert.equal(json.withheldWhole, null);
      assert.equal(json.total.acts, 10);
    });

    it('says on the page what the check guarantees and what it leaves open, in both languages', async () => {
      const en = await get('/en/human-rights-portal');
      assert.match(en.body, /figures for your choice are withheld as a whole/);
      assert.match(en.body, /This check looks one filter back only/);
      assert.match(en.body, /comparing verification choices/);
      const km = await get('/km/human-rights-portal');
      assert.match(km.body, /ការត្រួតពិនិត្យនេះមើលថយក្រោយតែការច្រោះមួយប៉ុណ្ណោះ/);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The suppression rule on its own

const term = (id: number, vocabulary: VocabularyTerm['vocabulary'], code: string, labelEn: string): VocabularyTerm => ({
  id,
  vocabulary,
  code,
  parentId: null,
  position: id,
  labelEn,
  labelKm: `${labelEn} (km)`,
  descriptionEn: null,
  descriptionKm: null,
  active: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const province = (id: number, code: string, nameEn: string): Place => ({ id, level: 'province', code, iso: `KH-${Number(code)}`, parentId: null, nameEn, nameKm: nameEn });

/** Three cells in every breakdown, with these counts (a total of their sum). */
function threeCellData(counts: [number, number, number], labels: [string, string, string] = ['Arrest', 'Threat', 'Assault']) {
  const ref = {
    terms: [
      term(1, 'act_type', 'arrest', labels[0]),
      term(2, 'act_type', 'threat', labels[1]),
      term(3, 'act_type', 'assault', labels[2]),
      term(4, 'perpetrator_type', 'police', 'Police'),
      term(5, 'perpetrator_type', 'military', 'Military'),
      term(6, 'perpetrator_type', 'company', 'Company'),
      term(7, 'hrd_category', 'journalist', 'Journalist'),
      term(8, 'hrd_category', 'monk', 'Monk'),
      term(9, 'hrd_category', 'lawyer', 'Lawyer'),
    ],
    provinces: [province(11, '12', 'Phnom Penh'), province(12, '09', 'Koh Kong'), province(13, '08', 'Kandal')],
  };
  const rows = (keys: number[]) => keys.map((key, i) => ({ key, count: counts[i]! })).filter((r) => r.count > 0);
  const raw: RawStatistics = {
    acts: counts[0] + counts[1] + counts[2],
    cases: counts[0] + counts[1] + counts[2],
    byYear: rows([2020, 2021, 2022]),
    byActType: rows([1, 2, 3]),
    byPerpetratorType: rows([4, 5, 6]),
    byHrdCategory: rows([7, 8, 9]),
    byProvince: rows([11, 12, 13]),
  };
  return { raw, ref, years: { first: 2020, last: 2022 } };
}

/** Published counts of a breakdown, by code. */
const countsOf = (cells: Array<{ code: string; count: number | null }>) => Object.fromEntries(cells.map((c) => [c.code, c.count]));

describe('small-count suppression', () => {
  it('hides every cell of [10, 1, 1] and [10, 2, 2], in every breakdown', () => {
    for (const counts of [
      [10, 1, 1],
      [10, 2, 2],
    ] as const) {
      const { raw, ref, years } = threeCellData([...counts]);
      const stats = presentStatistics(raw, ref, 'en', years);
      assert.equal(stats.acts, counts[0] + counts[1] + counts[2]);
      assert.deepEqual(stats.withheld, []);
      for (const key of BREAKDOWNS) {
        assert.equal(stats.breakdowns[key].length, 3, key);
        assert.ok(
          stats.breakdowns[key].every((c) => c.count === null),
          `${key} of ${counts.join(', ')}`,
        );
      }
    }
    assert.deepEqual(suppressCounts([10, 1, 1]), [null, null, null]);
    assert.deepEqual(suppressCounts([10, 2, 2]), [null, null, null]);
  });

  it('publishes 10 of [10, 1, 2]: a hidden 3 over two cells is 1 + 2 or 2 + 1', () => {
    const { raw, ref, years } = threeCellData([10, 1, 2]);
    const stats = presentStatistics(raw, ref, 'en', years);
    assert.deepEqual(countsOf(stats.breakdowns.year), { 2020: 10, 2021: null, 2022: null });
    assert.deepEqual(countsOf(stats.breakdowns.actType), { arrest: 10, threat: null, assault: null });
    assert.deepEqual(countsOf(stats.breakdowns.perpetratorType), { police: 10, military: null, company: null });
    assert.deepEqual(countsOf(stats.breakdowns.hrdCategory), { journalist: 10, monk: null, lawyer: null });
    assert.deepEqual(countsOf(stats.breakdowns.province), { 12: 10, '09': null, '08': null });
    assert.deepEqual(suppressCounts([10, 1, 2]), [10, null, null]);
  });

  it('hides both cells of [5, 1], and cells of equal count together', () => {
    assert.deepEqual(suppressCounts([5, 1]), [null, null]);
    assert.deepEqual(suppressCounts([5, 1, 0]), [null, null, 0], 'a zero is published, never used to cover');
    // Equal counts are hidden together, never one of them by vocabulary order.
    assert.deepEqual(suppressCounts([5, 4, 4, 1]), [5, null, null, null]);
    assert.deepEqual(suppressCounts([0, 3, 3, 2]), [0, null, null, null]);
    const { raw, ref, years } = threeCellData([5, 1, 0]);
    assert.deepEqual(countsOf(presentStatistics(raw, ref, 'en', years).breakdowns.province), { 12: null, '09': null, '08': 0 });
  });

  it('shows nothing but "fewer than 3" for a total of [1], and a zero total as it is', () => {
    const { raw, ref, years } = threeCellData([1, 0, 0]);
    const stats = presentStatistics(raw, ref, 'en', years);
    assert.equal(stats.acts, null);
    assert.equal(stats.cases, null);
    assert.deepEqual(stats.withheld, [...BREAKDOWNS]);
    for (const key of BREAKDOWNS) assert.deepEqual(stats.breakdowns[key], [], key);
    const csv = parse(statisticsCsv(stats, 'en'), { bom: true }) as string[][];
    assert.deepEqual(csv[1], ['total', 'total', 'Total', '', 'fewer than 3']);
    assert.deepEqual(
      csv.slice(2).map((r) => r[0]),
      [...BREAKDOWNS],
    );
    assert.ok(csv.slice(2).every((r) => r[1] === '' && r[3] === '' && r[4] === 'not shown: would reveal counts below 3'));
    const json = JSON.parse(statisticsJson(stats, {}, 'en', ['confirmed'])) as { total: unknown; withheld: string[] };
    assert.deepEqual(json.total, { acts: null, cases: null });
    assert.deepEqual(json.withheld, [...BREAKDOWNS]);
    // [1, 1, 1] with a published total of 3: every non-zero cell hidden is still 1 each.
    assert.equal(suppressCounts([1, 1, 1, 0]), null);
    assert.equal(suppressCounts([2, 2]), null);
    const zero = threeCellData([0, 0, 0]);
    const none = presentStatistics(zero.raw, zero.ref, 'en', zero.years);
    assert.equal(none.acts, 0);
    assert.deepEqual(countsOf(none.breakdowns.year), { 2020: 0, 2021: 0, 2022: 0 });
  });

  it('never publishes a breakdown whose hidden cells a reader could work out, even one who knows this rule', () => {
    // Every breakdown of up to 4 cells of 0–8 and of 5 cells of 0–4. The reader sees what is
    // published (the total, the shown cells and zeros, which cells are hidden) and knows the rule,
    // so considers every breakdown of the same size that would be published the same way. A
    // small hidden count must not be the same in all of them. Only alternatives within the range
    // are considered, which makes this reader stronger than a real one, never weaker.
    const threshold = 3;
    const check = (length: number, max: number) => {
      const groups = new Map<string, number[][]>();
      const walk = (prefix: number[]) => {
        if (prefix.length < length) {
          for (let v = 0; v <= max; v += 1) walk([...prefix, v]);
          return;
        }
        const total = prefix.reduce((s, n) => s + n, 0);
        if (total > 0 && total < threshold) return; // the whole view is withheld (tested above)
        const published = suppressCounts(prefix);
        const label = prefix.join(',');
        if (published === null) {
          // Withheld only when even every non-zero cell hidden would be determined: all 1 or all 2.
          const k = prefix.filter((n) => n > 0).length;
          assert.ok(total === k || total === k * (threshold - 1), label);
          return;
        }
        prefix.forEach((n, i) => {
          if (n === 0) assert.equal(published[i], 0, `${label}: zeros are published`);
          else if (n < threshold) assert.equal(published[i], null, `${label}: small counts are hidden`);
          else if (published[i] !== null) assert.equal(published[i], n, label);
        });
        const key = JSON.stringify([total, published]);
        groups.set(key, [...(groups.get(key) ?? []), prefix]);
      };
      walk([]);
      let checked = 0;
      for (const [key, same] of groups) {
        const published = (JSON.parse(key) as [number, Array<number | null>])[1];
        for (const counts of same) {
          checked += 1;
          published.forEach((shown, i) => {
            if (shown !== null || counts[i]! >= threshold) return;
            const values = new Set(same.map((other) => other[i]));
            assert.ok(values.size > 1, `${counts.join(',')} published as ${JSON.stringify(published)}: cell ${i} can only be ${counts[i]}`);
          });
        }
      }
      return checked;
    };
    assert.ok(check(1, 8) + check(2, 8) + check(3, 8) + check(4, 8) + check(5, 4) > 9000);
  });

  it('guards CSV cells against spreadsheet formulas', () => {
    for (const [value, expected] of [
      ['=HYPERLINK("http://evil.example")', `'=HYPERLINK("http://evil.example")`],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['Threat', 'Threat'],
      ['a=b', 'a=b'],
    ]) {
      assert.equal(guardCsvCell(value!), expected, JSON.stringify(value));
    }
    const { raw, ref, years } = threeCellData([10, 5, 4], ['=1+2', '@cmd', '-2']);
    const csv = parse(statisticsCsv(presentStatistics(raw, ref, 'en', years), 'en'), { bom: true }) as string[][];
    const labels = Object.fromEntries(csv.filter((r) => r[0] === 'actType').map((r) => [r[1], r[2]]));
    assert.deepEqual(labels, { arrest: "'=1+2", threat: "'@cmd", assault: "'-2" });
    assert.deepEqual(csv.find((r) => r[1] === 'arrest')?.[3], '10', 'counts stay plain digits');
  });
});

describe('differencing check on its own', () => {
  const rows = (counts: Array<[number, number]>) => counts.map(([key, count]) => ({ key, count }));
  it('passes a cell the parent shows and fails one it hides, withholds or cannot show', () => {
    const parent = { acts: 16, rows: rows([[1, 10], [2, 1], [3, 5]]) };
    assert.equal(parentCellsPublished(parent, (k) => k === 1), true);
    assert.equal(parentCellsPublished(parent, (k) => k === 3), false, 'the 5, hidden to protect the 1');
    assert.equal(parentCellsPublished(parent, (k) => k === 2), false);
    assert.equal(parentCellsPublished(parent, (k) => k === 4), true, 'a zero the parent shows');
    // [1, 1, 1]: withheld whole, so even a zero would tell which cells are empty.
    assert.equal(parentCellsPublished({ acts: 3, rows: rows([[1, 1], [2, 1], [3, 1]]) }, (k) => k === 4), false);
    // A parent of fewer than 3 shows no breakdown at all; a parent of 0 shows zeros everywhere.
    assert.equal(parentCellsPublished({ acts: 2, rows: rows([[1, 2]]) }, (k) => k === 4), false);
    assert.equal(parentCellsPublished({ acts: 0, rows: [] }, () => true), true);
  });
  it('selects every year of a range, open ends included, and an act type with its narrower ones', () => {
    const years = filterSelection({ verificationIds: [], fromDate: '2021-01-01' }, 'year');
    assert.deepEqual([2019, 2020, 2021, 2026].map(years), [false, false, true, true]);
    const closed = filterSelection({ verificationIds: [], fromDate: '2019-01-01', toDate: '2020-12-31' }, 'year');
    assert.deepEqual([2018, 2019, 2020, 2021].map(closed), [false, true, true, false]);
    // A range passes only if every year in it with acts is shown: 2021 (5) is hidden here.
    const parent = { acts: 16, rows: rows([[2020, 1], [2021, 5], [2022, 10]]) };
    assert.equal(parentCellsPublished(parent, filterSelection({ verificationIds: [], fromDate: '2022-01-01' }, 'year')), true);
    assert.equal(parentCellsPublished(parent, filterSelection({ verificationIds: [], fromDate: '2021-01-01' }, 'year')), false);
    assert.equal(parentCellsPublished(parent, filterSelection({ verificationIds: [], toDate: '2019-12-31' }, 'year')), true);
    const acts = filterSelection({ verificationIds: [], actTypeIds: [7, 8] }, 'actType');
    assert.deepEqual([7, 8, 9, null].map(acts), [true, true, false, false]);
  });
});

describe('province map geometry', () => {
  it('keeps a straight line to its ends and a bend beyond the tolerance', () => {
    assert.deepEqual(simplifyLine([[0, 0], [1, 0.01], [2, 0], [3, 0]], 0.5), [[0, 0], [3, 0]]);
    assert.deepEqual(simplifyLine([[0, 0], [1, 2], [2, 0]], 0.5), [[0, 0], [1, 2], [2, 0]]);
  });

  it('builds 25 small province paths from the GeoJSON', () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'map', 'provinces.geojson');
    const geojson = JSON.parse(fs.readFileSync(file, 'utf8'));
    const map = buildProvinceMap(geojson);
    assert.equal(map.shapes.length, 25);
    assert.equal(new Set(map.shapes.map((s) => s.iso)).size, 25);
    const size = map.shapes.reduce((s, x) => s + x.d.length, 0);
    assert.ok(size < 45_000, `map paths are ${size} characters`);
    for (const shape of map.shapes) assert.match(shape.d, /^M[\d. L]+Z/);
  });
});

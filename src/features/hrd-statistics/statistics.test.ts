import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { sealContext } from '../hrd-cases/protected-fields.js';
import { findTermByCode } from '../hrd-vocabularies/vocabularies.repository.js';
import { buildProvinceMap, simplifyLine } from './map/province-shapes.js';
import type { Place, VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import { buildApp } from '../../app.js';
import { CellKeys, perturb, ROUNDING_BASE } from './statistics.cell-key.js';
import { guardCsvCell } from '../../web/csv-guard.js';
import { BREAKDOWNS, mapClass, presentStatistics, statisticsCsv, tabulate } from './statistics.presenter.js';
import type { ActRow } from './statistics.repository.js';
import { parsePortalQuery, parseYears, STATUS_CHOICES, type StatusChoice } from './statistics.schema.js';

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

/** Table cells of the page: breakdown → code → published count. */
function pageTables(html: string): Map<string, Map<string, number>> {
  const tables = new Map<string, Map<string, number>>();
  for (const table of html.matchAll(/<table id="[^"]*" data-breakdown="([a-zA-Z]+)">([\s\S]*?)<\/table>/g)) {
    const cells = new Map<string, number>();
    for (const row of table[2]!.matchAll(/<tr data-code="([^"]+)">[\s\S]*?data-count="(\d+)"/g)) cells.set(row[1]!, Number(row[2]));
    tables.set(table[1]!, cells);
  }
  return tables;
}

const totalOf = (html: string) => {
  const m = /data-acts="(\d+)"/.exec(html);
  assert.ok(m, 'the page states its total');
  return Number(m[1]);
};

const mapClasses = (html: string) => {
  const svg = /<svg class="chart chart--map"[\s\S]*?<\/svg>/.exec(html)![0];
  return new Map([...svg.matchAll(/<path class="map__province map__province--c(\d)" d="[^"]+" data-iso="([^"]+)"/g)].map((m) => [m[2]!, Number(m[1])]));
};

const parseCsv = (body: string) => parse(body, { bom: true }) as string[][];

// ---------------------------------------------------------------------------------------------
// An oracle: true counts worked out from a fixture in plain code, independent of the code under test.

interface OracleAct extends FixtureAct {
  caseRef: string;
  year: number;
  province: string;
  category: string;
}
const flatten = (fixture: FixtureCase[]): OracleAct[] =>
  fixture.flatMap((c) => c.acts.map((act) => ({ ...act, caseRef: c.ref, year: Number(c.day.slice(0, 4)), province: c.province, category: c.category })));

/** A public view: the query of the portal (a leaf act type only, so no narrower terms to include). */
type View = Partial<Record<'years' | 'province' | 'act' | 'perpetrator' | 'right' | 'status', string>>;

function selects(view: View, act: OracleAct): boolean {
  const years = view.years === undefined ? undefined : parseYears(view.years);
  const statuses: readonly string[] = STATUS_CHOICES[(view.status ?? 'default') as StatusChoice];
  return (
    statuses.includes(act.verification) &&
    (!years || (act.year >= years.from && act.year <= years.to)) &&
    (view.province === undefined || act.province === view.province) &&
    (view.act === undefined || act.act === view.act) &&
    (view.perpetrator === undefined || act.perpetrators.includes(view.perpetrator)) &&
    (view.right === undefined || act.rights.includes(view.right))
  );
}

/** Every cell a view publishes, keyed `total`, `year:2019`, `province:12`, `actType:threat`…: true counts. */
function trueCells(acts: OracleAct[]): Map<string, number> {
  const cells = new Map<string, number>([['total', acts.length]]);
  const add = (key: string) => cells.set(key, (cells.get(key) ?? 0) + 1);
  for (const act of acts) {
    add(`year:${act.year}`);
    add(`province:${act.province}`);
    add(`actType:${act.act}`);
    add(`hrdCategory:${act.category}`);
    for (const p of new Set(act.perpetrators)) add(`perpetratorType:${p}`);
  }
  return cells;
}

interface PortalJson {
  total: { acts: number; cases: number };
  disclosureControl: { method: string; roundingBase: number; periodYears: number; additive: boolean; note: string };
  breakdowns: Record<string, Array<{ code: string; label: string; count: number; iso?: string }>>;
}

/** The published cells of a JSON answer, keyed like trueCells (a kind not listed is 0). */
function publishedCells(json: PortalJson): Map<string, number> {
  const cells = new Map<string, number>([['total', json.total.acts]]);
  for (const key of BREAKDOWNS) for (const c of json.breakdowns[key]!) cells.set(`${key}:${c.code}`, c.count);
  return cells;
}

/** A published value is the true count rounded down or up to a multiple of 3; a multiple of 3 is exact. */
function assertRounded(published: number, trueCount: number, label: string): void {
  assert.equal(published % ROUNDING_BASE, 0, `${label}: ${published} is a multiple of 3`);
  assert.ok(Math.abs(published - trueCount) < ROUNDING_BASE, `${label}: ${published} is within 2 of ${trueCount}`);
  if (trueCount % ROUNDING_BASE === 0) assert.equal(published, trueCount, `${label}: a multiple of 3 is exact`);
}

const queryOf = (view: View) => new URLSearchParams(Object.entries(view).filter(([, v]) => v !== undefined) as Array<[string, string]>).toString();

for (const engine of testEngines()) {
  describe(`human rights portal (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      await insertFixture(t);
    });
    after(() => t.close());

    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const acts = flatten(FIXTURE);

    it('counts only confirmed and likely acts by default, each number rounded from the count by hand', async () => {
      const res = await get('/en/human-rights-portal');
      assert.equal(res.statusCode, 200);
      // 12 acts (a multiple of 3, so exact) in 8 cases (published as 6 or 9).
      assert.equal(totalOf(res.body), 12);
      assert.match(res.body, /12 acts in (6|9) cases match these filters \(rounded\)/);
      assert.match(res.body, /only acts our monitors have confirmed or judge likely/);
      const tables = pageTables(res.body);
      assert.deepEqual([...tables.get('year')!], [['2019', 3], ['2020', 3], ['2021', 6]]);
      // Threats 5, seven kinds with one act each: 3 or 6, and 0 or 3 (then listed only if 3).
      const kinds = tables.get('actType')!;
      assertRounded(kinds.get('threat')!, 5, 'threat');
      for (const [code, count] of kinds) if (code !== 'threat') assert.equal(count, 3, `${code}: a listed kind of one act shows 3`);
      assert.ok([...kinds.values()].every((c) => c > 0), 'a kind published as 0 is not listed');
      const perpetrators = tables.get('perpetratorType')!;
      assertRounded(perpetrators.get('police')!, 5, 'police');
      assertRounded(perpetrators.get('local_authority')!, 4, 'local authorities');
      assert.equal(perpetrators.has('private_security'), false, 'act 7 is only possible');
      assertRounded(tables.get('hrdCategory')!.get('journalist')!, 5, 'journalists');
      assertRounded(tables.get('hrdCategory')!.get('land_defender')!, 3, 'land defenders');
      const provinces = tables.get('province')!;
      assert.equal(provinces.size, 25);
      assertRounded(provinces.get('12')!, 7, 'Phnom Penh');
      assertRounded(provinces.get('09')!, 2, 'Koh Kong');
      assert.equal(provinces.get('08'), 3, 'Kandal, 3: exact');
      assert.equal(provinces.get('01'), 0);
      // Every published value of the page, against the fixture.
      const expected = trueCells(acts.filter((a) => selects({}, a)));
      for (const [key, cells] of tables) for (const [code, count] of cells) assertRounded(count, expected.get(`${key}:${code}`) ?? 0, `${key}:${code}`);
      assert.doesNotMatch(res.body, /Victim [A-H]|Case [A-H]/, 'no case text reaches the page');
    });

    it('publishes the same numbers on the page, in the CSV and in the JSON', async () => {
      for (const query of ['', '?status=reported', '?province=12', '?years=2021', '?years=2020-2024&perpetrator=police']) {
        const page = pageTables((await get(`/en/human-rights-portal${query}`)).body);
        const total = totalOf((await get(`/en/human-rights-portal${query}`)).body);
        const csv = parseCsv((await get(`/en/human-rights-portal/statistics.csv${query}`)).body);
        const json = (await get(`/en/human-rights-portal/statistics.json${query}`)).json() as PortalJson;
        assert.equal(Number(csv[1]![3]), total, query);
        assert.equal(json.total.acts, total, query);
        assert.equal(Number(csv[2]![3]), json.total.cases, query);
        for (const key of BREAKDOWNS) {
          const fromCsv = new Map(csv.filter((r) => r[0] === key).map((r) => [r[1]!, Number(r[3])]));
          const fromJson = new Map(json.breakdowns[key]!.map((c) => [c.code, c.count]));
          assert.deepEqual(new Map([...fromCsv].sort()), new Map([...fromJson].sort()), `${query} ${key} CSV and JSON`);
          // A breakdown published as all zeros has no table on the page, only "No act".
          const table = page.get(key);
          if (table) assert.deepEqual(new Map([...table].sort()), new Map([...fromJson].sort()), `${query} ${key} page`);
          else assert.ok([...fromJson.values()].every((count) => count === 0), `${query} ${key}: no table, all zeros`);
        }
      }
    });

    it('draws every chart with a captioned table beside it', async () => {
      const res = await get('/en/human-rights-portal');
      assert.equal((res.body.match(/<svg class="chart /g) ?? []).length, 5);
      assert.equal((res.body.match(/<caption>/g) ?? []).length, 5);
      assert.match(res.body, /<th scope="col">Year<\/th>/);
      assert.match(res.body, /<th scope="row">2021<\/th>/);
      assert.match(res.body, /role="img" aria-labelledby="chart-years-title"/);
    });

    it('shades the map of 25 provinces by published count, with a title per province, a legend and the attribution', async () => {
      const res = await get('/en/human-rights-portal');
      const classes = mapClasses(res.body);
      const provinces = pageTables(res.body).get('province')!;
      assert.equal(classes.size, 25);
      assert.equal(classes.get('KH-8'), 1, 'Kandal, 3 acts: the 1–5 class');
      assert.equal(classes.get('KH-12'), mapClass(provinces.get('12')!));
      assert.equal(classes.get('KH-1'), 0);
      assert.equal(mapClass(6), 2);
      assert.equal(mapClass(60), 5);
      assert.match(res.body, new RegExp(`<title>Phnom Penh Capital: ${provinces.get('12')} acts</title>`));
      assert.match(res.body, /<title>Kandal: 3 acts<\/title>/);
      assert.match(res.body, /Province boundaries © OpenStreetMap contributors, via geoBoundaries \(ODbL\)/);
      assert.match(res.body, /Number of acts/);
    });

    it('teases the portal on the home page with its total and its chart by year, in both languages', async () => {
      const portal = await get('/en/human-rights-portal');
      const acts = /<p class="portal__total" role="status" data-acts="(\d+)">/.exec(portal.body)?.[1];
      assert.ok(acts && Number(acts) > 0);
      const home = await get('/en/');
      const teaser = /<section class="home-section stats-teaser"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? '';
      assert.match(teaser, new RegExp(`documented ${acts} acts against human rights defenders`));
      assert.match(teaser, /<svg class="chart chart--years"/);
      assert.match(teaser, /<a href="\/en\/human-rights-portal">Explore the Human Rights Portal<\/a>/);
      const km = await get('/km/');
      assert.match(km.body, /<a href="\/km\/human-rights-portal">ស្វែងយល់បន្ថែមនៅវិបផតថលសិទ្ធិមនុស្ស<\/a>/);
    });

    it('names each province on the map on hover and focus, as a link to the portal filtered by it, in both languages', async () => {
      const en = await get('/en/human-rights-portal');
      const kandal = /<a class="map__link" href="([^"]+)" aria-label="Kandal: 3 acts">[\s\S]*?<text class="map__name"[^>]*>Kandal<\/text><\/a>/.exec(en.body);
      assert.equal(kandal?.[1], '/en/human-rights-portal?province=08#provinces');
      assert.equal((en.body.match(/<a class="map__link"/g) ?? []).length, 25);
      const km = await get('/km/human-rights-portal');
      assert.match(km.body, /<a class="map__link" href="\/km\/human-rights-portal\?province=08#provinces" aria-label="កណ្ដាល[^"]*">/);
      assert.equal((await get(kandal![1]!.replace('#provinces', ''))).statusCode, 200);
    });

    it('applies each filter, years as one year or one fixed period', async () => {
      const check = async (view: View) => {
        const res = await get(`/en/human-rights-portal?${queryOf(view)}`);
        assert.equal(res.statusCode, 200, queryOf(view));
        assertRounded(totalOf(res.body), acts.filter((a) => selects(view, a)).length, queryOf(view));
        return res;
      };
      // Verification: "possible" brings act 7 (Koh Kong, 2020): 13 acts, exact as 12 + 1 is not.
      await check({ status: 'reported' });
      // One act: 0 or 3, and the page says what 0 means.
      const one = await check({ status: 'possible' });
      if (totalOf(one.body) === 0) assert.match(one.body, /0 acts match these filters \(rounded\): there are none, or fewer than 3/);
      assert.equal(totalOf((await check({ province: '12' })).body) % 3, 0);
      await check({ right: 'expression' });
      await check({ perpetrator: 'police' });
      await check({ act: 'threat' });
      // Years: 2020 alone is acts 4, 5, 6; a period covers its five years in the time series.
      let res = await check({ years: '2020' });
      assert.deepEqual([...pageTables(res.body).get('year')!], [['2020', 3]]);
      res = await check({ years: '2020-2024' });
      assert.deepEqual([...pageTables(res.body).get('year')!].map(([y]) => y), ['2020', '2021', '2022', '2023', '2024']);
      assert.equal(totalOf((await check({ years: '2015-2019' })).body), 3);
      assert.equal(totalOf((await check({ years: '2010-2014' })).body), 0);
      assert.match((await get('/en/human-rights-portal?years=2010-2014')).body, /0 acts match these filters/);
      res = await get('/en/human-rights-portal?years=&right=&act=&perpetrator=&province=&status=');
      assert.equal(totalOf(res.body), 12, 'empty values mean "any"');
    });

    it('offers years as fixed periods and single years only, and refuses any other range', async () => {
      const page = await get('/en/human-rights-portal');
      assert.match(page.body, /<select id="portal-years" name="years"/);
      assert.match(page.body, /<option value="2015-2019">2015–2019<\/option>/);
      assert.match(page.body, /<option value="2020-2024">2020–2024<\/option>/);
      assert.match(page.body, /<option value="2021">\u00a0\u00a0\u00a02021<\/option>/);
      assert.doesNotMatch(page.body, /name="from"|name="to"/);
      for (const years of ['2019-2021', '2021-2022', '2020-2023', '2021-2025', '2020-2029', '2020-', '20', '2019-2019x']) {
        const res = await get(`/en/human-rights-portal/statistics.json?years=${years}`);
        assert.equal(res.statusCode, 400, years);
      }
    });

    it('states the rounding method and the year periods in both languages', async () => {
      const en = await get('/en/human-rights-portal');
      assert.match(en.body, /every number on this page and in the downloads is rounded to a multiple of 3/);
      assert.match(en.body, /The same acts always give the same number, whichever filters you use/);
      assert.match(en.body, /so a breakdown may not add up exactly to its total/);
      assert.match(en.body, /This is the cell key method used by statistical offices/);
      assert.match(en.body, /a fixed period of 5 years \(such as 2020–2024\), not as any range/);
      const km = await get('/km/human-rights-portal');
      assert.match(km.body, /ត្រូវបានបង្គត់ទៅពហុគុណនៃ ៣/);
      assert.match(km.body, /នេះជាវិធីសាស្ត្រកូនសោក្រឡា/);
      assert.match(km.body, /រយៈពេលថេរ ៥ ឆ្នាំ/);
    });

    it('refuses bad filter values with a localized 400, keeping the form', async () => {
      for (const query of ['years=abc', 'years=2021-2019', 'act=nope', 'right=expression%27--', 'province=99', 'province=1', 'status=unlikely', 'years=2019&years=2020', 'perpetrator=' + 'x'.repeat(300)]) {
        const res = await get(`/en/human-rights-portal?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.body, /Some filters could not be used/, query);
        assert.match(res.body, /<form class="filters" method="get"/);
        assert.doesNotMatch(res.body, /data-acts=/, 'no figures for filters that could not be used');
      }
      const kept = await get('/en/human-rights-portal?act=nope&province=12');
      assert.match(kept.body, /<option value="12" selected>/, 'valid values are kept');
      assert.match(kept.body, /Choose a kind of act from the list/);
      const km = await get('/km/human-rights-portal?years=abc');
      assert.equal(km.statusCode, 400);
      assert.match(km.body, /សូមជ្រើសរើសឆ្នាំ ឬរយៈពេលពីបញ្ជី/);
      for (const url of ['/en/human-rights-portal/statistics.csv?act=nope', '/km/human-rights-portal/statistics.json?years=1']) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.headers['content-type'] as string, /text\/html/);
      }
    });

    it('offers a CSV with a BOM and the method in its note', async () => {
      const res = await get('/en/human-rights-portal/statistics.csv?status=reported');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
      assert.match(res.headers['content-disposition'] as string, /attachment; filename="human-rights-portal-en\.csv"/);
      assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
      const rows = parseCsv(res.body);
      assert.deepEqual(rows[0], ['Breakdown', 'Code', 'Label', 'Count', 'Note']);
      assert.deepEqual(rows[1]!.slice(0, 3), ['total', 'total', 'Total']);
      assertRounded(Number(rows[1]![3]), 13, 'total');
      assert.equal(rows[1]![4], 'Rounded to a multiple of 3 by the cell key method; breakdowns may not add up to the total.');
      assert.ok(rows.slice(1).every((r) => /^\d+$/.test(r[3]!) && Number(r[3]) % 3 === 0), 'every count a multiple of 3');
      const again = await get('/en/human-rights-portal/statistics.csv?status=reported');
      assert.equal(again.body, res.body);
      assert.match(again.headers['content-disposition'] as string, /attachment/);
    });

    it('writes Khmer labels and the Khmer note in the Khmer CSV', async () => {
      const rows = parseCsv((await get('/km/human-rights-portal/statistics.csv')).body);
      assert.deepEqual(rows[0], ['ការបែងចែក', 'កូដ', 'ស្លាក', 'ចំនួន', 'កំណត់សម្គាល់']);
      assert.deepEqual(rows[1]!.slice(0, 4), ['total', 'total', 'សរុប', '12']);
      assert.match(rows[1]![4]!, /បានបង្គត់ទៅពហុគុណនៃ 3/);
      assert.match(rows.find((r) => r[0] === 'province' && r[1] === '12')![2]!, /ភ្នំពេញ/);
      const page = await get('/km/human-rights-portal');
      assert.match(page.body, /<td class="num" data-count="3">៣<\/td>/, 'Khmer numerals in the tables');
    });

    it('offers the same counts as JSON with the method, never row-level data', async () => {
      const res = await get('/en/human-rights-portal/statistics.json?province=12');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const data = res.json() as PortalJson & { unit: string; filters: { province: string; verification: string[] } };
      assert.equal(data.unit, 'act');
      assert.deepEqual(data.filters.verification, ['confirmed', 'likely']);
      assert.equal(data.filters.province, '12');
      assert.deepEqual({ ...data.disclosureControl, note: '' }, { method: 'cell-key-random-rounding', roundingBase: 3, periodYears: 5, additive: false, note: '' });
      assert.match(data.disclosureControl.note, /cell key method/);
      // Acts 1, 2, 3, 4, 5, 10, 11 in cases A, B, C, F, G.
      assertRounded(data.total.acts, 7, 'acts');
      assertRounded(data.total.cases, 5, 'cases');
      assert.doesNotMatch(res.body, /Enc"|Victim|dv1\./);
    });

    it('is page-cached and reads no sealed column', async () => {
      const first = await get('/en/human-rights-portal?right=assembly');
      const second = await get('/en/human-rights-portal?right=assembly');
      assert.equal(second.headers['x-page-cache'], 'hit');
      assert.equal(second.body, first.body);
      const here = path.dirname(fileURLToPath(import.meta.url));
      for (const file of ['statistics.repository.ts', 'statistics.routes.tsx', 'statistics.presenter.ts', 'statistics.cell-key.ts']) {
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
 * Differencing, against a fixture where exact counts leak through nested views: Koh Kong has one
 * act in 2019 and two in 2021, Kandal one in 2018, and every kind, perpetrator and right has a
 * small count somewhere. Published exactly, "2015–2019" minus "2018" or minus "2019" would name
 * them, as would the province cells of a period minus those of a year inside it.
 *
 *   case  year  province  act              verification  perpetrator      right         defender   acts
 *   P1    2019  12        threat           confirmed     police           expression    journalist   10
 *   P2    2020  12        threat           likely        police           expression    journalist    4
 *   K1    2019  09        assault          confirmed     judiciary        fair_trial    land          1
 *   K2    2021  09        forced_eviction  confirmed     private_company  land_housing  land          2
 *   D1    2022  08        forced_eviction  likely        private_company  land_housing  community     5
 *         2022  08        assault          possible      police           torture       community     1
 *   D2    2018  08        threat           confirmed     local_authority  expression    community     1
 */
const SWEEP_FIXTURE: FixtureCase[] = [
  { ref: 'P1', day: '2019-05-01', province: '12', category: 'journalist', acts: Array.from({ length: 10 }, () => a('threat', 'confirmed', ['police'], ['expression'])) },
  { ref: 'P2', day: '2020-03-01', province: '12', category: 'journalist', acts: Array.from({ length: 4 }, () => a('threat', 'likely', ['police'], ['expression'])) },
  { ref: 'K1', day: '2019-08-01', province: '09', category: 'land_defender', acts: [a('assault', 'confirmed', ['judiciary'], ['fair_trial'])] },
  { ref: 'K2', day: '2021-02-01', province: '09', category: 'land_defender', acts: Array.from({ length: 2 }, () => a('forced_eviction', 'confirmed', ['private_company'], ['land_housing'])) },
  {
    ref: 'D1',
    day: '2022-06-01',
    province: '08',
    category: 'community_activist',
    acts: [...Array.from({ length: 5 }, () => a('forced_eviction', 'likely', ['private_company'], ['land_housing'])), a('assault', 'possible', ['police'], ['freedom_from_torture'])],
  },
  { ref: 'D2', day: '2018-01-01', province: '08', category: 'community_activist', acts: [a('threat', 'confirmed', ['local_authority'], ['expression'])] },
];

/** Every year choice the form offers for these data: all years, each fixed period, each year. */
const YEAR_CHOICES = [undefined, '2015-2019', '2020-2024', '2018', '2019', '2020', '2021', '2022'];
/** One filter of each kind, each value in the data (and the verification choices). */
const ONE_FILTERS: View[] = [
  {},
  ...['12', '09', '08'].map((province) => ({ province })),
  ...['threat', 'assault', 'forced_eviction'].map((act) => ({ act })),
  ...['police', 'judiciary', 'private_company', 'local_authority'].map((perpetrator) => ({ perpetrator })),
  ...['expression', 'fair_trial', 'land_housing', 'freedom_from_torture'].map((right) => ({ right })),
  ...['confirmed', 'likely', 'possible', 'reported'].map((status) => ({ status })),
];

const spanOf = (years: string | undefined) => (years === undefined ? { from: -Infinity, to: Infinity } : parseYears(years)!);

for (const engine of testEngines()) {
  describe(`human rights portal differencing (${engine})`, () => {
    let t: TestContext;
    const acts = flatten(SWEEP_FIXTURE);
    const views: Array<{ view: View; published: Map<string, number>; actSet: Set<OracleAct> }> = [];
    before(async () => {
      t = await createTestApp(engine);
      await insertFixture(t, SWEEP_FIXTURE);
      for (const years of YEAR_CHOICES) {
        for (const filter of ONE_FILTERS) {
          const view: View = { ...filter, ...(years ? { years } : {}) };
          const res = await t.app.inject({ method: 'GET', url: `/en/human-rights-portal/statistics.json?${queryOf(view)}` });
          assert.equal(res.statusCode, 200, queryOf(view));
          views.push({ view, published: publishedCells(res.json() as PortalJson), actSet: new Set(acts.filter((x) => selects(view, x))) });
        }
      }
    });
    after(() => t.close());

    it('accepts only year choices that are apart or nested, never partly overlapping', () => {
      for (const a of YEAR_CHOICES) {
        for (const b of YEAR_CHOICES) {
          const [x, y] = [spanOf(a), spanOf(b)];
          const apart = x.to < y.from || y.to < x.from;
          const nested = (x.from <= y.from && y.to <= x.to) || (y.from <= x.from && x.to <= y.to);
          assert.ok(apart || nested, `${a} and ${b}`);
        }
      }
      for (const text of ['2019-2021', '2016-2020', '2020-2025']) assert.equal(parseYears(text), undefined, text);
      assert.equal(parsePortalQuery({ years: '2018-2022' }).ok, false);
    });

    it('publishes every number as a rounding of its true count', () => {
      for (const { view, published, actSet } of views) {
        const truth = trueCells([...actSet]);
        for (const [key, count] of published) assertRounded(count, truth.get(key) ?? 0, `${queryOf(view)} ${key}`);
        for (const [key, count] of truth) if (!published.has(key)) assert.ok(count < 3 && key !== 'total', `${queryOf(view)} ${key}: ${count} acts, not listed`);
      }
    });

    it('never gives a small count away as the difference of two views that differ in the years or in one filter', () => {
      // Pairs: the same filter with nested year choices, and the same years with one filter added
      // (or a narrower verification). Each cell of the difference that holds 1 or 2 acts is a count
      // the portal must not reveal: the difference of the published numbers must not equal it.
      const sameExcept = (a: View, b: View, key: keyof View) =>
        (['years', 'province', 'act', 'perpetrator', 'right', 'status'] as const).every((k) => k === key || a[k] === b[k]);
      let targets = 0;
      for (const outer of views) {
        for (const inner of views) {
          if (outer === inner || ![...inner.actSet].every((x) => outer.actSet.has(x))) continue;
          const differsInOne = (['years', 'province', 'act', 'perpetrator', 'right', 'status'] as const).some((k) => sameExcept(outer.view, inner.view, k));
          if (!differsInOne) continue;
          const rest = trueCells([...outer.actSet].filter((x) => !inner.actSet.has(x)));
          for (const [key, count] of rest) {
            if (count < 1 || count > 2) continue;
            targets += 1;
            const difference = (outer.published.get(key) ?? 0) - (inner.published.get(key) ?? 0);
            assert.notEqual(difference, count, `${queryOf(outer.view) || 'all'} minus ${queryOf(inner.view)}, ${key}: gives ${count} away`);
          }
        }
      }
      assert.ok(targets > 500, `${targets} small differences tried`);
    });

    it('publishes the same number for the same acts, whichever query reaches them', () => {
      const find = (view: View) => views.find((v) => queryOf(v.view) === queryOf(view))!;
      const filterOf: Record<string, keyof View> = { province: 'province', actType: 'act', perpetratorType: 'perpetrator', year: 'years' };
      let compared = 0;
      for (const { view, published } of views) {
        for (const [key, count] of published) {
          const [breakdown, code] = key.split(':') as [string, string];
          const filter = filterOf[breakdown];
          if (!filter || view[filter] !== undefined) continue;
          const narrower = find({ ...view, [filter]: code });
          if (!narrower) continue;
          compared += 1;
          // The cell of this view and the total of the view filtered on it are the same acts.
          assert.equal(narrower.published.get('total'), count, `${queryOf(view) || 'all'} ${key} against ${queryOf(narrower.view)}`);
        }
      }
      assert.ok(compared > 50, `${compared} cells compared`);
    });

    it('gives the same numbers after a restart with the same secret, and others with another secret', async () => {
      const json = async (app: typeof t.app) => (await app.inject({ method: 'GET', url: '/en/human-rights-portal/statistics.json?status=reported' })).body;
      const before = await json(t.app);
      const restarted = await buildApp({ config: t.config, db: t.db, logger: false });
      const other = await buildApp({ config: { ...t.config, sessionSecret: 'another secret of at least 32 characters' }, db: t.db, logger: false });
      try {
        assert.equal(await json(restarted), before);
        assert.notEqual(await json(other), before);
      } finally {
        await restarted.close();
        await other.close();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The method on its own

describe('cell key rounding', () => {
  it('publishes multiples of 3 within 2 of the true count, 1 and 2 as 0 or 3, unbiased over the keys', () => {
    const steps = 300;
    for (let count = 0; count <= 40; count += 1) {
      let sum = 0;
      for (let i = 0; i < steps; i += 1) {
        const value = perturb(count, (i + 0.5) / steps);
        assertRounded(value, count, String(count));
        if (count === 1 || count === 2) assert.ok(value === 0 || value === 3, `${count} published as ${value}`);
        sum += value;
      }
      assert.ok(Math.abs(sum / steps - count) < 0.02, `${count}: average ${sum / steps}`);
    }
  });

  it('keys a cell by its records only, stable for one secret and different for another', () => {
    const keys = new CellKeys('a secret of at least thirty-two characters');
    const again = new CellKeys('a secret of at least thirty-two characters');
    const other = new CellKeys('another secret of thirty-two characters');
    assert.equal(keys.cellKey('act', [1, 2, 3]), keys.cellKey('act', [3, 1, 2]), 'order does not matter');
    assert.equal(keys.cellKey('act', [1, 2, 3]), again.cellKey('act', [1, 2, 3]), 'a restart keeps the keys');
    assert.notEqual(keys.cellKey('act', [1, 2, 3]), other.cellKey('act', [1, 2, 3]));
    assert.notEqual(keys.recordKey('act', 1), keys.recordKey('case', 1), 'an act and a case are unrelated');
    const fractions = Array.from({ length: 2000 }, (_, i) => keys.cellKey('act', [i]));
    const low = fractions.filter((f) => f < 1 / 3).length;
    assert.ok(low > 550 && low < 780, `${low} of 2000 keys below 1/3`);
    assert.ok(fractions.every((f) => f >= 0 && f < 1));
  });

  it('tabulates cells with their true counts and keys, and presents rounded ones', () => {
    const keys = new CellKeys('a secret of at least thirty-two characters');
    const rows: ActRow[] = [1, 2, 3, 4].map((id) => ({ id, caseId: id < 3 ? 1 : 2, year: id < 4 ? 2020 : 2021, actTypeId: 1, hrdCategoryId: null, provinceId: null }));
    const tab = tabulate(rows, [{ actId: 4, perpetratorTypeId: 9 }], keys);
    assert.deepEqual(tab.acts, { key: null, count: 4, cellKey: keys.cellKey('act', [1, 2, 3, 4]) });
    assert.deepEqual(tab.cases, { key: null, count: 2, cellKey: keys.cellKey('case', [1, 2]) });
    assert.deepEqual(tab.byYear, [
      { key: 2020, count: 3, cellKey: keys.cellKey('act', [1, 2, 3]) },
      { key: 2021, count: 1, cellKey: keys.cellKey('act', [4]) },
    ]);
    assert.deepEqual(tab.byPerpetratorType, [{ key: 9, count: 1, cellKey: keys.cellKey('act', [4]) }]);
    const stats = presentStatistics(tab, { terms: [], provinces: [] }, 'en', { first: 2020, last: 2021 });
    assert.equal(stats.acts, perturb(4, tab.acts.cellKey));
    assert.deepEqual(stats.breakdowns.year, [
      { code: '2020', label: '2020', count: 3 },
      { code: '2021', label: '2021', count: perturb(1, tab.byYear[1]!.cellKey) },
    ]);
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
    const keys = new CellKeys('a secret of at least thirty-two characters');
    const rows: ActRow[] = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, caseId: 1, year: 2020, actTypeId: 1 + (i % 3), hrdCategoryId: null, provinceId: null }));
    const terms = ['=1+2', '@cmd', '-2'].map((label, i) => ({ id: i + 1, vocabulary: 'act_type', code: `k${i}`, parentId: null, position: i, labels: [{ locale: 'en', text: label }, { locale: 'km', text: label }], descriptions: [], active: 1, createdAt: '', updatedAt: '' }) as VocabularyTerm);
    const csv = parse(statisticsCsv(presentStatistics(tabulate(rows, [], keys), { terms, provinces: [] as Place[] }, 'en', undefined), 'en'), { bom: true }) as string[][];
    const labels = Object.fromEntries(csv.filter((r) => r[0] === 'actType').map((r) => [r[1], r[2]]));
    assert.deepEqual(labels, { k0: "'=1+2", k1: "'@cmd", k2: "'-2" });
    assert.deepEqual(csv.find((r) => r[1] === 'k0')?.[3], '3', 'counts stay plain digits');
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

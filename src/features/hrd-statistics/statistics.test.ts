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
import { mapClass } from './statistics.presenter.js';

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

async function insertFixture(t: TestContext): Promise<void> {
  const vault = t.app.vault;
  const now = new Date().toISOString();
  const term = async (vocabulary: Parameters<typeof findTermByCode>[1], code: string) => (await findTermByCode(t.db, vocabulary, code))!.id;
  for (const c of FIXTURE) {
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
      const acts = tables.get('actType')!;
      assert.equal(acts.get('threat'), 5);
      for (const code of ['arbitrary_arrest', 'assault', 'forced_eviction', 'criminal_charge', 'dispersal', 'event_ban', 'surveillance']) assert.equal(acts.get(code), null, code);
      assert.equal(acts.size, 8);
      assert.equal([...acts.keys()][0], 'threat', 'published counts come first');
      // Perpetrators: police 5 (1, 2, 4, 5, 11), local authorities 4 (3, 12, 13, 14); judiciary 2, company 1, unidentified 1 hidden.
      const perpetrators = tables.get('perpetratorType')!;
      assert.equal(perpetrators.get('police'), 5);
      assert.equal(perpetrators.get('local_authority'), 4);
      assert.equal(perpetrators.get('judiciary'), null);
      assert.equal(perpetrators.get('private_company'), null);
      assert.equal(perpetrators.get('unidentified'), null);
      assert.equal(perpetrators.has('private_security'), false, 'act 7 is only possible');
      // Defenders: journalist 5, land 3, community 3, youth 1. Youth is hidden alone, so the
      // smallest other count (community, first in vocabulary order on a tie) is hidden too.
      const defenders = tables.get('hrdCategory')!;
      assert.equal(defenders.get('journalist'), 5);
      assert.equal(defenders.get('land_defender'), 3);
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

      // Province 12: acts 1, 2, 3, 4, 5, 10, 11; 2020 and 2021 have two each, both hidden.
      res = await get('/en/human-rights-portal?province=12');
      assert.equal(totalOf(res.body), 7);
      assert.deepEqual([...pageTables(res.body).get('year')!], [['2019', 3], ['2020', null], ['2021', null]]);

      // Right: expression on acts 1, 2, 3, 4, 10, 13.
      res = await get('/en/human-rights-portal?right=expression');
      assert.equal(totalOf(res.body), 6);
      // A broader act type includes its narrower ones: threats and surveillance, acts 1, 3, 4, 10, 13, 14.
      res = await get('/en/human-rights-portal?act=intimidation');
      assert.equal(totalOf(res.body), 6);
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
      // Nothing in Koh Kong in 2019.
      res = await get('/en/human-rights-portal?province=09&from=2019&to=2019');
      assert.equal(totalOf(res.body), 0);
      assert.match(res.body, /No act matches these filters/);
      // Combined: threats by the police, 2019–2020: acts 1 and 4.
      res = await get('/en/human-rights-portal?act=threat&perpetrator=police&from=2019&to=2020');
      assert.equal(totalOf(res.body), null);
      tables = pageTables(res.body);
      assert.equal(tables.get('province')!.get('12'), null);
      // Empty values mean "any".
      res = await get('/en/human-rights-portal?from=&to=&right=&act=&perpetrator=&province=&status=');
      assert.equal(totalOf(res.body), 12);
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
      assert.deepEqual(rows.find((r) => r[0] === 'actType' && r[1] === 'threat'), ['actType', 'threat', 'ការគំរាមកំហែង', '5', '']);
      assert.deepEqual(rows.find((r) => r[0] === 'province' && r[1] === '12')?.slice(3), ['7', '']);
      assert.match(rows.find((r) => r[0] === 'province' && r[1] === '12')![2]!, /ភ្នំពេញ/);
      const page = await get('/km/human-rights-portal');
      assert.match(page.body, /<th scope="row">ការគំរាមកំហែង<\/th><td class="num" data-count="5">៥<\/td>/);
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
        { code: '2019', label: '2019', count: 3 },
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

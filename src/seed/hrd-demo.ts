import { sql } from 'kysely';
import type { Vault } from '../crypto/envelope.js';
import type { Database, DbOrTx } from '../db/database.js';
import { isPostgres } from '../db/schema-helpers.js';
import { writeAudit } from '../features/audit/audit.repository.js';
import { sealPlace } from '../features/hrd-cases/case-record.js';
import type {
  CaseStatus,
  DateAccuracy,
  FundRequestStatus,
  HrdTimelineEntriesTable,
} from '../features/hrd-cases/cases.tables.js';
import { sealContext } from '../features/hrd-cases/protected-fields.js';
import type { Vocabulary } from '../features/hrd-vocabularies/vocabularies.tables.js';

/*
 * A clearly fictional set of human rights defender cases for demonstrations and a full public
 * portal on first start. Every person, group, place detail and story here is invented: names
 * are built from meaningless syllables and carry the word "Fictional"; nothing describes a real
 * case. The generator is deterministic (a seeded PRNG), so every install gets the same set.
 *
 * Protected fields are sealed through the vault exactly as real records are. Rows are written in
 * batches with ids assigned here (the tables are empty when this runs), which avoids one round
 * trip per row; PostgreSQL's identity sequences are moved past them at the end.
 */

export interface HrdDemoSummary {
  cases: number;
  victims: number;
  events: number;
  acts: number;
  sources: number;
  interventions: number;
  fundRequests: number;
  timelineEntries: number;
  milliseconds: number;
}

export interface HrdDemoOptions {
  /** How many cases (default 320). */
  cases?: number;
  seed?: number;
  /** The last day any event may fall on (default 2026-10-31). */
  lastDay?: string;
}

/** mulberry32: small, fast and good enough to pick demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of pairs) {
      r -= weight;
      if (r < 0) return value;
    }
    return pairs.at(-1)![0];
  }
  /** k distinct items. */
  some<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < k && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

// Syllables that make pronounceable but meaningless names.
const SYLLABLES = ['ro', 'vi', 'kha', 'len', 'tu', 'mor', 'sa', 'pel', 'na', 'ri', 'tho', 'vek', 'chu', 'lam', 'dor', 'ye', 'pan', 'sim', 'ku', 'rel'];

const YEAR_WEIGHTS: Array<[number, number]> = [
  [2013, 14], [2014, 16], [2015, 12], [2016, 14], [2017, 22], [2018, 18], [2019, 16],
  [2020, 20], [2021, 26], [2022, 20], [2023, 18], [2024, 24], [2025, 26], [2026, 20],
];

/** Gazetteer codes with weights: the capital and provinces with land conflicts see more. */
const PROVINCE_WEIGHTS: Array<[string, number]> = [
  ['12', 18], ['08', 6], ['09', 6], ['11', 6], ['16', 6], ['13', 5], ['17', 5], ['05', 5], ['04', 4], ['02', 4],
  ['18', 4], ['07', 3], ['10', 4], ['19', 4], ['01', 3], ['03', 3], ['06', 3], ['14', 3], ['15', 3], ['20', 2],
  ['21', 3], ['22', 3], ['23', 1], ['24', 1], ['25', 3],
];

type Group = 'judicial_harassment' | 'physical_violence' | 'intimidation' | 'restriction';

const ACT_WEIGHTS: Array<[string, number]> = [
  ['arbitrary_arrest', 9], ['criminal_charge', 10], ['court_summons', 8], ['conviction', 4], ['civil_lawsuit', 3],
  ['assault', 7], ['killing', 1], ['attempted_killing', 1], ['enforced_disappearance', 1],
  ['threat', 11], ['surveillance', 6], ['online_harassment', 6], ['stigmatisation', 3],
  ['dispersal', 7], ['event_ban', 5], ['travel_restriction', 3], ['confiscation', 3], ['forced_eviction', 4],
];

const GROUP_RIGHTS: Record<Group, string[]> = {
  judicial_harassment: ['liberty_security', 'fair_trial', 'expression', 'assembly'],
  physical_violence: ['life', 'freedom_from_torture', 'liberty_security'],
  intimidation: ['expression', 'privacy', 'association'],
  restriction: ['assembly', 'association', 'movement', 'land_housing'],
};

const GROUP_PERPETRATORS: Record<Group, Array<[string, number]>> = {
  judicial_harassment: [['judiciary', 6], ['police', 5], ['government_official', 2], ['private_company', 1]],
  physical_violence: [['police', 4], ['military_police', 3], ['private_security', 3], ['unidentified', 4], ['armed_forces', 1]],
  intimidation: [['local_authority', 4], ['unidentified', 4], ['government_official', 3], ['police', 2], ['other', 1]],
  restriction: [['local_authority', 5], ['police', 4], ['military_police', 2], ['private_company', 3], ['private_security', 1]],
};

const CATEGORY_WEIGHTS: Array<[string, number]> = [
  ['community_activist', 14], ['land_defender', 14], ['ngo_worker', 8], ['journalist', 8], ['lawyer', 3],
  ['trade_union_leader', 7], ['monk', 3], ['youth_activist', 8], ['women_rights_defender', 5], ['indigenous_defender', 5],
  ['online_activist', 5], ['other', 2],
];

const CATEGORY_RIGHTS: Record<string, string> = {
  land_defender: 'land_housing',
  indigenous_defender: 'healthy_environment',
  trade_union_leader: 'labour',
  journalist: 'expression',
  online_activist: 'expression',
};

const VERIFICATION_WEIGHTS: Array<[string, number]> = [['confirmed', 46], ['likely', 24], ['possible', 16], ['unlikely', 5], ['unknown', 9]];
const RELIABILITY_WEIGHTS: Array<[string, number]> = [['reliable', 30], ['usually_reliable', 30], ['fairly_reliable', 20], ['not_usually_reliable', 8], ['unknown', 12]];
const INVOLVEMENT_WEIGHTS: Array<[string, number]> = [['direct', 60], ['command', 12], ['complicit', 10], ['indirect', 8], ['unknown', 10]];

const SOURCE_KINDS = ['the victim', 'a family member', 'a community representative', 'a partner organisation', 'a news report', 'a lawyer', 'a witness'];

const TIMELINE_BY_GROUP: Record<Group, Array<HrdTimelineEntriesTable['kind']>> = {
  judicial_harassment: ['charge', 'hearing', 'verdict', 'release', 'note'],
  physical_violence: ['note', 'threat', 'hearing'],
  intimidation: ['threat', 'note'],
  restriction: ['note', 'threat', 'charge'],
};

const TIMELINE_TEXT: Record<HrdTimelineEntriesTable['kind'], string> = {
  charge: 'Fictional: the prosecutor added a charge of incitement.',
  arrest: 'Fictional: the defender was taken to the provincial police station.',
  hearing: 'Fictional: a court hearing took place; the defence asked for release on bail.',
  verdict: 'Fictional: the court handed down its verdict.',
  release: 'Fictional: the defender was released.',
  threat: 'Fictional: a new threat was received by telephone.',
  note: 'Fictional: monitors visited the family and updated the file.',
};

const INTERVENTION_STATUSES = ['planned', 'ongoing', 'completed', 'completed', 'cancelled'] as const;
const FUND_STATUSES: FundRequestStatus[] = ['requested', 'assessing', 'approved', 'declined', 'disbursed'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
const stamp = (day: string) => `${day}T09:00:00.000Z`;

/** Rows per INSERT statement: below both engines' bound-parameter limits for the widest table. */
const BATCH = 150;

async function insertAll<T extends keyof Database & string>(tx: DbOrTx, table: T, rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

/** Seals the fictional case records into empty case tables. Does nothing when cases exist. */
export async function seedHrdDemo(tx: DbOrTx, vault: Vault, options: HrdDemoOptions = {}): Promise<HrdDemoSummary | undefined> {
  const started = performance.now();
  const existing = await tx.selectFrom('hrdCases').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;

  const dice = new Dice(prng(options.seed ?? 20130501));
  const caseCount = options.cases ?? 320;
  const lastDay = options.lastDay ?? '2026-10-31';

  const terms = await tx.selectFrom('vocabularyTerms').select(['id', 'vocabulary', 'code', 'parentId']).execute();
  const termIds = new Map(terms.map((t) => [`${t.vocabulary}:${t.code}`, t.id]));
  const term = (vocabulary: Vocabulary, code: string): number => {
    const id = termIds.get(`${vocabulary}:${code}`);
    if (id === undefined) throw new Error(`Demo data needs the term ${vocabulary}:${code}`);
    return id;
  };
  const groupOf = new Map<string, Group>();
  for (const t of terms.filter((x) => x.vocabulary === 'act_type' && x.parentId !== null)) {
    groupOf.set(t.code, terms.find((p) => p.id === t.parentId)!.code as Group);
  }

  // The demo's invented case texts are written in English, so they name places in English.
  const places = await tx
    .selectFrom('places')
    .leftJoin('placeTranslations as name', (join) => join.onRef('name.placeId', '=', 'places.id').on('name.locale', '=', 'en'))
    .select(['places.id', 'places.level', 'places.code', 'places.parentId', (eb) => eb.fn.coalesce('name.name', 'places.code').as('nameEn')])
    .execute();
  const provinceByCode = new Map(places.filter((p) => p.level === 'province').map((p) => [p.code, p]));
  const childrenOf = new Map<number, typeof places>();
  for (const p of places) {
    if (p.parentId === null) continue;
    const list = childrenOf.get(p.parentId) ?? [];
    list.push(p);
    childrenOf.set(p.parentId, list);
  }

  const seal = {
    caseTitle: (v: string) => vault.seal(v, sealContext('hrd_cases', 'title_enc')),
    caseSummary: (v: string) => vault.seal(v, sealContext('hrd_cases', 'summary_enc')),
    eventDescription: (v: string) => vault.seal(v, sealContext('hrd_events', 'description_enc')),
    victimName: (v: string) => vault.seal(v, sealContext('hrd_victims', 'name_enc')),
    victimAffiliation: (v: string) => vault.seal(v, sealContext('hrd_victims', 'affiliation_enc')),
    victimContact: (v: string) => vault.seal(v, sealContext('hrd_victims', 'contact_enc')),
    victimNotes: (v: string) => vault.seal(v, sealContext('hrd_victims', 'notes_enc')),
    actNotes: (v: string) => vault.seal(v, sealContext('hrd_acts', 'notes_enc')),
    perpetratorName: (v: string) => vault.seal(v, sealContext('hrd_act_perpetrators', 'name_enc')),
    sourceName: (v: string) => vault.seal(v, sealContext('hrd_sources', 'name_enc')),
    sourceNotes: (v: string) => vault.seal(v, sealContext('hrd_sources', 'notes_enc')),
    interventionNotes: (v: string) => vault.seal(v, sealContext('hrd_interventions', 'notes_enc')),
    justification: (v: string) => vault.seal(v, sealContext('hrd_fund_requests', 'justification_enc')),
    assessment: (v: string) => vault.seal(v, sealContext('hrd_fund_requests', 'assessment_enc')),
    decisionNote: (v: string) => vault.seal(v, sealContext('hrd_fund_requests', 'decision_note_enc')),
    timeline: (v: string) => vault.seal(v, sealContext('hrd_timeline_entries', 'text_enc')),
  };

  const nextId = async (table: keyof Database & string) => {
    const row = await tx
      .selectFrom(table as 'hrdCases')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  };
  const ids = {
    case: await nextId('hrdCases'),
    event: await nextId('hrdEvents'),
    victim: await nextId('hrdVictims'),
    act: await nextId('hrdActs'),
    perpetrator: await nextId('hrdActPerpetrators'),
    source: await nextId('hrdSources'),
    intervention: await nextId('hrdInterventions'),
    fund: await nextId('hrdFundRequests'),
    timeline: await nextId('hrdTimelineEntries'),
  };

  const rows = {
    cases: [] as Array<Record<string, unknown>>,
    events: [] as Array<Record<string, unknown>>,
    victims: [] as Array<Record<string, unknown>>,
    acts: [] as Array<Record<string, unknown>>,
    rights: [] as Array<Record<string, unknown>>,
    perpetrators: [] as Array<Record<string, unknown>>,
    sources: [] as Array<Record<string, unknown>>,
    interventions: [] as Array<Record<string, unknown>>,
    fund: [] as Array<Record<string, unknown>>,
    timeline: [] as Array<Record<string, unknown>>,
  };

  const name = () => {
    const word = () => {
      const w = dice.some(SYLLABLES, dice.int(2, 3)).join('');
      return w.charAt(0).toUpperCase() + w.slice(1);
    };
    return `${word()} ${word()}`;
  };

  const seqByYear = new Map<number, number>();
  let fundCycle = 0;

  for (let n = 1; n <= caseCount; n += 1) {
    const caseId = ids.case++;
    const year = dice.weighted(YEAR_WEIGHTS);
    const firstDay = (() => {
      const d = iso(new Date(Date.UTC(year, dice.int(0, 11), dice.int(1, 28))));
      return d > lastDay ? addDays(lastDay, -dice.int(0, 200)) : d;
    })();
    const provinceCode = dice.weighted(PROVINCE_WEIGHTS);
    const province = provinceByCode.get(provinceCode)!;
    const mainAct = dice.weighted(ACT_WEIGHTS);
    const group = groupOf.get(mainAct)!;

    // Victims: one or two people, sometimes a group.
    const victims: Array<{ id: number; category: string; label: string }> = [];
    const people = dice.weighted([[1, 70], [2, 22], [3, 8]] as const);
    for (let v = 0; v < people; v += 1) {
      const id = ids.victim++;
      const category = dice.weighted(CATEGORY_WEIGHTS);
      const label = `Fictional defender ${pad(id, 4)} (${name()})`;
      victims.push({ id, category, label });
      rows.victims.push({
        id,
        caseId,
        kind: 'person',
        nameEnc: seal.victimName(label),
        groupSize: null,
        hrdCategoryId: dice.chance(0.95) ? term('hrd_category', category) : null,
        sex: dice.weighted([['female', 42], ['male', 52], ['other', 2], ['unknown', 4]] as const),
        ageGroup: dice.weighted([['youth', 22], ['adult', 64], ['older', 10], ['unknown', 4]] as const),
        affiliationEnc: dice.chance(0.6) ? seal.victimAffiliation(`Fictional ${dice.pick(['community network', 'association', 'union branch', 'youth group', 'media outlet'])} ${pad(dice.int(1, 99), 2)}`) : null,
        contactEnc: dice.chance(0.5) ? seal.victimContact(`+855 00 000 ${pad(id % 10000, 4)} (fictional)`) : null,
        notesEnc: dice.chance(0.3) ? seal.victimNotes('Fictional notes: prefers contact through the community representative.') : null,
        createdAt: stamp(firstDay),
        updatedAt: stamp(firstDay),
      });
    }
    if (dice.chance(0.12)) {
      const id = ids.victim++;
      const category = dice.pick(['community_activist', 'land_defender', 'indigenous_defender']);
      const size = dice.int(5, 80);
      const label = `Fictional community group ${pad(id, 4)} (${size} families)`;
      victims.push({ id, category, label });
      rows.victims.push({
        id,
        caseId,
        kind: 'group',
        nameEnc: seal.victimName(label),
        groupSize: size,
        hrdCategoryId: term('hrd_category', category),
        sex: 'unknown',
        ageGroup: 'unknown',
        affiliationEnc: null,
        contactEnc: null,
        notesEnc: null,
        createdAt: stamp(firstDay),
        updatedAt: stamp(firstDay),
      });
    }

    // Events: one to three, days to months apart; most in the case's province.
    const eventCount = dice.weighted([[1, 58], [2, 30], [3, 12]] as const);
    let day = firstDay;
    let lastEventDay = firstDay;
    for (let e = 0; e < eventCount; e += 1) {
      if (e > 0) day = addDays(day, dice.int(5, 160));
      if (day > lastDay) break;
      lastEventDay = day;
      const eventId = ids.event++;
      const accuracy: DateAccuracy = dice.weighted([['day', 82], ['month', 13], ['year', 3], ['approximate', 2]] as const);
      const occurredOn = accuracy === 'month' ? `${day.slice(0, 7)}-01` : accuracy === 'year' ? `${day.slice(0, 4)}-01-01` : day;
      const eventProvince = e > 0 && dice.chance(0.15) ? provinceByCode.get(dice.weighted(PROVINCE_WEIGHTS))! : province;
      const districts = childrenOf.get(eventProvince.id) ?? [];
      const district = districts.length ? dice.pick(districts) : undefined;
      const communes = district ? (childrenOf.get(district.id) ?? []) : [];
      const commune = communes.length && dice.chance(0.8) ? dice.pick(communes) : undefined;
      rows.events.push({
        id: eventId,
        caseId,
        occurredOn,
        dateAccuracy: accuracy,
        provinceId: dice.chance(0.97) ? eventProvince.id : null,
        locationEnc: sealPlace(vault, {
          districtId: district?.id ?? null,
          communeId: commune?.id ?? null,
          detail: `Fictional village ${pad(dice.int(1, 40), 2)}`,
        }),
        descriptionEnc: seal.eventDescription(
          `Fictional event: ${mainAct.replaceAll('_', ' ')} reported in ${eventProvince.nameEn} province. All details of this demonstration record are invented.`,
        ),
        createdAt: stamp(day),
        updatedAt: stamp(day),
      });

      // Acts: each victim in this event suffers the main act, sometimes another one too.
      const inEvent = e === 0 ? victims : dice.some(victims, Math.max(1, dice.int(1, victims.length)));
      for (const victim of inEvent) {
        const actCodes = e === 0 ? [mainAct] : [dice.chance(0.6) ? mainAct : dice.weighted(ACT_WEIGHTS)];
        if (dice.chance(0.12)) actCodes.push(dice.weighted(ACT_WEIGHTS));
        for (const actCode of [...new Set(actCodes)]) {
          const actId = ids.act++;
          const actGroup = groupOf.get(actCode)!;
          rows.acts.push({
            id: actId,
            eventId,
            victimId: victim.id,
            actTypeId: term('act_type', actCode),
            classification: actGroup === 'physical_violence' || actCode === 'arbitrary_arrest' || actCode === 'conviction' ? 'violation' : dice.chance(0.5) ? 'violation' : 'restriction',
            verificationId: term('verification', dice.weighted(VERIFICATION_WEIGHTS)),
            notesEnc: dice.chance(0.25) ? seal.actNotes('Fictional note from the monitor on the circumstances of the act.') : null,
            createdAt: stamp(day),
            updatedAt: stamp(day),
          });
          const rights = new Set(dice.some(GROUP_RIGHTS[actGroup], dice.int(1, 2)));
          const extra = CATEGORY_RIGHTS[victim.category];
          if (extra && dice.chance(0.6)) rights.add(extra);
          for (const right of rights) rows.rights.push({ actId, rightId: term('right', right) });
          const perpetratorTypes = new Set([dice.weighted(GROUP_PERPETRATORS[actGroup])]);
          if (dice.chance(0.25)) perpetratorTypes.add(dice.weighted(GROUP_PERPETRATORS[actGroup]));
          for (const type of perpetratorTypes) {
            rows.perpetrators.push({
              id: ids.perpetrator++,
              actId,
              perpetratorTypeId: term('perpetrator_type', type),
              involvementId: term('involvement', dice.weighted(INVOLVEMENT_WEIGHTS)),
              nameEnc: dice.chance(0.3) ? seal.perpetratorName(`Fictional unit ${pad(dice.int(1, 60), 2)}`) : null,
            });
          }
        }
      }
    }

    // The case itself.
    const seq = (seqByYear.get(Number(firstDay.slice(0, 4))) ?? 0) + 1;
    seqByYear.set(Number(firstDay.slice(0, 4)), seq);
    const recent = lastEventDay >= addDays(lastDay, -730);
    const status: CaseStatus = recent
      ? dice.weighted([['open', 50], ['monitoring', 40], ['closed', 10]] as const)
      : dice.weighted([['open', 8], ['monitoring', 30], ['closed', 62]] as const);
    const closedOn = status === 'closed' ? (() => {
      const d = addDays(lastEventDay, dice.int(20, 400));
      return d > lastDay ? lastDay : d;
    })() : null;
    rows.cases.push({
      id: caseId,
      reference: `HRD-${firstDay.slice(0, 4)}-${pad(seq, 4)}`,
      titleEnc: seal.caseTitle(`Fictional case ${pad(n, 4)}: ${mainAct.replaceAll('_', ' ')} against ${victims[0]!.label} in ${province.nameEn}`),
      summaryEnc: seal.caseSummary(
        `A demonstration record with invented people and events. ${victims.length} fictional victim(s); first event on ${firstDay}; ${group.replaceAll('_', ' ')}.`,
      ),
      status,
      openedOn: firstDay,
      closedOn,
      createdBy: null,
      createdAt: stamp(firstDay),
      updatedAt: stamp(closedOn ?? lastEventDay),
      version: 1,
    });

    // Sources.
    for (let s = dice.int(1, 3); s > 0; s -= 1) {
      rows.sources.push({
        id: ids.source++,
        caseId,
        nameEnc: seal.sourceName(`Fictional source: ${dice.pick(SOURCE_KINDS)} (${name()})`),
        reliabilityId: term('reliability', dice.weighted(RELIABILITY_WEIGHTS)),
        obtainedOn: addDays(firstDay, dice.int(0, 20)) > lastDay ? lastDay : addDays(firstDay, dice.int(0, 20)),
        notesEnc: dice.chance(0.4) ? seal.sourceNotes('Fictional: interviewed by a monitor; account consistent with photographs.') : null,
        createdAt: stamp(firstDay),
      });
    }

    // Timeline entries.
    let entryDay = firstDay;
    for (let k = dice.int(1, 4); k > 0; k -= 1) {
      entryDay = addDays(entryDay, dice.int(3, 120));
      if (entryDay > lastDay) break;
      const kind = dice.pick(TIMELINE_BY_GROUP[group]);
      rows.timeline.push({
        id: ids.timeline++,
        caseId,
        occurredOn: entryDay,
        dateAccuracy: 'day',
        kind,
        textEnc: seal.timeline(TIMELINE_TEXT[kind]),
        createdBy: null,
        createdAt: stamp(entryDay),
      });
    }

    // Support given directly (not through the fund).
    for (let k = dice.weighted([[0, 45], [1, 40], [2, 15]] as const); k > 0; k -= 1) {
      const beganOn = addDays(firstDay, dice.int(1, 30));
      const progress = dice.pick(INTERVENTION_STATUSES);
      rows.interventions.push({
        id: ids.intervention++,
        caseId,
        victimId: dice.pick(victims).id,
        typeId: term('intervention_type', dice.weighted([['legal_aid', 40], ['humanitarian', 15], ['medical', 12], ['security', 12], ['relocation', 6], ['logistical', 15]] as const)),
        status: progress,
        startedOn: progress === 'planned' || beganOn > lastDay ? null : beganOn,
        endedOn: progress === 'completed' && addDays(beganOn, 60) <= lastDay ? addDays(beganOn, dice.int(5, 60)) : null,
        amount: null,
        currency: null,
        fundRequestId: null,
        notesEnc: seal.interventionNotes('Fictional: support arranged by the monitoring team.'),
        createdBy: null,
        createdAt: stamp(firstDay),
        updatedAt: stamp(firstDay),
      });
    }

    // Support fund requests: about one case in four, cycling through every state.
    if (dice.chance(0.25)) {
      const fundId = ids.fund++;
      const state = FUND_STATUSES[fundCycle++ % FUND_STATUSES.length]!;
      const requestedAt = addDays(firstDay, dice.int(2, 20)) > lastDay ? lastDay : addDays(firstDay, dice.int(2, 20));
      const amount = dice.int(4, 60) * 25;
      const assessed = state !== 'requested';
      const decided = state === 'approved' || state === 'declined' || state === 'disbursed';
      const approvedAmount = state === 'approved' || state === 'disbursed' ? Math.min(amount, dice.int(4, 60) * 25) : null;
      const typeCode = dice.weighted([['legal_aid', 30], ['humanitarian', 20], ['medical', 20], ['security', 10], ['relocation', 10], ['logistical', 10]] as const);
      const victimId = dice.pick(victims).id;
      rows.fund.push({
        id: fundId,
        caseId,
        victimId,
        typeId: term('intervention_type', typeCode),
        status: state,
        requestedAmount: amount,
        currency: 'USD',
        justificationEnc: seal.justification(`Fictional: support needed after the ${mainAct.replaceAll('_', ' ')}; the family has no income.`),
        requestedBy: null,
        requestedAt: stamp(requestedAt),
        assessmentEnc: assessed ? seal.assessment('Fictional assessment: the need is confirmed by two sources.') : null,
        assessedBy: null,
        assessedAt: assessed ? stamp(addDays(requestedAt, 3)) : null,
        approvedAmount,
        decidedBy: null,
        decidedAt: decided ? stamp(addDays(requestedAt, 7)) : null,
        decisionNoteEnc: decided ? seal.decisionNote(state === 'declined' ? 'Fictional: other support already covers this need.' : 'Fictional: approved within the annual budget.') : null,
        disbursedAmount: state === 'disbursed' ? approvedAmount : null,
        disbursedOn: state === 'disbursed' ? addDays(requestedAt, 10) : null,
        disbursedBy: null,
        updatedAt: stamp(addDays(requestedAt, state === 'disbursed' ? 10 : decided ? 7 : assessed ? 3 : 0)),
      });
      if (state === 'disbursed') {
        rows.interventions.push({
          id: ids.intervention++,
          caseId,
          victimId,
          typeId: term('intervention_type', typeCode),
          status: 'completed',
          startedOn: addDays(requestedAt, 10),
          endedOn: addDays(requestedAt, 40),
          amount: approvedAmount,
          currency: 'USD',
          fundRequestId: fundId,
          notesEnc: seal.interventionNotes('Fictional: support paid by the fund and delivered.'),
          createdBy: null,
          createdAt: stamp(addDays(requestedAt, 10)),
          updatedAt: stamp(addDays(requestedAt, 40)),
        });
      }
    }
  }

  await insertAll(tx, 'hrdCases', rows.cases);
  await insertAll(tx, 'hrdVictims', rows.victims);
  await insertAll(tx, 'hrdEvents', rows.events);
  await insertAll(tx, 'hrdActs', rows.acts);
  await insertAll(tx, 'hrdActRights', rows.rights);
  await insertAll(tx, 'hrdActPerpetrators', rows.perpetrators);
  await insertAll(tx, 'hrdSources', rows.sources);
  await insertAll(tx, 'hrdFundRequests', rows.fund);
  await insertAll(tx, 'hrdInterventions', rows.interventions);
  await insertAll(tx, 'hrdTimelineEntries', rows.timeline);

  // Explicit ids do not move PostgreSQL's identity sequences; SQLite's AUTOINCREMENT follows by itself.
  if (isPostgres(tx as never)) {
    for (const table of ['hrd_cases', 'hrd_victims', 'hrd_events', 'hrd_acts', 'hrd_act_perpetrators', 'hrd_sources', 'hrd_fund_requests', 'hrd_interventions', 'hrd_timeline_entries']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(tx);
    }
  }

  const summary = {
    cases: rows.cases.length,
    victims: rows.victims.length,
    events: rows.events.length,
    acts: rows.acts.length,
    sources: rows.sources.length,
    interventions: rows.interventions.length,
    fundRequests: rows.fund.length,
    timelineEntries: rows.timeline.length,
    milliseconds: Math.round(performance.now() - started),
  };
  await writeAudit(tx, { actor: 'system:seed', action: 'hrd.demo.create', subjectType: 'hrd_case', subjectId: null, after: summary });
  return summary;
}

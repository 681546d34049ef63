import { randomBytes } from 'node:crypto';
import type { Vault } from '../../src/crypto/envelope.js';
import type { DbOrTx } from '../../src/db/database.js';
import { PROTECTED_FIELDS, sealContext, type ProtectedTable } from '../../src/features/hrd-cases/protected-fields.js';
import type { Vocabulary } from '../../src/features/hrd-vocabularies/vocabularies.tables.js';

/*
 * A case whose every protected column holds a unique marker, written through the
 * vault as real records are. Tests publish alerts from it and then look for the markers
 * everywhere a reader (or a copy of the database) could see them.
 */

/** Two words, each unique to this field and case, so a search for either word can be tested. */
function newMarker(): string {
  return `Qzx${randomBytes(5).toString('hex')} Wvk${randomBytes(5).toString('hex')}`;
}

export interface MarkedCase {
  caseId: number;
  reference: string;
  /** Every plaintext marker sealed into the case, by `table.column`. */
  markers: Map<string, string[]>;
  provinceId: number;
  districtId: number;
  actTypeIds: number[];
  perpetratorTypeIds: number[];
}

async function firstTerm(db: DbOrTx, vocabulary: Vocabulary, leaf = false): Promise<number> {
  const row = await db
    .selectFrom('vocabularyTerms')
    .select('id')
    .where('vocabulary', '=', vocabulary)
    .where('active', '=', 1)
    .$if(leaf, (q) => q.where('parentId', 'is not', null))
    .orderBy('id')
    .executeTakeFirst();
  if (!row) throw new Error(`no ${vocabulary} term: the reference data is missing`);
  return row.id;
}

let counter = 0;

/** Inserts one fully marked case: two victims, two events, acts with perpetrators, and one row of every other part. */
export async function insertMarkedCase(db: DbOrTx, vault: Vault, options: { provinceOffset?: number; userId?: number | null } = {}): Promise<MarkedCase> {
  counter += 1;
  const now = new Date().toISOString();
  const markers = new Map<string, string[]>();
  const sealed = <T extends ProtectedTable>(table: T): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const column of PROTECTED_FIELDS[table]) {
      const plain = newMarker();
      markers.set(`${table}.${column}`, [...(markers.get(`${table}.${column}`) ?? []), plain]);
      out[column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = vault.seal(plain, sealContext(table, column as never));
    }
    return out;
  };

  const provinces = await db.selectFrom('places').select('id').where('level', '=', 'province').orderBy('id').execute();
  const province = provinces[(options.provinceOffset ?? counter) % provinces.length]!.id;
  const district = await db.selectFrom('places').select('id').where('parentId', '=', province).orderBy('id').executeTakeFirstOrThrow();
  const commune = await db.selectFrom('places').select('id').where('parentId', '=', district.id).orderBy('id').executeTakeFirst();

  const actTypes = await db
    .selectFrom('vocabularyTerms')
    .select('id')
    .where('vocabulary', '=', 'act_type')
    .where('parentId', 'is not', null)
    .orderBy('id')
    .limit(2)
    .execute();
  const perpetratorType = await firstTerm(db, 'perpetrator_type');
  const verification = await firstTerm(db, 'verification');
  const interventionType = await firstTerm(db, 'intervention_type');
  const category = await firstTerm(db, 'hrd_category');
  const reliability = await firstTerm(db, 'reliability');

  const reference = `HRD-T${Date.now().toString(36)}-${counter}`;
  const caseRow = await db
    .insertInto('hrdCases')
    .values({ reference, status: 'open', version: 1, openedOn: '2025-03-01', closedOn: null, createdBy: null, createdAt: now, updatedAt: now, ...(sealed('hrd_cases') as { titleEnc: string; summaryEnc: string }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseId = caseRow.id;

  const victimIds: number[] = [];
  for (const kind of ['person', 'group'] as const) {
    const row = await db
      .insertInto('hrdVictims')
      .values({
        caseId,
        kind,
        groupSize: kind === 'group' ? 14 : null,
        hrdCategoryId: category,
        sex: kind === 'person' ? 'female' : 'unknown',
        ageGroup: 'adult',
        createdAt: now,
        updatedAt: now,
        ...(sealed('hrd_victims') as { nameEnc: string }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    victimIds.push(row.id);
  }

  const eventIds: number[] = [];
  for (const [occurredOn, dateAccuracy] of [
    ['2025-02-14', 'day'],
    ['2025-03-01', 'month'],
  ] as const) {
    const { descriptionEnc } = sealed('hrd_events');
    const detail = newMarker();
    markers.set('hrd_events.location_enc', [...(markers.get('hrd_events.location_enc') ?? []), detail]);
    // The exact place is sealed as JSON; its free-text detail carries the marker.
    const locationEnc = vault.seal(JSON.stringify({ districtId: district.id, communeId: commune?.id ?? null, detail }), sealContext('hrd_events', 'location_enc'));
    const row = await db
      .insertInto('hrdEvents')
      .values({ caseId, occurredOn, dateAccuracy, provinceId: province, locationEnc, descriptionEnc: descriptionEnc!, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventIds.push(row.id);
  }

  for (const [i, actType] of actTypes.entries()) {
    const act = await db
      .insertInto('hrdActs')
      .values({
        eventId: eventIds[i % eventIds.length]!,
        victimId: victimIds[i % victimIds.length]!,
        actTypeId: actType.id,
        classification: 'violation',
        verificationId: verification,
        createdAt: now,
        updatedAt: now,
        ...(sealed('hrd_acts') as object),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('hrdActPerpetrators')
      .values({ actId: act.id, perpetratorTypeId: perpetratorType, involvementId: null, ...(sealed('hrd_act_perpetrators') as object) })
      .execute();
  }

  await db.insertInto('hrdSources').values({ caseId, reliabilityId: reliability, obtainedOn: '2025-02-15', createdAt: now, ...(sealed('hrd_sources') as { nameEnc: string }) }).execute();
  const fund = await db
    .insertInto('hrdFundRequests')
    .values({
      caseId,
      victimId: victimIds[0]!,
      typeId: interventionType,
      status: 'approved',
      requestedAmount: 300,
      currency: 'USD',
      requestedBy: options.userId ?? null,
      requestedAt: now,
      assessedBy: null,
      assessedAt: now,
      approvedAmount: 250,
      decidedBy: null,
      decidedAt: now,
      disbursedAmount: null,
      disbursedOn: null,
      disbursedBy: null,
      updatedAt: now,
      ...(sealed('hrd_fund_requests') as { justificationEnc: string }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('hrdInterventions')
    .values({
      caseId,
      victimId: victimIds[0]!,
      typeId: interventionType,
      status: 'ongoing',
      startedOn: '2025-03-02',
      endedOn: null,
      amount: 250,
      currency: 'USD',
      fundRequestId: fund.id,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
      ...(sealed('hrd_interventions') as object),
    })
    .execute();
  await db
    .insertInto('hrdTimelineEntries')
    .values({ caseId, occurredOn: '2025-02-20', dateAccuracy: 'day', kind: 'charge', createdBy: null, createdAt: now, ...(sealed('hrd_timeline_entries') as { textEnc: string }) })
    .execute();
  await db
    .insertInto('hrdEvidence')
    .values({
      caseId,
      fingerprint: randomBytes(32).toString('hex'),
      storageKey: randomBytes(16).toString('hex'),
      uploadedBy: null,
      uploadedAt: now,
      ...(sealed('hrd_evidence') as { fileNameEnc: string }),
    })
    .execute();

  // An incident report beside the case, with a message and a file: reports are protected data too.
  const report = await db
    .insertInto('incidentReports')
    .values({
      status: 'new',
      locale: 'km',
      receivedOn: '2025-03-02',
      receiptHash: randomBytes(32).toString('hex'),
      passphraseHash: '$argon2id$v=19$m=65536,t=3,p=4$marked',
      duplicateOfReportId: null,
      duplicateOfCaseId: null,
      caseId: null,
      updatedAt: now,
      ...(sealed('incident_reports') as { whatEnc: string; whenEnc: string; whereEnc: string }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('incidentReportMessages')
    .values({ reportId: report.id, author: 'reporter', userId: null, sentOn: '2025-03-03', ...(sealed('incident_report_messages') as { bodyEnc: string }) })
    .execute();
  await db
    .insertInto('incidentReportAttachments')
    .values({
      reportId: report.id,
      storageKey: randomBytes(16).toString('hex'),
      ...(sealed('incident_report_attachments') as { fileNameEnc: string; mediaTypeEnc: string; sizeEnc: string; sha256Enc: string }),
    })
    .execute();

  return {
    caseId,
    reference,
    markers,
    provinceId: province,
    districtId: district.id,
    actTypeIds: actTypes.map((a) => a.id),
    perpetratorTypeIds: [perpetratorType],
  };
}

/** Every marker of these cases, flattened. */
export function allMarkers(cases: MarkedCase[]): string[] {
  return cases.flatMap((c) => [...c.markers.values()].flat());
}

import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import { nowIso } from '../../db/schema-helpers.js';
import { sealPlace, type ExactPlace } from './case-record.js';
import type { DateAccuracy, HrdActsTable, HrdInterventionsTable, HrdTimelineEntriesTable, HrdVictimsTable } from './cases.tables.js';
import { sealContext } from './protected-fields.js';

/*
 * The parts of a case: victims, events, acts (with rights and perpetrators), sources, timeline
 * entries and interventions. Inputs are plain values; every protected one is sealed here, with
 * the context of its column, before it reaches the database.
 */

export interface VictimInput {
  kind: HrdVictimsTable['kind'];
  name: string;
  groupSize: number | null;
  hrdCategoryId: number | null;
  sex: HrdVictimsTable['sex'];
  ageGroup: HrdVictimsTable['ageGroup'];
  affiliation: string | null;
  contact: string | null;
  notes: string | null;
}

/** A victim's columns as stored, with the protected ones sealed (shared by adding and correcting). */
const victimColumns = (vault: Vault, v: VictimInput) => ({
  kind: v.kind,
  nameEnc: vault.seal(v.name, sealContext('hrd_victims', 'name_enc')),
  groupSize: v.kind === 'group' ? v.groupSize : null,
  hrdCategoryId: v.hrdCategoryId,
  sex: v.sex,
  ageGroup: v.ageGroup,
  affiliationEnc: vault.sealOptional(v.affiliation, sealContext('hrd_victims', 'affiliation_enc')),
  contactEnc: vault.sealOptional(v.contact, sealContext('hrd_victims', 'contact_enc')),
  notesEnc: vault.sealOptional(v.notes, sealContext('hrd_victims', 'notes_enc')),
});

export async function addVictim(tx: DbOrTx, vault: Vault, caseId: number, v: VictimInput, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdVictims')
    .values({
      caseId,
      ...victimColumns(vault, v),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces what is known of a victim of this case; false when the victim is not in the case. */
export async function updateVictim(tx: DbOrTx, vault: Vault, caseId: number, id: number, v: VictimInput, now = nowIso()): Promise<boolean> {
  const result = await tx
    .updateTable('hrdVictims')
    .set({
      ...victimColumns(vault, v),
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EventInput {
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  provinceId: number | null;
  place: ExactPlace | null;
  description: string | null;
}

const eventColumns = (vault: Vault, e: EventInput) => ({
  occurredOn: e.occurredOn,
  dateAccuracy: e.dateAccuracy,
  provinceId: e.provinceId,
  locationEnc: sealPlace(vault, e.place),
  descriptionEnc: vault.sealOptional(e.description, sealContext('hrd_events', 'description_enc')),
});

export async function addEvent(tx: DbOrTx, vault: Vault, caseId: number, e: EventInput, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdEvents')
    .values({
      caseId,
      ...eventColumns(vault, e),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Corrects an event of this case (date, place, description); false when it is not in the case. */
export async function updateEvent(tx: DbOrTx, vault: Vault, caseId: number, id: number, e: EventInput, now = nowIso()): Promise<boolean> {
  const result = await tx
    .updateTable('hrdEvents')
    .set({
      ...eventColumns(vault, e),
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface PerpetratorInput {
  perpetratorTypeId: number;
  involvementId: number | null;
  name: string | null;
}

export interface ActInput {
  eventId: number;
  victimId: number;
  actTypeId: number;
  classification: HrdActsTable['classification'];
  verificationId: number;
  rightIds: number[];
  perpetrators: PerpetratorInput[];
  notes: string | null;
}

export async function addAct(tx: DbOrTx, vault: Vault, a: ActInput, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdActs')
    .values({
      eventId: a.eventId,
      victimId: a.victimId,
      actTypeId: a.actTypeId,
      classification: a.classification,
      verificationId: a.verificationId,
      notesEnc: vault.sealOptional(a.notes, sealContext('hrd_acts', 'notes_enc')),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rights = [...new Set(a.rightIds)];
  if (rights.length) await tx.insertInto('hrdActRights').values(rights.map((rightId) => ({ actId: row.id, rightId }))).execute();
  for (const p of a.perpetrators) await addPerpetrator(tx, vault, row.id, p);
  return row.id;
}

/** Verification and classification change as more is learnt about an act. */
export async function updateActAssessment(
  tx: DbOrTx,
  actId: number,
  change: { verificationId: number; classification: HrdActsTable['classification'] },
  now = nowIso(),
): Promise<void> {
  await tx.updateTable('hrdActs').set({ verificationId: change.verificationId, classification: change.classification, updatedAt: now }).where('id', '=', actId).execute();
}

export async function addPerpetrator(tx: DbOrTx, vault: Vault, actId: number, p: PerpetratorInput): Promise<number> {
  const row = await tx
    .insertInto('hrdActPerpetrators')
    .values({
      actId,
      perpetratorTypeId: p.perpetratorTypeId,
      involvementId: p.involvementId,
      nameEnc: vault.sealOptional(p.name, sealContext('hrd_act_perpetrators', 'name_enc')),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SourceInput {
  name: string;
  reliabilityId: number | null;
  obtainedOn: string | null;
  notes: string | null;
}

const sourceColumns = (vault: Vault, s: SourceInput) => ({
  nameEnc: vault.seal(s.name, sealContext('hrd_sources', 'name_enc')),
  reliabilityId: s.reliabilityId,
  obtainedOn: s.obtainedOn,
  notesEnc: vault.sealOptional(s.notes, sealContext('hrd_sources', 'notes_enc')),
});

export async function addSource(tx: DbOrTx, vault: Vault, caseId: number, s: SourceInput, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdSources')
    .values({
      caseId,
      ...sourceColumns(vault, s),
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Corrects a source of this case; false when it is not in the case. */
export async function updateSource(tx: DbOrTx, vault: Vault, caseId: number, id: number, s: SourceInput): Promise<boolean> {
  const result = await tx
    .updateTable('hrdSources')
    .set({
      ...sourceColumns(vault, s),
    })
    .where('id', '=', id)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface TimelineEntryInput {
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  kind: HrdTimelineEntriesTable['kind'];
  text: string;
}

export const TIMELINE_KINDS: ReadonlyArray<HrdTimelineEntriesTable['kind']> = ['charge', 'arrest', 'hearing', 'verdict', 'release', 'threat', 'note'];

const timelineColumns = (vault: Vault, e: TimelineEntryInput) => ({
  occurredOn: e.occurredOn,
  dateAccuracy: e.dateAccuracy,
  kind: e.kind,
  textEnc: vault.seal(e.text, sealContext('hrd_timeline_entries', 'text_enc')),
});

export async function addTimelineEntry(tx: DbOrTx, vault: Vault, caseId: number, e: TimelineEntryInput, userId: number | null, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdTimelineEntries')
    .values({
      caseId,
      ...timelineColumns(vault, e),
      createdBy: userId,
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Corrects a timeline entry of this case (its author stays); false when it is not in the case. */
export async function updateTimelineEntry(tx: DbOrTx, vault: Vault, caseId: number, id: number, e: TimelineEntryInput): Promise<boolean> {
  const result = await tx
    .updateTable('hrdTimelineEntries')
    .set({
      ...timelineColumns(vault, e),
    })
    .where('id', '=', id)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface InterventionInput {
  victimId: number | null;
  typeId: number;
  status: HrdInterventionsTable['status'];
  startedOn: string | null;
  endedOn: string | null;
  amount: number | null;
  currency: HrdInterventionsTable['currency'];
  fundRequestId: number | null;
  notes: string | null;
}

export async function addIntervention(tx: DbOrTx, vault: Vault, caseId: number, i: InterventionInput, userId: number | null, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdInterventions')
    .values({
      caseId,
      victimId: i.victimId,
      typeId: i.typeId,
      status: i.status,
      startedOn: i.startedOn,
      endedOn: i.endedOn,
      amount: i.amount,
      currency: i.amount === null ? null : i.currency,
      fundRequestId: i.fundRequestId,
      notesEnc: vault.sealOptional(i.notes, sealContext('hrd_interventions', 'notes_enc')),
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findIntervention(db: DbOrTx, caseId: number, id: number) {
  return db.selectFrom('hrdInterventions').select(['id', 'caseId', 'status', 'startedOn', 'endedOn', 'fundRequestId']).where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst();
}

export async function updateInterventionStatus(
  tx: DbOrTx,
  id: number,
  change: { status: HrdInterventionsTable['status']; endedOn: string | null },
  now = nowIso(),
): Promise<void> {
  await tx.updateTable('hrdInterventions').set({ status: change.status, endedOn: change.endedOn, updatedAt: now }).where('id', '=', id).execute();
}

/** The parts a form may remove, with the column that ties each to its case. */
export const REMOVABLE_PARTS = ['victim', 'event', 'act', 'source', 'timeline', 'intervention'] as const;
export type RemovablePart = (typeof REMOVABLE_PARTS)[number];

/**
 * Removes one part of the case (acts go with their event or victim). False when it is not a part
 * of this case, or when it is a fund intervention (the fund's history keeps those).
 */
export async function removePart(tx: DbOrTx, caseId: number, part: RemovablePart, id: number): Promise<boolean> {
  let n: bigint;
  switch (part) {
    case 'victim':
      n = (await tx.deleteFrom('hrdVictims').where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst()).numDeletedRows;
      break;
    case 'event':
      n = (await tx.deleteFrom('hrdEvents').where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst()).numDeletedRows;
      break;
    case 'act':
      n = (
        await tx
          .deleteFrom('hrdActs')
          .where('id', '=', id)
          .where('eventId', 'in', tx.selectFrom('hrdEvents').select('id').where('caseId', '=', caseId))
          .executeTakeFirst()
      ).numDeletedRows;
      break;
    case 'source':
      n = (await tx.deleteFrom('hrdSources').where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst()).numDeletedRows;
      break;
    case 'timeline':
      n = (await tx.deleteFrom('hrdTimelineEntries').where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst()).numDeletedRows;
      break;
    case 'intervention':
      n = (await tx.deleteFrom('hrdInterventions').where('id', '=', id).where('caseId', '=', caseId).where('fundRequestId', 'is', null).executeTakeFirst()).numDeletedRows;
      break;
  }
  return Number(n) === 1;
}

/** Whether an event and a victim both belong to the case (an act ties one to the other). */
export async function eventAndVictimOfCase(db: DbOrTx, caseId: number, eventId: number, victimId: number): Promise<boolean> {
  const [event, victim] = await Promise.all([
    db.selectFrom('hrdEvents').select('id').where('id', '=', eventId).where('caseId', '=', caseId).executeTakeFirst(),
    db.selectFrom('hrdVictims').select('id').where('id', '=', victimId).where('caseId', '=', caseId).executeTakeFirst(),
  ]);
  return Boolean(event && victim);
}

export async function victimOfCase(db: DbOrTx, caseId: number, victimId: number): Promise<boolean> {
  return Boolean(await db.selectFrom('hrdVictims').select('id').where('id', '=', victimId).where('caseId', '=', caseId).executeTakeFirst());
}

export async function actOfCase(db: DbOrTx, caseId: number, actId: number): Promise<boolean> {
  return Boolean(
    await db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select('hrdActs.id').where('hrdActs.id', '=', actId).where('hrdEvents.caseId', '=', caseId).executeTakeFirst(),
  );
}

// ---------------------------------------------------------------------------------------------
// What a part's route checks before a change, and the plain facts its audit row keeps

export async function listVictimIds(db: DbOrTx, caseId: number): Promise<number[]> {
  return (await db.selectFrom('hrdVictims').select('id').where('caseId', '=', caseId).execute()).map((r) => r.id);
}

export async function listActIds(db: DbOrTx, caseId: number): Promise<number[]> {
  return (await db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select('hrdActs.id').where('hrdEvents.caseId', '=', caseId).execute()).map((r) => r.id);
}

export async function listEventIds(db: DbOrTx, caseId: number): Promise<number[]> {
  return (await db.selectFrom('hrdEvents').select('id').where('caseId', '=', caseId).execute()).map((r) => r.id);
}

export async function listSourceIds(db: DbOrTx, caseId: number): Promise<number[]> {
  return (await db.selectFrom('hrdSources').select('id').where('caseId', '=', caseId).execute()).map((r) => r.id);
}

export async function listTimelineEntryIds(db: DbOrTx, caseId: number): Promise<number[]> {
  return (await db.selectFrom('hrdTimelineEntries').select('id').where('caseId', '=', caseId).execute()).map((r) => r.id);
}

/** An event's unsealed facts; throws when the event is not in the case. */
export async function findEventFacts(db: DbOrTx, caseId: number, eventId: number) {
  return db.selectFrom('hrdEvents').select(['occurredOn', 'dateAccuracy', 'provinceId']).where('id', '=', eventId).where('caseId', '=', caseId).executeTakeFirstOrThrow();
}

/** A source's unsealed facts; throws when the source is not in the case. */
export async function findSourceFacts(db: DbOrTx, caseId: number, sourceId: number) {
  return db.selectFrom('hrdSources').select(['reliabilityId', 'obtainedOn']).where('id', '=', sourceId).where('caseId', '=', caseId).executeTakeFirstOrThrow();
}

/** A timeline entry's unsealed facts; throws when the entry is not in the case. */
export async function findTimelineEntryFacts(db: DbOrTx, caseId: number, entryId: number) {
  return db.selectFrom('hrdTimelineEntries').select(['occurredOn', 'dateAccuracy', 'kind']).where('id', '=', entryId).where('caseId', '=', caseId).executeTakeFirstOrThrow();
}

import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import { listActRows, listEventRows, listTimelineRows, listVictimRows } from './case-record.repository.js';
import { sealContext } from './protected-fields.js';
import type { CaseStatus, DateAccuracy, HrdTimelineEntriesTable, HrdVictimsTable } from './cases.tables.js';

/*
 * The decrypted shapes of a case record, and the functions that open sealed rows. Every other
 * module of the feature reads sealed columns only through these, so one place decides which
 * columns a read decrypts.
 */

/** The exact place of an event, sealed as one JSON value. */
export interface ExactPlace {
  districtId: number | null;
  communeId: number | null;
  detail: string | null;
}

export interface OpenedVictim {
  id: number;
  kind: HrdVictimsTable['kind'];
  name: string;
  groupSize: number | null;
  hrdCategoryId: number | null;
  sex: HrdVictimsTable['sex'];
  ageGroup: HrdVictimsTable['ageGroup'];
  affiliation: string | null;
}

export interface OpenedEvent {
  id: number;
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  provinceId: number | null;
  place: ExactPlace | null;
  description: string | null;
}

export interface OpenedAct {
  id: number;
  eventId: number;
  victimId: number;
  actTypeId: number;
  classification: 'restriction' | 'violation';
  verificationId: number;
  /** The date and province of the act's event, repeated for the reader's convenience. */
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  provinceId: number | null;
  rightIds: number[];
  perpetrators: Array<{ perpetratorTypeId: number; involvementId: number | null }>;
}

export interface OpenedTimelineEntry {
  id: number;
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  kind: HrdTimelineEntriesTable['kind'];
  text: string;
}

/** What the HRD alerts publish form starts from: a case with its people, events and acts. */
export interface CaseForAlert {
  id: number;
  reference: string;
  title: string;
  summary: string | null;
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
  version: number;
  victims: OpenedVictim[];
  events: OpenedEvent[];
  acts: OpenedAct[];
  timeline: OpenedTimelineEntry[];
}

export function sealPlace(vault: Vault, place: ExactPlace | null): string | null {
  if (!place || (place.districtId === null && place.communeId === null && !place.detail)) return null;
  return vault.seal(JSON.stringify(place), sealContext('hrd_events', 'location_enc'));
}

export function openPlace(vault: Vault, sealed: string | null): ExactPlace | null {
  const json = vault.openOptional(sealed, sealContext('hrd_events', 'location_enc'));
  if (!json) return null;
  let value: Partial<ExactPlace>;
  try {
    value = JSON.parse(json) as Partial<ExactPlace>;
  } catch {
    // A place written as plain text (by an import) is kept as the detail.
    return { districtId: null, communeId: null, detail: json };
  }
  return { districtId: value.districtId ?? null, communeId: value.communeId ?? null, detail: value.detail ?? null };
}

export async function loadVictims(db: DbOrTx, vault: Vault, caseId: number): Promise<OpenedVictim[]> {
  const rows = await listVictimRows(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: vault.open(r.nameEnc, sealContext('hrd_victims', 'name_enc')),
    groupSize: r.groupSize,
    hrdCategoryId: r.hrdCategoryId,
    sex: r.sex,
    ageGroup: r.ageGroup,
    affiliation: vault.openOptional(r.affiliationEnc, sealContext('hrd_victims', 'affiliation_enc')),
  }));
}

export async function loadEvents(db: DbOrTx, vault: Vault, caseId: number): Promise<OpenedEvent[]> {
  const rows = await listEventRows(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    occurredOn: r.occurredOn,
    dateAccuracy: r.dateAccuracy,
    provinceId: r.provinceId,
    place: openPlace(vault, r.locationEnc),
    description: vault.openOptional(r.descriptionEnc, sealContext('hrd_events', 'description_enc')),
  }));
}

/** Acts carry no sealed column the alert needs: ids, dates and classifications only. */
export async function loadActs(db: DbOrTx, caseId: number): Promise<OpenedAct[]> {
  const { acts: rows, rights, perpetrators } = await listActRows(db, caseId);
  return rows.map((r) => ({
    ...r,
    rightIds: rights.filter((x) => x.actId === r.id).map((x) => x.rightId),
    perpetrators: perpetrators.filter((x) => x.actId === r.id).map((x) => ({ perpetratorTypeId: x.perpetratorTypeId, involvementId: x.involvementId })),
  }));
}

export async function loadTimeline(db: DbOrTx, vault: Vault, caseId: number): Promise<OpenedTimelineEntry[]> {
  const rows = await listTimelineRows(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    occurredOn: r.occurredOn,
    dateAccuracy: r.dateAccuracy,
    kind: r.kind,
    text: vault.open(r.textEnc, sealContext('hrd_timeline_entries', 'text_enc')),
  }));
}

import type { z } from 'zod';
import type { DbOrTx } from '../../db/database.js';
import { readForm } from '../../web/form-schema.js';
import { parseCaseDate } from './case-dates.js';
import {
  accuracyField,
  caseText,
  choiceOf,
  dayOf,
  firstSent,
  flagField,
  idOf,
  notRead,
  roughDateText,
  rowId,
  termOf,
  termsOf,
  versionField,
  wholeNumber,
} from './case-fields.js';
import type { FormState } from './case-form-controls.js';
import type { Lookups } from './case-page.presenter.js';
import { placeChoices } from './case-lookups.js';
import type { ActInput, EventInput, InterventionInput, PerpetratorInput, SourceInput, TimelineEntryInput, VictimInput } from './case-parts.repository.js';
import { REMOVABLE_PARTS, TIMELINE_KINDS } from './case-parts.repository.js';
import type { CasesMessageKey } from './cases.messages.js';
import type { CaseInput } from './cases.repository.js';
import { ACT_CLASSIFICATIONS, AGE_GROUPS, CASE_STATUSES, CURRENCIES, INTERVENTION_STATUSES, SEXES, VICTIM_KINDS, type DateAccuracy } from './cases.tables.js';

export { MAX_AMOUNT } from './case-fields.js';

/*
 * Form bodies → typed inputs. Each form is a shape of field schemas (`case-fields.ts`) read by
 * `readForm`; the checks that compare fields or need the case follow. Each parser returns
 * either the input or the form as sent with an error per field, so the page can be shown again
 * with what was typed and what is wrong.
 */

export type Parsed<T> = { ok: true; value: T; form: FormState } | { ok: false; form: FormState };

/** Limits of free text, in characters. */
export const MAX_SHORT_TEXT = 300;
export const MAX_LONG_TEXT = 20_000;

type Shape = Record<string, z.ZodType>;
type Values<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

/** A form read through its shape, to which the checks that compare fields add their errors. */
class CaseForm<S extends Shape> {
  readonly form: FormState;
  /** The typed value of every field that passed its own check. */
  readonly passed: Partial<Values<S>>;

  constructor(shape: S, body: unknown) {
    const read = readForm<S, CasesMessageKey>(shape, body);
    const errors: FormState['errors'] = read.ok ? {} : Object.fromEntries(Object.entries(read.issues).map(([name, issue]) => [name, issue?.code]));
    this.form = { values: { ...read.values }, errors };
    this.passed = (read.ok ? read.value : read.passed) as Partial<Values<S>>;
  }

  /** Refuses a field, unless its own check already did (the first problem is the one shown). */
  fail(name: keyof S & string, key: CasesMessageKey): void {
    this.form.errors[name] ??= key;
  }

  result<T>(build: (value: Values<S>) => T): Parsed<T> {
    if (Object.keys(this.form.errors).length > 0) return { ok: false, form: this.form };
    return { ok: true, value: build(this.passed as Values<S>), form: this.form };
  }
}

const orNull = (text: string): string | null => text || null;

/** The fields of a date known roughly: its text and how precisely it is known. */
const roughDateShape = { accuracy: accuracyField, date: roughDateText };

/** What `roughDate` needs of a form that has the rough date's fields. */
interface RoughDateForm {
  passed: Partial<{ accuracy: DateAccuracy; date: string }>;
  fail(name: 'date', key: CasesMessageKey): void;
}

/** A rough date from its two fields; a wrong accuracy reads the date as a day, so both are checked. */
function roughDate(f: RoughDateForm, today: string): { occurredOn: string; dateAccuracy: EventInput['dateAccuracy'] } {
  const accuracy = f.passed.accuracy ?? 'day';
  const parsed = parseCaseDate(f.passed.date ?? '', accuracy, today);
  if (!parsed.ok) {
    f.fail('date', parsed.problem);
    return { occurredOn: today, dateAccuracy: accuracy };
  }
  return { occurredOn: parsed.value, dateAccuracy: parsed.accuracy };
}

export function parseCase(body: unknown, today: string): Parsed<CaseInput> {
  const f = new CaseForm(
    {
      title: caseText(MAX_SHORT_TEXT, true),
      summary: caseText(MAX_LONG_TEXT),
      status: choiceOf(CASE_STATUSES, 'open'),
      openedOn: dayOf(today, true),
      closedOn: dayOf(today, false),
    },
    body,
  );
  const { openedOn, closedOn } = f.passed;
  if (closedOn && openedOn && closedOn < openedOn) f.fail('closedOn', 'closedBeforeOpened');
  return f.result((v) => ({ title: v.title, summary: orNull(v.summary), status: v.status, openedOn: v.openedOn ?? today, closedOn: v.closedOn }));
}

export function parseVictim(body: unknown, today: string, lookups: Lookups): Parsed<VictimInput> {
  const f = new CaseForm(
    {
      kind: choiceOf(VICTIM_KINDS, 'person'),
      name: caseText(MAX_SHORT_TEXT, true),
      groupSize: wholeNumber(false, 1_000_000),
      hrdCategory: termOf(lookups, 'hrd_category', false),
      sex: choiceOf(SEXES, 'unknown'),
      ageGroup: choiceOf(AGE_GROUPS, 'unknown'),
      affiliation: caseText(MAX_SHORT_TEXT),
      contact: caseText(500),
      notes: caseText(MAX_LONG_TEXT),
    },
    body,
  );
  return f.result((v) => ({
    kind: v.kind,
    name: v.name,
    groupSize: v.groupSize,
    hrdCategoryId: v.hrdCategory,
    sex: v.sex,
    ageGroup: v.ageGroup,
    affiliation: orNull(v.affiliation),
    contact: orNull(v.contact),
    notes: orNull(v.notes),
  }));
}

/** An event; `refresh` means the place lists were asked for, and nothing is saved. */
export async function parseEvent(db: DbOrTx, body: unknown, today: string, lookups: Lookups) {
  const f = new CaseForm(
    {
      ...roughDateShape,
      province: idOf(lookups.provinces.map((p) => p.id), false),
      district: firstSent,
      commune: firstSent,
      refresh: flagField,
      detail: caseText(MAX_SHORT_TEXT),
      description: caseText(MAX_LONG_TEXT),
    },
    body,
  );
  const date = roughDate(f, today);
  const provinceId = f.passed.province ?? null;
  // The district and commune must lie in the province and district chosen: checked against the gazetteer.
  const districtRaw = Number(f.passed.district) || null;
  const { districts } = await placeChoices(db, provinceId, null);
  const districtId = districtRaw && districts.some((d) => d.id === districtRaw) ? districtRaw : null;
  const { communes } = await placeChoices(db, provinceId, districtId);
  const communeRaw = Number(f.passed.commune) || null;
  const communeId = communeRaw && communes.some((x) => x.id === communeRaw) ? communeRaw : null;
  const refresh = f.passed.refresh === true;
  if (!refresh) {
    if (districtRaw && !districtId) f.fail('district', 'placeMismatch');
    if (communeRaw && !communeId) f.fail('commune', 'placeMismatch');
  }
  const parsed = f.result((v): EventInput => ({ ...date, provinceId, place: { districtId, communeId, detail: orNull(v.detail) }, description: orNull(v.description) }));
  return { parsed, refresh, places: { districts, communes: districtId ? communes : [] } };
}

export function parseAct(body: unknown, today: string, lookups: Lookups, eventIds: number[], victimIds: number[]): Parsed<ActInput> {
  const f = new CaseForm(
    {
      event: idOf(eventIds, true),
      victim: idOf(victimIds, true),
      actType: termOf(lookups, 'act_type', true),
      classification: choiceOf(ACT_CLASSIFICATIONS),
      verification: termOf(lookups, 'verification', true),
      rights: termsOf(lookups, 'right'),
      perpetratorType: termOf(lookups, 'perpetrator_type', false),
      involvement: termOf(lookups, 'involvement', false),
      perpetratorName: caseText(MAX_SHORT_TEXT),
      notes: caseText(MAX_LONG_TEXT),
    },
    body,
  );
  const { perpetratorType, involvement, perpetratorName } = f.passed;
  // A perpetrator's involvement or name says nothing without the kind of perpetrator.
  if (!perpetratorType && (involvement || perpetratorName)) f.fail('perpetratorType', 'required');
  return f.result((v) => ({
    eventId: v.event ?? 0,
    victimId: v.victim ?? 0,
    actTypeId: v.actType ?? 0,
    classification: v.classification,
    verificationId: v.verification ?? 0,
    rightIds: v.rights,
    perpetrators: v.perpetratorType ? [{ perpetratorTypeId: v.perpetratorType, involvementId: v.involvement, name: orNull(v.perpetratorName) }] : [],
    notes: orNull(v.notes),
  }));
}

export function parseActAssessment(body: unknown, today: string, lookups: Lookups): Parsed<{ verificationId: number; classification: ActInput['classification'] }> {
  const f = new CaseForm({ verification: termOf(lookups, 'verification', true), classification: choiceOf(ACT_CLASSIFICATIONS) }, body);
  return f.result((v) => ({ verificationId: v.verification ?? 0, classification: v.classification }));
}

/** One more perpetrator of an act already recorded. */
export function parsePerpetrator(body: unknown, today: string, lookups: Lookups, actIds: number[]): Parsed<PerpetratorInput & { actId: number }> {
  const f = new CaseForm(
    {
      act: idOf(actIds, true),
      perpetratorType: termOf(lookups, 'perpetrator_type', true),
      involvement: termOf(lookups, 'involvement', false),
      perpetratorName: caseText(MAX_SHORT_TEXT),
    },
    body,
  );
  return f.result((v) => ({ actId: v.act ?? 0, perpetratorTypeId: v.perpetratorType ?? 0, involvementId: v.involvement, name: orNull(v.perpetratorName) }));
}

export function parseSource(body: unknown, today: string, lookups: Lookups): Parsed<SourceInput> {
  const f = new CaseForm(
    {
      name: caseText(MAX_SHORT_TEXT, true),
      reliability: termOf(lookups, 'reliability', false),
      obtainedOn: dayOf(today, false),
      notes: caseText(MAX_LONG_TEXT),
    },
    body,
  );
  return f.result((v) => ({ name: v.name, reliabilityId: v.reliability, obtainedOn: v.obtainedOn, notes: orNull(v.notes) }));
}

export function parseTimelineEntry(body: unknown, today: string): Parsed<TimelineEntryInput> {
  const f = new CaseForm({ ...roughDateShape, kind: choiceOf(TIMELINE_KINDS, 'note'), text: caseText(MAX_LONG_TEXT, true) }, body);
  const date = roughDate(f, today);
  return f.result((v) => ({ ...date, kind: v.kind, text: v.text }));
}

export function parseIntervention(body: unknown, today: string, lookups: Lookups, victimIds: number[], withAmount: boolean): Parsed<InterventionInput> {
  const f = new CaseForm(
    {
      type: termOf(lookups, 'intervention_type', true),
      victim: idOf(victimIds, false),
      status: choiceOf(INTERVENTION_STATUSES, 'ongoing'),
      startedOn: dayOf(today, false),
      endedOn: dayOf(today, false),
      // Only those who may see the fund's money record amounts.
      amount: withAmount ? wholeNumber(false) : notRead,
      currency: withAmount ? choiceOf(CURRENCIES, 'USD') : notRead,
      notes: caseText(MAX_LONG_TEXT),
    },
    body,
  );
  const { startedOn, endedOn } = f.passed;
  if (startedOn && endedOn && endedOn < startedOn) f.fail('endedOn', 'closedBeforeOpened');
  return f.result((v) => ({
    victimId: v.victim,
    typeId: v.type ?? 0,
    status: v.status,
    startedOn: v.startedOn,
    endedOn: v.endedOn,
    amount: v.amount,
    currency: v.amount === null ? null : v.currency,
    fundRequestId: null,
    notes: orNull(v.notes),
  }));
}

export function parseInterventionStatus(body: unknown, today: string): Parsed<{ status: InterventionInput['status']; endedOn: string | null }> {
  const f = new CaseForm({ status: choiceOf(INTERVENTION_STATUSES), endedOn: dayOf(today, false) }, body);
  return f.result((v) => ({ status: v.status, endedOn: v.endedOn }));
}

export function parseFundRequest(
  body: unknown,
  today: string,
  lookups: Lookups,
  victimIds: number[],
): Parsed<{ typeId: number; victimId: number | null; requestedAmount: number; currency: (typeof CURRENCIES)[number]; justification: string }> {
  const f = new CaseForm(
    {
      type: termOf(lookups, 'intervention_type', true),
      victim: idOf(victimIds, false),
      amount: wholeNumber(true),
      currency: choiceOf(CURRENCIES, 'USD'),
      justification: caseText(MAX_LONG_TEXT, true),
    },
    body,
  );
  return f.result((v) => ({ typeId: v.type ?? 0, victimId: v.victim, requestedAmount: v.amount ?? 0, currency: v.currency, justification: v.justification }));
}

/** The text fields of the evidence upload (multipart: its parts are read by the route). */
export const evidenceShape = { description: caseText(500), version: versionField };

/** Removing a part of a case: which part, its id, and the version the page was loaded at. */
export const removeShape = { part: choiceOf(REMOVABLE_PARTS), id: rowId, version: versionField };

/** Deleting a case: its reference typed again, in any letter case. */
export const deleteShape = { reference: firstSent.transform((text) => text.trim().toUpperCase()) };

/** The version a form was loaded at; 0 (never current) when missing or not a positive whole number. */
export function versionOf(body: unknown): number {
  const read = readForm({ version: versionField }, body);
  return read.ok ? read.value.version : 0;
}

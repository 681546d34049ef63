import type { DbOrTx } from '../../db/database.js';
import type { Vocabulary } from '../hrd-vocabularies/vocabularies.tables.js';
import { isDateAccuracy, parseCaseDate } from './case-dates.js';
import type { FormState } from './case-form-controls.js';
import type { Lookups } from './case-page.presenter.js';
import { placeChoices } from './case-lookups.js';
import type { ActInput, EventInput, InterventionInput, PerpetratorInput, SourceInput, TimelineEntryInput, VictimInput } from './case-parts.repository.js';
import { TIMELINE_KINDS } from './case-parts.repository.js';
import type { CasesMessageKey } from './cases.messages.js';
import type { CaseInput } from './cases.repository.js';
import { ACT_CLASSIFICATIONS, AGE_GROUPS, CASE_STATUSES, CURRENCIES, INTERVENTION_STATUSES, SEXES, VICTIM_KINDS } from './cases.tables.js';

/*
 * Form bodies → typed inputs. Each parser returns either the input or the form as sent with an
 * error per field, so the page can be shown again with what was typed and what is wrong.
 */

export type Parsed<T> = { ok: true; value: T; form: FormState } | { ok: false; form: FormState };

/** Limits of free text, in characters. */
export const MAX_SHORT_TEXT = 300;
export const MAX_LONG_TEXT = 20_000;
/** Whole dollars or riels: up to a billion, so 1 000 000 000 riels (about 250 000 USD) fits. */
export const MAX_AMOUNT = 1_000_000_000;

type Body = Record<string, unknown>;

export function bodyOf(body: unknown): Body {
  return body && typeof body === 'object' ? (body as Body) : {};
}

/** One value of a field (the first, if sent twice); '' when missing. */
export function raw(body: Body, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

function many(body: Body, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 50);
}

class Checker {
  readonly values: Record<string, string | string[]> = {};
  readonly errors: Partial<Record<string, CasesMessageKey>> = {};
  constructor(
    private readonly body: Body,
    readonly today: string,
  ) {}

  get form(): FormState {
    return { values: this.values, errors: this.errors };
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  fail(name: string, key: CasesMessageKey): void {
    this.errors[name] ??= key;
  }

  text(name: string, max: number, required = false): string | null {
    const value = raw(this.body, name).replace(/\r\n/g, '\n').trim();
    this.values[name] = value.slice(0, max + 100);
    if (value.length > max) this.fail(name, 'tooLong');
    else if (!value && required) this.fail(name, 'required');
    return value || null;
  }

  choice<T extends string>(name: string, options: readonly T[], fallback?: T): T {
    const value = raw(this.body, name);
    this.values[name] = value;
    if ((options as readonly string[]).includes(value)) return value as T;
    if (fallback !== undefined && value === '') return fallback;
    this.fail(name, value ? 'chooseFromList' : 'required');
    return options[0]!;
  }

  /** A term of the vocabulary (active ones only: retired terms are not offered for new records). */
  term(name: string, lookups: Lookups, vocabulary: Vocabulary, required: boolean): number | null {
    const value = raw(this.body, name);
    this.values[name] = value;
    if (!value) {
      if (required) this.fail(name, 'required');
      return null;
    }
    const id = Number(value);
    if (!(lookups.terms[vocabulary] ?? []).some((t) => t.id === id)) {
      this.fail(name, 'chooseFromList');
      return null;
    }
    return id;
  }

  terms(name: string, lookups: Lookups, vocabulary: Vocabulary): number[] {
    const values = many(this.body, name);
    this.values[name] = values;
    const allowed = new Set((lookups.terms[vocabulary] ?? []).map((t) => t.id));
    const ids = values.map(Number);
    if (ids.some((id) => !allowed.has(id))) this.fail(name, 'chooseFromList');
    return ids.filter((id) => allowed.has(id));
  }

  id(name: string, allowed: number[], required: boolean): number | null {
    const value = raw(this.body, name);
    this.values[name] = value;
    if (!value) {
      if (required) this.fail(name, 'required');
      return null;
    }
    const id = Number(value);
    if (!allowed.includes(id)) {
      this.fail(name, 'chooseFromList');
      return null;
    }
    return id;
  }

  wholeNumber(name: string, required: boolean, max = MAX_AMOUNT): number | null {
    const value = raw(this.body, name).trim().replace(/[\s,]/g, '');
    this.values[name] = raw(this.body, name).slice(0, 20);
    if (!value) {
      if (required) this.fail(name, 'required');
      return null;
    }
    if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > max) {
      this.fail(name, 'wholeNumber');
      return null;
    }
    return Number(value);
  }

  /** A plain day (YYYY-MM-DD), not in the future. */
  day(name: string, required: boolean): string | null {
    const value = raw(this.body, name).trim().slice(0, 20);
    this.values[name] = value;
    if (!value) {
      if (required) this.fail(name, 'dateRequired');
      return null;
    }
    const parsed = parseCaseDate(value, 'day', this.today);
    if (!parsed.ok) {
      this.fail(name, parsed.problem === 'dateNeedsDay' ? 'dateInvalid' : parsed.problem);
      return null;
    }
    return parsed.value;
  }

  /** A date with its accuracy, from the fields `date` and `accuracy`. */
  roughDate(): { occurredOn: string; dateAccuracy: EventInput['dateAccuracy'] } {
    const accuracyRaw = raw(this.body, 'accuracy');
    const accuracy = isDateAccuracy(accuracyRaw) ? accuracyRaw : 'day';
    this.values.accuracy = accuracy;
    if (!isDateAccuracy(accuracyRaw)) this.fail('accuracy', 'chooseFromList');
    const value = raw(this.body, 'date').trim().slice(0, 20);
    this.values.date = value;
    const parsed = parseCaseDate(value, accuracy, this.today);
    if (!parsed.ok) {
      this.fail('date', parsed.problem);
      return { occurredOn: this.today, dateAccuracy: accuracy };
    }
    return { occurredOn: parsed.value, dateAccuracy: parsed.accuracy };
  }

  result<T>(value: T): Parsed<T> {
    return this.ok ? { ok: true, value, form: this.form } : { ok: false, form: this.form };
  }
}

export function parseCase(body: unknown, today: string): Parsed<CaseInput> {
  const c = new Checker(bodyOf(body), today);
  const title = c.text('title', MAX_SHORT_TEXT, true) ?? '';
  const summary = c.text('summary', MAX_LONG_TEXT);
  const status = c.choice('status', CASE_STATUSES, 'open');
  const openedOn = c.day('openedOn', true) ?? today;
  const closedOn = c.day('closedOn', false);
  if (closedOn && closedOn < openedOn) c.fail('closedOn', 'closedBeforeOpened');
  return c.result({ title, summary, status, openedOn, closedOn });
}

export function parseVictim(body: unknown, today: string, lookups: Lookups): Parsed<VictimInput> {
  const c = new Checker(bodyOf(body), today);
  const kind = c.choice('kind', VICTIM_KINDS, 'person');
  const name = c.text('name', MAX_SHORT_TEXT, true) ?? '';
  const groupSize = c.wholeNumber('groupSize', false, 1_000_000);
  const hrdCategoryId = c.term('hrdCategory', lookups, 'hrd_category', false);
  const sex = c.choice('sex', SEXES, 'unknown');
  const ageGroup = c.choice('ageGroup', AGE_GROUPS, 'unknown');
  const affiliation = c.text('affiliation', MAX_SHORT_TEXT);
  const contact = c.text('contact', 500);
  const notes = c.text('notes', MAX_LONG_TEXT);
  return c.result({ kind, name, groupSize, hrdCategoryId, sex, ageGroup, affiliation, contact, notes });
}

/** An event; `refresh` means the place lists were asked for, and nothing is saved. */
export async function parseEvent(db: DbOrTx, body: unknown, today: string, lookups: Lookups) {
  const b = bodyOf(body);
  const c = new Checker(b, today);
  const date = c.roughDate();
  const provinceId = c.id('province', lookups.provinces.map((p) => p.id), false);
  const districtRaw = Number(raw(b, 'district')) || null;
  const { districts } = await placeChoices(db, provinceId, null);
  const districtId = districtRaw && districts.some((d) => d.id === districtRaw) ? districtRaw : null;
  const { communes } = await placeChoices(db, provinceId, districtId);
  c.values.district = raw(b, 'district');
  c.values.commune = raw(b, 'commune');
  const communeRaw = Number(raw(b, 'commune')) || null;
  const communeId = communeRaw && communes.some((x) => x.id === communeRaw) ? communeRaw : null;
  const refresh = raw(b, 'refresh') === '1';
  if (!refresh) {
    if (districtRaw && !districtId) c.fail('district', 'placeMismatch');
    if (communeRaw && !communeId) c.fail('commune', 'placeMismatch');
  }
  const detail = c.text('detail', MAX_SHORT_TEXT);
  const description = c.text('description', MAX_LONG_TEXT);
  const input: EventInput = { ...date, provinceId, place: { districtId, communeId, detail }, description };
  return { parsed: c.result(input), refresh, places: { districts, communes: districtId ? communes : [] } };
}

export function parseAct(body: unknown, today: string, lookups: Lookups, eventIds: number[], victimIds: number[]): Parsed<ActInput> {
  const c = new Checker(bodyOf(body), today);
  const eventId = c.id('event', eventIds, true) ?? 0;
  const victimId = c.id('victim', victimIds, true) ?? 0;
  const actTypeId = c.term('actType', lookups, 'act_type', true) ?? 0;
  const classification = c.choice('classification', ACT_CLASSIFICATIONS);
  const verificationId = c.term('verification', lookups, 'verification', true) ?? 0;
  const rightIds = c.terms('rights', lookups, 'right');
  const perpetratorTypeId = c.term('perpetratorType', lookups, 'perpetrator_type', false);
  const involvementId = c.term('involvement', lookups, 'involvement', false);
  const perpetratorName = c.text('perpetratorName', MAX_SHORT_TEXT);
  if (!perpetratorTypeId && (involvementId || perpetratorName)) c.fail('perpetratorType', 'required');
  const notes = c.text('notes', MAX_LONG_TEXT);
  const perpetrators = perpetratorTypeId ? [{ perpetratorTypeId, involvementId, name: perpetratorName }] : [];
  return c.result({ eventId, victimId, actTypeId, classification, verificationId, rightIds, perpetrators, notes });
}

export function parseActAssessment(body: unknown, today: string, lookups: Lookups): Parsed<{ verificationId: number; classification: ActInput['classification'] }> {
  const c = new Checker(bodyOf(body), today);
  const verificationId = c.term('verification', lookups, 'verification', true) ?? 0;
  const classification = c.choice('classification', ACT_CLASSIFICATIONS);
  return c.result({ verificationId, classification });
}

/** One more perpetrator of an act already recorded. */
export function parsePerpetrator(body: unknown, today: string, lookups: Lookups, actIds: number[]): Parsed<PerpetratorInput & { actId: number }> {
  const c = new Checker(bodyOf(body), today);
  const actId = c.id('act', actIds, true) ?? 0;
  const perpetratorTypeId = c.term('perpetratorType', lookups, 'perpetrator_type', true) ?? 0;
  const involvementId = c.term('involvement', lookups, 'involvement', false);
  const name = c.text('perpetratorName', MAX_SHORT_TEXT);
  return c.result({ actId, perpetratorTypeId, involvementId, name });
}

export function parseSource(body: unknown, today: string, lookups: Lookups): Parsed<SourceInput> {
  const c = new Checker(bodyOf(body), today);
  const name = c.text('name', MAX_SHORT_TEXT, true) ?? '';
  const reliabilityId = c.term('reliability', lookups, 'reliability', false);
  const obtainedOn = c.day('obtainedOn', false);
  const notes = c.text('notes', MAX_LONG_TEXT);
  return c.result({ name, reliabilityId, obtainedOn, notes });
}

export function parseTimelineEntry(body: unknown, today: string): Parsed<TimelineEntryInput> {
  const c = new Checker(bodyOf(body), today);
  const date = c.roughDate();
  const kind = c.choice('kind', TIMELINE_KINDS, 'note');
  const text = c.text('text', MAX_LONG_TEXT, true) ?? '';
  return c.result({ ...date, kind, text });
}

export function parseIntervention(body: unknown, today: string, lookups: Lookups, victimIds: number[], withAmount: boolean): Parsed<InterventionInput> {
  const c = new Checker(bodyOf(body), today);
  const typeId = c.term('type', lookups, 'intervention_type', true) ?? 0;
  const victimId = c.id('victim', victimIds, false);
  const status = c.choice('status', INTERVENTION_STATUSES, 'ongoing');
  const startedOn = c.day('startedOn', false);
  const endedOn = c.day('endedOn', false);
  if (startedOn && endedOn && endedOn < startedOn) c.fail('endedOn', 'closedBeforeOpened');
  const amount = withAmount ? c.wholeNumber('amount', false) : null;
  const currency = withAmount ? c.choice('currency', CURRENCIES, 'USD') : null;
  const notes = c.text('notes', MAX_LONG_TEXT);
  return c.result({ victimId, typeId, status, startedOn, endedOn, amount, currency: amount === null ? null : currency, fundRequestId: null, notes });
}

export function parseInterventionStatus(body: unknown, today: string): Parsed<{ status: InterventionInput['status']; endedOn: string | null }> {
  const c = new Checker(bodyOf(body), today);
  const status = c.choice('status', INTERVENTION_STATUSES);
  const endedOn = c.day('endedOn', false);
  return c.result({ status, endedOn });
}

export function parseFundRequest(
  body: unknown,
  today: string,
  lookups: Lookups,
  victimIds: number[],
): Parsed<{ typeId: number; victimId: number | null; requestedAmount: number; currency: (typeof CURRENCIES)[number]; justification: string }> {
  const c = new Checker(bodyOf(body), today);
  const typeId = c.term('type', lookups, 'intervention_type', true) ?? 0;
  const victimId = c.id('victim', victimIds, false);
  const requestedAmount = c.wholeNumber('amount', true) ?? 0;
  const currency = c.choice('currency', CURRENCIES, 'USD');
  const justification = c.text('justification', MAX_LONG_TEXT, true) ?? '';
  return c.result({ typeId, victimId, requestedAmount, currency, justification });
}

/** The version a form was loaded at; NaN-proof. */
export function versionOf(body: unknown): number {
  const v = Number(raw(bodyOf(body), 'version'));
  return Number.isInteger(v) && v > 0 ? v : 0;
}

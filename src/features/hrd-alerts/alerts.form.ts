import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { readForm } from '../../web/form-schema.js';
import type { CaseForAlert } from '../hrd-cases/cases.repository.js';
import { CASE_STATUSES, type CaseStatus } from '../hrd-cases/cases.tables.js';
import type { AlertFacts, AlertText, PublicVictim, UpdateText } from './alerts.repository.js';
import type { AlertFormErrorKey } from './alerts.admin.messages.js';
import { LABEL_KINDS, type LabelKind } from './alerts.tables.js';

/*
 * The publish form, field by field. Defaults publish the least: victims by a pseudonym that owes
 * nothing to their name (in a small community, initials with a province and a date can be
 * enough to recognise someone; initials are an explicit choice), the province, every date and act type, the status. Everything else (a name, an affiliation, a
 * district, perpetrator types, a victim's profile) is copied only when its own box is ticked.
 * The public texts start empty: the case's own title and description are never put in them.
 *
 * Victims and events are named by their id (`victim_<id>_mode`, `event_<id>`), never by their
 * place in a list, and the form carries the case's version: a choice made for one person can
 * never be applied to another, even when the case changes while the monitor is writing.
 */

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, AlertFormError>;
export type AlertFormError = AlertFormErrorKey;

export const MAX_TITLE = 300;
export const MAX_SUMMARY = 20_000;
export const MAX_LABEL = 100;
const MAX_FORM_FIELD = 25_000;

export const VICTIM_PARTS = ['include', 'mode', 'label', 'profile', 'affiliation'] as const;
export type VictimPart = (typeof VICTIM_PARTS)[number];

/** The field of one choice about one victim, by the victim's id. */
export function victimField(victimId: number, part: VictimPart): string {
  return `victim_${victimId}_${part}`;
}

/** The box that publishes one event's date, by the event's id. */
export function eventField(eventId: number): string {
  return `event_${eventId}`;
}

const VICTIM_FIELD = /^victim_(\d{1,12})_([a-z]+)$/;
const EVENT_FIELD = /^event_(\d{1,12})$/;

/** A one-time key per form: a second submission of the same form finds the alert of the first. */
export function newSubmissionKey(): string {
  return randomBytes(18).toString('base64url');
}

export function isSubmissionKey(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

/**
 * "Sok Dara" → "S. D.": the first character of each word that starts with a letter (a whole
 * Khmer cluster, not half of one); numbers and punctuation are left out.
 */
export function initialsOf(name: string): string {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return name
    .split(/[\s\-–,.()[\]"“”'/]+/)
    .filter((word) => /^\p{L}/u.test(word))
    .map((word) => `${(segmenter.segment(word)[Symbol.iterator]().next().value?.segment ?? '').toLocaleUpperCase()}.`)
    .join(' ');
}

/** "HRD A", "HRD B" … "HRD Z", "HRD AA": the default public name of the victim at `position` (from 0). */
export function defaultPseudonym(position: number): string {
  let letters = '';
  for (let n = position + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `HRD ${letters}`;
}

/** Distinct act types and perpetrator types of the case, in first-seen order. */
export function caseTermIds(c: CaseForAlert): { actTypeIds: number[]; perpetratorTypeIds: number[] } {
  return {
    actTypeIds: [...new Set(c.acts.map((a) => a.actTypeId))],
    perpetratorTypeIds: [...new Set(c.acts.flatMap((a) => a.perpetrators.map((p) => p.perpetratorTypeId)))],
  };
}

/** Provinces of the case's events, in first-seen order. */
export function caseProvinceIds(c: CaseForAlert): number[] {
  return [...new Set(c.events.flatMap((e) => (e.provinceId === null ? [] : [e.provinceId])))];
}

export function defaultPublishValues(c: CaseForAlert): FormValues {
  const values: FormValues = { status: c.status, province: String(caseProvinceIds(c)[0] ?? ''), version: String(c.version), submission: newSubmissionKey() };
  for (const e of c.events) values[eventField(e.id)] = '1';
  for (const id of caseTermIds(c).actTypeIds) values[`act_${id}`] = '1';
  c.victims.forEach((v, position) => {
    values[victimField(v.id, 'include')] = '1';
    values[victimField(v.id, 'mode')] = 'pseudonym';
    values[victimField(v.id, 'label')] = defaultPseudonym(position);
  });
  return values;
}

/**
 * The fields this form reads, for re-rendering it with what was sent. Victim and event fields
 * are read whatever their id, so that an id which is not the case's can be refused.
 */
export function publishValuesFrom(body: unknown, c: CaseForAlert, locales: readonly Locale[]): FormValues {
  const names = ['status', 'province', 'district', 'notify', 'version', 'submission', ...locales.flatMap((l) => [`title_${l}`, `summary_${l}`])];
  const terms = caseTermIds(c);
  names.push(...terms.actTypeIds.map((id) => `act_${id}`), ...terms.perpetratorTypeIds.map((id) => `perp_${id}`));
  if (body && typeof body === 'object') {
    names.push(...Object.keys(body).filter((name) => VICTIM_FIELD.test(name) || EVENT_FIELD.test(name)).slice(0, 1000));
  }
  return sentValues(names, body);
}

/**
 * False when the form was written for another version of the case (or carries no version):
 * its choices may then belong to people or events that moved, appeared or went away.
 */
export function isCurrentVersion(values: FormValues, c: CaseForAlert): boolean {
  return values.version === String(c.version);
}

/** True when the form names a victim or an event that is not the case's, or a victim choice that does not exist. */
export function namesForeignParts(values: FormValues, c: CaseForAlert): boolean {
  const victimIds = new Set(c.victims.map((v) => String(v.id)));
  const eventIds = new Set(c.events.map((e) => String(e.id)));
  return Object.keys(values).some((name) => {
    const victim = VICTIM_FIELD.exec(name);
    if (victim) return !victimIds.has(victim[1]!) || !(VICTIM_PARTS as readonly string[]).includes(victim[2]!);
    const event = EVENT_FIELD.exec(name);
    return event !== null && !eventIds.has(event[1]!);
  });
}

/** Title and summary per language; a language with neither is left out; at least one complete. */
export function parseTexts(values: FormValues, locales: readonly Locale[], errors: FormErrors, prefix = ''): AlertText[] {
  const texts: AlertText[] = [];
  for (const locale of locales) {
    const title = (values[`${prefix}title_${locale}`] ?? '').trim();
    const summary = (values[`${prefix}summary_${locale}`] ?? '').replace(/\r\n/g, '\n').trim();
    if (!title && !summary) continue;
    if (!title) errors[`${prefix}title_${locale}`] = 'titleRequired';
    else if (title.length > MAX_TITLE) errors[`${prefix}title_${locale}`] = 'tooLong';
    if (!summary) errors[`${prefix}summary_${locale}`] = 'summaryRequired';
    else if (summary.length > MAX_SUMMARY) errors[`${prefix}summary_${locale}`] = 'tooLong';
    texts.push({ locale, title: title.replace(/\s+/g, ' '), summary });
  }
  if (texts.length === 0) errors[`${prefix}texts`] = 'textsRequired';
  return texts;
}

export function parseStatus(values: FormValues, errors: FormErrors): CaseStatus {
  const status = values.status ?? '';
  if ((CASE_STATUSES as readonly string[]).includes(status)) return status as CaseStatus;
  errors.status = 'invalidChoice';
  return 'open';
}

/**
 * The public facts from the form and the case. Values are taken from the case by id, never from
 * the request, except the labels and texts the monitor typed. A form written for another version
 * of the case is refused as a whole (`conflict`), and so is one naming a victim or an event the
 * case does not have.
 */
export function parsePublishForm(
  values: FormValues,
  c: CaseForAlert,
  locales: readonly Locale[],
): { errors: FormErrors; conflict: boolean; facts: AlertFacts; texts: AlertText[]; notify: boolean } {
  const errors: FormErrors = {};
  const conflict = !isCurrentVersion(values, c);
  if (conflict) errors.form = 'caseChanged';
  else if (namesForeignParts(values, c)) errors.form = 'foreignPart';
  const texts = parseTexts(values, locales, errors);
  const caseStatus = parseStatus(values, errors);

  let provinceId: number | null = null;
  let districtId: number | null = null;
  if (values.province) {
    provinceId = caseProvinceIds(c).find((id) => String(id) === values.province) ?? null;
    if (provinceId === null) errors.province = 'invalidChoice';
    else if (values.district === '1') {
      districtId = c.events.find((e) => e.provinceId === provinceId && e.place?.districtId)?.place?.districtId ?? null;
    }
  }

  const victims: PublicVictim[] = [];
  for (const v of c.victims) {
    const name = (part: VictimPart) => victimField(v.id, part);
    if (values[name('include')] !== '1') continue;
    const mode = values[name('mode')] ?? 'pseudonym';
    if (!(LABEL_KINDS as readonly string[]).includes(mode)) {
      errors[name('mode')] = 'invalidChoice';
      continue;
    }
    const labelKind = mode as LabelKind;
    const typed = (values[name('label')] ?? '').replace(/\s+/g, ' ').trim();
    // The name and its initials come from the case, only when that choice is made; a typed label is ignored then.
    const label = labelKind === 'name' ? v.name : labelKind === 'initials' ? initialsOf(v.name) : typed;
    if (!label) errors[name('label')] = 'labelRequired';
    else if (label.length > MAX_LABEL && labelKind === 'pseudonym') errors[name('label')] = 'tooLong';
    const profile = values[name('profile')] === '1';
    victims.push({
      label,
      labelKind,
      kind: v.kind,
      groupSize: profile ? v.groupSize : null,
      sex: profile ? v.sex : null,
      ageGroup: profile ? v.ageGroup : null,
      hrdCategoryId: profile ? v.hrdCategoryId : null,
      affiliation: values[name('affiliation')] === '1' ? v.affiliation : null,
    });
  }

  const dates = c.events.flatMap((e) => (values[eventField(e.id)] === '1' ? [{ occurredOn: e.occurredOn, dateAccuracy: e.dateAccuracy }] : []));
  const terms = caseTermIds(c);
  return {
    errors,
    conflict,
    texts,
    notify: values.notify === '1',
    facts: {
      caseStatus,
      provinceId,
      districtId,
      victims,
      dates,
      actTypeIds: terms.actTypeIds.filter((id) => values[`act_${id}`] === '1'),
      perpetratorTypeIds: terms.perpetratorTypeIds.filter((id) => values[`perp_${id}`] === '1'),
    },
  };
}

/** An update of the timeline: its date and its text in one or more languages. */
export function parseUpdateForm(values: FormValues, locales: readonly Locale[]): { errors: FormErrors; occurredOn: string; texts: UpdateText[]; notify: boolean } {
  const errors: FormErrors = {};
  const occurredOn = (values.occurred_on ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(occurredOn) || Number.isNaN(Date.parse(`${occurredOn}T00:00:00Z`)) || new Date(`${occurredOn}T00:00:00Z`).toISOString().slice(0, 10) !== occurredOn) {
    errors.occurred_on = 'dateInvalid';
  }
  const texts: UpdateText[] = [];
  for (const locale of locales) {
    const title = (values[`update_title_${locale}`] ?? '').replace(/\s+/g, ' ').trim();
    const body = (values[`update_body_${locale}`] ?? '').replace(/\r\n/g, '\n').trim();
    if (!title && !body) continue;
    if (!title) errors[`update_title_${locale}`] = 'titleRequired';
    else if (title.length > MAX_TITLE) errors[`update_title_${locale}`] = 'tooLong';
    if (body.length > MAX_SUMMARY) errors[`update_body_${locale}`] = 'tooLong';
    texts.push({ locale, title, body });
  }
  if (texts.length === 0) errors.update_texts = 'textsRequired';
  return { errors, occurredOn, texts, notify: values.notify === '1' };
}

export function updateValuesFrom(body: unknown, locales: readonly Locale[]): FormValues {
  return sentValues(['occurred_on', 'notify', ...locales.flatMap((l) => [`update_title_${l}`, `update_body_${l}`])], body);
}

export function editValuesFrom(body: unknown, locales: readonly Locale[]): FormValues {
  return sentValues(['status', ...locales.flatMap((l) => [`title_${l}`, `summary_${l}`])], body);
}

/** A field as sent, cut at MAX_FORM_FIELD; '' when missing or sent more than once. */
const sentField = z.unknown().transform((raw) => (typeof raw === 'string' ? raw.slice(0, MAX_FORM_FIELD) : ''));

/**
 * The named fields that were filled in. Each is read through the same schema; what each means is
 * decided with the case at hand (`parsePublishForm`, `parseTexts`, `parseUpdateForm`), since most
 * checks compare fields with each other or with the case.
 */
function sentValues(names: readonly string[], body: unknown): FormValues {
  const read = readForm(Object.fromEntries(names.map((name) => [name, sentField])), body);
  const sent = read.ok ? read.value : {};
  return Object.fromEntries(Object.entries(sent).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

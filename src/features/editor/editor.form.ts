import { MAX_SLUG_LENGTH, NESTED_SLUG_PATTERN, SLUG_PATTERN } from '../content-types/slug.js';
import { z } from 'zod';
import { isEmptyRichText, sanitizeRichText } from '../../web/rich-text.js';
import { attachmentFormValues, parseAttachments } from './editor.attachments.js';
import type { Attachments } from './editor.attachments.repository.js';
import type { FieldErrors, FormValues } from './editor.form-data.js';
import type { EditorLabel } from './editor.messages.js';
import type { ItemSnapshot } from './editor.repository.js';
import type { ContentTypeDescriptor, FieldSpec } from './editor.types.js';

export const INTENTS = ['save', 'submit', 'publish'] as const;
export type Intent = (typeof INTENTS)[number];

export interface ItemInput extends Attachments {
  slug: string;
  /** UTC ISO, or null when left empty. */
  publishedAt: string | null;
  item: Record<string, unknown>;
  translations: ItemSnapshot['translations'];
  topicIds: number[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

const text = (v: FormValues[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
/** A field's text as typed; rich text that says nothing (an empty editor's `<p></p>`) is empty. */
function fieldText(field: FieldSpec, raw: FormValues[string]): string {
  const v = text(raw);
  return field.widget === 'richtext' && isEmptyRichText(v) ? '' : v;
}
const list = (v: FormValues[string]) => (Array.isArray(v) ? v : v ? [v] : []);
const isRealDate = (v: string) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** The zone's offset from UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** `2024-07-19T09:30` on the site's clock → UTC ISO; undefined when it is not a real time. */
export function localToUtcIso(local: string, timeZone: string): string | undefined {
  const m = LOCAL_DATETIME.exec(local);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`) return undefined;
  // Twice, so that an instant near a daylight-saving change lands on the right side of it.
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** UTC ISO → the value of a `datetime-local` input on the site's clock. */
export function utcToLocalInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + zoneOffsetMs(t, timeZone)).toISOString().slice(0, 16);
}

const urlSchema = z.url({ protocol: /^https?$/ });

/** One field's value from the form, or the message key of what is wrong with it. */
function parseField(field: FieldSpec, raw: FormValues[string], timeZone: string): { value: unknown } | { error: EditorLabel } {
  const v = fieldText(field, raw);
  if (field.widget === 'checkbox') return { value: v ? 1 : 0 };
  if (field.widget === 'topics') {
    const ids = list(raw).map(Number);
    return ids.every((n) => Number.isSafeInteger(n) && n > 0) ? { value: [...new Set(ids)] } : { error: 'invalidChoice' };
  }
  if (!v) return field.required ? { error: 'required' } : { value: field.widget === 'number' ? 0 : null };
  if (field.maxLength && v.length > field.maxLength) return { error: 'tooLong' };
  switch (field.widget) {
    case 'select':
      return field.options?.includes(v) ? { value: v } : { error: 'invalidChoice' };
    case 'relation':
    case 'image': {
      const n = Number(v);
      return Number.isSafeInteger(n) && n > 0 ? { value: n } : { error: 'invalidChoice' };
    }
    case 'number': {
      const n = Number(v);
      return Number.isSafeInteger(n) ? { value: n } : { error: 'invalidNumber' };
    }
    case 'date':
      return DATE.test(v) && isRealDate(v) ? { value: v } : { error: 'invalidDate' };
    case 'datetime': {
      const iso = localToUtcIso(v, timeZone);
      return iso ? { value: iso } : { error: 'invalidDateTime' };
    }
    case 'url':
      return urlSchema.safeParse(v).success ? { value: v } : { error: 'invalidUrl' };
    case 'richtext':
      return { value: sanitizeRichText(v) };
    default:
      return { value: v };
  }
}

/**
 * Reads an item form: the item's fields, and the fields of each language that has any text
 * (a language left empty is simply absent; at least one must be there). Rich text is
 * sanitized here, whatever the browser sent, and an empty editor's markup counts as empty.
 */
export function parseItemForm(
  type: ContentTypeDescriptor,
  form: FormValues,
  locales: readonly string[],
  timeZone: string,
): { input: ItemInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const item: Record<string, unknown> = {};
  let topicIds: number[] = [];
  for (const field of type.fields) {
    const r = parseField(field, form[field.name], timeZone);
    if ('error' in r) errors[field.name] = r.error;
    else if (field.widget === 'topics') topicIds = r.value as number[];
    else item[field.name] = r.value;
  }
  const slug = text(form.slug).toLowerCase();
  if (slug && (slug.length > MAX_SLUG_LENGTH || !(type.nestedSlug ? NESTED_SLUG_PATTERN : SLUG_PATTERN).test(slug))) errors.slug = 'invalidSlug';
  let publishedAt: string | null = null;
  if (type.workflow === 'full' && text(form.publishedAt)) {
    publishedAt = localToUtcIso(text(form.publishedAt), timeZone) ?? null;
    if (!publishedAt) errors.publishedAt = 'invalidDateTime';
  }
  const translations: ItemInput['translations'] = {};
  for (const locale of locales) {
    const filled = type.localeFields.some((f) => fieldText(f, form[`${locale}.${f.name}`]) !== '');
    if (!filled) continue;
    const fields: Record<string, unknown> = {};
    for (const field of type.localeFields) {
      const r = parseField(field, form[`${locale}.${field.name}`], timeZone);
      if ('error' in r) errors[`${locale}.${field.name}`] = r.error;
      else fields[field.name] = field.widget === 'richtext' ? (r.value ?? '') : r.value;
    }
    translations[locale] = fields;
  }
  if (Object.keys(translations).length === 0) errors._languages = 'oneLanguage';
  const { attachments, errors: attachmentErrors } = parseAttachments(type, form, locales);
  return { input: { slug, publishedAt, item, translations, topicIds, ...attachments }, errors: { ...errors, ...attachmentErrors } };
}

/** A new item's form: the fields that start with a value (the licence). */
export function defaultFormValues(type: ContentTypeDescriptor): FormValues {
  return Object.fromEntries(type.fields.flatMap((f) => (f.defaultValue === undefined ? [] : [[f.name, f.defaultValue]])));
}

/** A stored item (or a revision) as form values, for the edit form. */
export function formValuesOf(type: ContentTypeDescriptor, snapshot: ItemSnapshot, timeZone: string): FormValues {
  const values: FormValues = { slug: String(snapshot.item.slug ?? '') };
  if (type.workflow === 'full') values.publishedAt = utcToLocalInput(snapshot.item.publishedAt as string | null, timeZone);
  for (const field of type.fields) {
    const v = snapshot.item[field.name];
    if (field.widget === 'topics') values[field.name] = snapshot.topicIds.map(String);
    else if (field.widget === 'datetime') values[field.name] = utcToLocalInput(v as string | null, timeZone);
    else if (field.widget === 'checkbox') values[field.name] = v ? '1' : '';
    else values[field.name] = v == null ? '' : String(v);
  }
  for (const [locale, fields] of Object.entries(snapshot.translations)) {
    for (const field of type.localeFields) values[`${locale}.${field.name}`] = fields[field.name] == null ? '' : String(fields[field.name]);
  }
  return { ...values, ...attachmentFormValues(type, snapshot) };
}

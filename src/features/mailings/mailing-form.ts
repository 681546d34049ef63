import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { readForm } from '../../web/form-schema.js';
import { markdownToHtml } from '../../web/rich-text.js';
import { hasControlCharacters } from '../subscribers/subscribe-form.js';
import { SUBSCRIPTION_TOPICS } from '../subscribers/subscribers.tables.js';
import type { MailingErrorKey } from './mailings.messages.js';
import type { Mailing, MailingInput } from './mailings.repository.js';

/** The form as typed, so a refused form comes back as it was. */
export interface MailingForm {
  texts: Record<string, { subject: string; body: string }>;
  topics: string[];
  segmentLocale: string;
}

export type MailingErrors = Record<string, MailingErrorKey>;

const MAX_SUBJECT = 200;
const MAX_BODY = 100_000;

const one = (v: unknown) => (typeof v === 'string' ? v : '');
const many = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

export function blankMailingForm(locales: readonly Locale[]): MailingForm {
  return { texts: Object.fromEntries(locales.map((l) => [l, { subject: '', body: '' }])), topics: ['news'], segmentLocale: 'all' };
}

export function formOfMailing(m: Mailing, locales: readonly Locale[]): MailingForm {
  return {
    texts: Object.fromEntries(locales.map((l) => [l, { subject: m.translations[l]?.subject ?? '', body: m.translations[l]?.bodyMarkdown ?? '' }])),
    topics: m.topics,
    segmentLocale: m.segmentLocale,
  };
}

/** The body as it is kept: line breaks as `\n`. */
const normalized = (body: string) => body.replace(/\r\n?/g, '\n');

/**
 * The mailing form's fields. A subject and a body are each checked on their own when written;
 * whether a language needs both is decided after the schema, from the pair.
 */
function mailingShape(locales: readonly Locale[]) {
  const subject = z
    .unknown()
    .transform((raw) => one(raw).slice(0, 1000))
    .refine((text) => !text.trim() || (!hasControlCharacters(text.trim()) && text.trim().length <= MAX_SUBJECT), { message: 'subjectInvalid' });
  const body = z
    .unknown()
    .transform((raw) => one(raw).slice(0, MAX_BODY + 1))
    .refine((text) => !text.trim() || normalized(text).length <= MAX_BODY, { message: 'bodyTooLong' });
  return {
    ...Object.fromEntries(locales.flatMap((l) => [[`subject_${l}`, subject], [`body_${l}`, body]])),
    topics: z
      .unknown()
      .transform((raw) => many(raw).slice(0, 10))
      .refine((topics) => topics.length > 0 && topics.every((t) => (SUBSCRIPTION_TOPICS as readonly string[]).includes(t)), { message: 'topicsRequired' }),
    segmentLocale: z
      .unknown()
      .transform(one)
      .refine((segment) => segment === 'all' || (locales as readonly string[]).includes(segment), { message: 'invalidLanguage' }),
  };
}

/** Reads the posted form through its schema: the form to show again, and a message key per field refused by its own rules. */
export function readMailingBody(body: unknown, locales: readonly Locale[]): { form: MailingForm; errors: MailingErrors } {
  const read = readForm<ReturnType<typeof mailingShape>, MailingErrorKey>(mailingShape(locales), body);
  const fields: Record<string, unknown> = read.ok ? read.value : read.values;
  const errors: MailingErrors = {};
  if (!read.ok) for (const [name, issue] of Object.entries(read.issues)) if (issue) errors[name] = issue.code;
  return {
    form: {
      texts: Object.fromEntries(locales.map((l) => [l, { subject: one(fields[`subject_${l}`]).slice(0, 1000), body: one(fields[`body_${l}`]).slice(0, MAX_BODY + 1) }])),
      topics: many(fields.topics).slice(0, 10),
      segmentLocale: one(fields.segmentLocale),
    },
    errors,
  };
}

/**
 * After the schema: a language is written whole (subject and body) or not at all, and at least one
 * is. The Markdown of each language becomes sanitized HTML here.
 */
export function validateMailingForm(
  { form, errors: fieldErrors }: { form: MailingForm; errors: MailingErrors },
  locales: readonly Locale[],
): { ok: true; input: MailingInput } | { ok: false; errors: MailingErrors } {
  const errors: MailingErrors = { ...fieldErrors };
  const translations: MailingInput['translations'] = {};
  for (const l of locales) {
    const subject = form.texts[l]?.subject.trim() ?? '';
    const body = normalized(form.texts[l]?.body ?? '');
    if (!subject && !body.trim()) continue;
    if (!subject) errors[`subject_${l}`] = 'subjectRequired';
    if (!body.trim()) errors[`body_${l}`] = 'bodyRequired';
    if (!errors[`subject_${l}`] && !errors[`body_${l}`]) translations[l] = { subject, bodyMarkdown: body, bodyHtml: markdownToHtml(body) };
  }
  if (Object.keys(translations).length === 0 && Object.keys(errors).length === 0) errors.languages = 'oneLanguage';
  if (Object.keys(errors).length) return { ok: false, errors };
  const topics = SUBSCRIPTION_TOPICS.filter((t) => form.topics.includes(t));
  return { ok: true, input: { translations, topics, segmentLocale: form.segmentLocale as MailingInput['segmentLocale'] } };
}

import type { Locale } from '../../i18n/locales.js';
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

export function formFromBody(body: unknown, locales: readonly Locale[]): MailingForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    texts: Object.fromEntries(locales.map((l) => [l, { subject: one(b[`subject_${l}`]).slice(0, 1000), body: one(b[`body_${l}`]).slice(0, MAX_BODY + 1) }])),
    topics: many(b.topics).slice(0, 10),
    segmentLocale: one(b.segmentLocale),
  };
}

/** Checks the form; the Markdown of each language becomes sanitized HTML here. */
export function validateMailingForm(form: MailingForm, locales: readonly Locale[]): { ok: true; input: MailingInput } | { ok: false; errors: MailingErrors } {
  const errors: MailingErrors = {};
  const translations: MailingInput['translations'] = {};
  for (const l of locales) {
    const subject = form.texts[l]?.subject.trim() ?? '';
    const body = form.texts[l]?.body.replace(/\r\n?/g, '\n') ?? '';
    if (!subject && !body.trim()) continue;
    if (!subject) errors[`subject_${l}`] = 'subjectRequired';
    else if (hasControlCharacters(subject) || subject.length > MAX_SUBJECT) errors[`subject_${l}`] = 'subjectInvalid';
    if (!body.trim()) errors[`body_${l}`] = 'bodyRequired';
    else if (body.length > MAX_BODY) errors[`body_${l}`] = 'bodyTooLong';
    if (!errors[`subject_${l}`] && !errors[`body_${l}`]) translations[l] = { subject, bodyMarkdown: body, bodyHtml: markdownToHtml(body) };
  }
  if (Object.keys(translations).length === 0 && Object.keys(errors).length === 0) errors.languages = 'oneLanguage';
  const topics = SUBSCRIPTION_TOPICS.filter((t) => form.topics.includes(t));
  if (topics.length === 0 || topics.length !== form.topics.length) errors.topics = 'topicsRequired';
  if (form.segmentLocale !== 'all' && !(locales as readonly string[]).includes(form.segmentLocale)) errors.segmentLocale = 'invalidLanguage';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { translations, topics, segmentLocale: form.segmentLocale as MailingInput['segmentLocale'] } };
}

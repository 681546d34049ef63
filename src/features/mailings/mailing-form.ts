import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { readForm } from '../../web/form-schema.js';
import { isEmptyRichText, richTextFromField } from '../../web/rich-text.js';
import { hasControlCharacters } from '../subscribers/subscribe-form.js';
import { SUBSCRIPTION_TOPICS } from '../subscribers/subscribers.tables.js';
import type { MailingErrorKey } from './mailings.messages.js';
import type { Mailing, MailingInput, RecentItem } from './mailings.repository.js';

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
    texts: Object.fromEntries(locales.map((l) => [l, { subject: m.translations[l]?.subject ?? '', body: m.translations[l]?.bodyHtml ?? '' }])),
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
 * is. The body comes from the rich-text editor (or, without its script, a textarea of plain text)
 * and is sanitized here; an empty editor's `<p></p>` is no body. `bodyMarkdown` is kept only
 * for newsletters written before the rich-text editor.
 */
export function validateMailingForm(
  { form, errors: fieldErrors }: { form: MailingForm; errors: MailingErrors },
  locales: readonly Locale[],
): { ok: true; input: MailingInput } | { ok: false; errors: MailingErrors } {
  const errors: MailingErrors = { ...fieldErrors };
  const translations: MailingInput['translations'] = {};
  for (const l of locales) {
    const subject = form.texts[l]?.subject.trim() ?? '';
    const raw = normalized(form.texts[l]?.body ?? '');
    const empty = isEmptyRichText(raw);
    if (!subject && empty) continue;
    if (!subject) errors[`subject_${l}`] = 'subjectRequired';
    if (empty) errors[`body_${l}`] = 'bodyRequired';
    if (!errors[`subject_${l}`] && !errors[`body_${l}`]) translations[l] = { subject, bodyMarkdown: '', bodyHtml: richTextFromField(raw) };
  }
  if (Object.keys(translations).length === 0 && Object.keys(errors).length === 0) errors.languages = 'oneLanguage';
  if (Object.keys(errors).length) return { ok: false, errors };
  const topics = SUBSCRIPTION_TOPICS.filter((t) => form.topics.includes(t));
  return { ok: true, input: { translations, topics, segmentLocale: form.segmentLocale as MailingInput['segmentLocale'] } };
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const RECENT_PATHS: Record<RecentItem['kind'], string> = { news: 'news', publication: 'publications' };

/**
 * The form with each language's recent items added at the end of its body: a heading, then a
 * link to each item on the public site with its summary. Nothing is saved: the editor sees it
 * in the rich-text editor and edits it like the rest of the text.
 */
export function withRecentItems(form: MailingForm, recent: Record<string, RecentItem[]>, publicUrl: string, heading: (locale: string) => string): MailingForm {
  const texts = Object.fromEntries(
    Object.entries(form.texts).map(([locale, text]) => {
      const items = recent[locale] ?? [];
      if (items.length === 0) return [locale, text];
      const list = items
        .map((item) => {
          const url = `${publicUrl}/${locale}/${RECENT_PATHS[item.kind]}/${encodeURIComponent(item.slug)}`;
          const summary = item.summary.trim() ? ` – ${escapeHtml(item.summary.trim())}` : '';
          return `<li><a href="${escapeHtml(url)}">${escapeHtml(item.title)}</a>${summary}</li>`;
        })
        .join('');
      return [locale, { ...text, body: `${text.body}<h2>${escapeHtml(heading(locale))}</h2><ul>${list}</ul>` }];
    }),
  );
  return { ...form, texts };
}

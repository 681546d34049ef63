import type { Locale } from '../../i18n/locales.js';
import { isMailAddress } from '../mail/outbox.js';
import type { SubscribersMessages } from './subscribers.messages.js';
import { SUBSCRIPTION_TOPICS, type SubscriptionTopic } from './subscribers.tables.js';

/** The subscribe form as typed, so a refused form comes back with its values. */
export interface SubscribeForm {
  email: string;
  name: string;
  locale: string;
  topics: string[];
}

export type SubscribeErrorKey = keyof Pick<
  SubscribersMessages,
  'emailRequired' | 'invalidEmail' | 'nameInvalid' | 'nameTooLong' | 'topicsRequired' | 'invalidLanguage' | 'invalidText' | 'tooLarge' | 'tooMany'
>;
export type SubscribeErrors = Partial<Record<'email' | 'name' | 'locale' | 'topics' | 'form', SubscribeErrorKey>>;

export interface SubscribeInput {
  email: string;
  name: string | null;
  locale: Locale;
  topics: SubscriptionTopic[];
}

export const MAX_NAME_LENGTH = 100;
const MAX_EMAIL_LENGTH = 254;
/** C0 and C1 control characters, DEL, and the line and paragraph separators: never part of a name or an address. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const many = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

export function emptySubscribeForm(locale: Locale): SubscribeForm {
  return { email: '', name: '', locale, topics: [...SUBSCRIPTION_TOPICS] };
}

export function formFromBody(body: unknown, fallbackLocale: Locale): SubscribeForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    // Kept short for the re-render: a refused form never echoes a huge value back.
    email: one(b.email).slice(0, 400),
    name: one(b.name).slice(0, 400),
    locale: one(b.locale).slice(0, 10) || fallbackLocale,
    topics: many(b.topics).slice(0, 10).map((x) => x.slice(0, 40)),
  };
}

/** A field people do not see (hidden by CSS and from assistive technology) and bots fill in. */
export const HONEYPOT_FIELD = 'website';

export function filledHoneypot(body: unknown): boolean {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[HONEYPOT_FIELD] : undefined;
  return typeof value === 'string' && value.trim() !== '';
}

/** The email alone (the compact form has nothing else to check). */
export function emailError(email: string): SubscribeErrorKey | undefined {
  const trimmed = email.trim();
  if (!trimmed) return 'emailRequired';
  if (CONTROL.test(email) || trimmed.length > MAX_EMAIL_LENGTH || !isMailAddress(trimmed)) return 'invalidEmail';
  return undefined;
}

/** Language and topics of the preferences form. */
export function checkChoices(form: Pick<SubscribeForm, 'locale' | 'topics'>, locales: readonly Locale[]): SubscribeErrors {
  const errors: SubscribeErrors = {};
  if (!(locales as readonly string[]).includes(form.locale)) errors.locale = 'invalidLanguage';
  const topics = form.topics.filter((t) => (SUBSCRIPTION_TOPICS as readonly string[]).includes(t));
  if (topics.length === 0 || topics.length !== form.topics.length) errors.topics = 'topicsRequired';
  return errors;
}

export function validateSubscribeForm(
  form: SubscribeForm,
  locales: readonly Locale[],
  invalidEncoding: boolean,
): { ok: true; input: SubscribeInput } | { ok: false; errors: SubscribeErrors } {
  const errors: SubscribeErrors = invalidEncoding ? { form: 'invalidText' } : {};
  const email = emailError(form.email);
  if (email) errors.email = email;
  if (CONTROL.test(form.name)) errors.name = 'nameInvalid';
  else if (form.name.trim().length > MAX_NAME_LENGTH) errors.name = 'nameTooLong';
  Object.assign(errors, checkChoices(form, locales));
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      email: form.email.trim().toLowerCase(),
      name: form.name.trim() || null,
      locale: form.locale as Locale,
      topics: SUBSCRIPTION_TOPICS.filter((t) => form.topics.includes(t)),
    },
  };
}

import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { GUARD_POLICIES } from '../form-guard/form-guard.js';
import type { FieldIssue } from '../../web/form-schema.js';
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
export const HONEYPOT_FIELD = GUARD_POLICIES.subscribe.honeypotField;

/** The email alone (the compact form has nothing else to check). */
export function emailError(email: string): SubscribeErrorKey | undefined {
  const trimmed = email.trim();
  if (!trimmed) return 'emailRequired';
  if (CONTROL.test(email) || trimmed.length > MAX_EMAIL_LENGTH || !isMailAddress(trimmed)) return 'invalidEmail';
  return undefined;
}

type Checked<T> = { value: T } | { error: SubscribeErrorKey };
const pass = <T>(value: T): Checked<T> => ({ value });
const fail = (error: SubscribeErrorKey): { error: SubscribeErrorKey } => ({ error });

/** A field read by `read`, refused with the message key it returns. */
function checkedField<T>(read: (raw: unknown) => Checked<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const result = read(raw);
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    return result.value;
  });
}

/** Language and topics, as the preferences form sends them. */
export function choicesShape(locales: readonly Locale[], fallbackLocale: Locale) {
  return {
    locale: checkedField((raw) => {
      const locale = one(raw) || fallbackLocale;
      return (locales as readonly string[]).includes(locale) ? pass(locale as Locale) : fail('invalidLanguage');
    }),
    topics: checkedField((raw) => {
      const sent = many(raw);
      const known = SUBSCRIPTION_TOPICS.filter((t) => sent.includes(t));
      // Every topic sent must be one we have: an unknown one means a form we did not make.
      return known.length > 0 && sent.every((t) => (SUBSCRIPTION_TOPICS as readonly string[]).includes(t)) ? pass(known) : fail('topicsRequired');
    }),
  };
}

/** The subscribe form: what each field takes, and which message says what is wrong. */
export function subscribeShape(locales: readonly Locale[], fallbackLocale: Locale) {
  return {
    email: checkedField((raw) => {
      const email = one(raw);
      const error = emailError(email);
      return error ? fail(error) : pass(email.trim().toLowerCase());
    }),
    name: checkedField((raw) => {
      const name = one(raw);
      if (CONTROL.test(name)) return fail('nameInvalid');
      return name.trim().length > MAX_NAME_LENGTH ? fail('nameTooLong') : pass<string | null>(name.trim() || null);
    }),
    ...choicesShape(locales, fallbackLocale),
  };
}

/** What a refused form shows: each field's message, and the whole form's when its text was broken. */
export function subscribeErrors(issues: Partial<Record<string, FieldIssue>>, brokenText: boolean): SubscribeErrors {
  const errors: SubscribeErrors = brokenText ? { form: 'invalidText' } : {};
  for (const [name, issue] of Object.entries(issues)) if (issue) errors[name as keyof SubscribeErrors] = issue.code as SubscribeErrorKey;
  return errors;
}

import { limitedText, readForm } from '../../web/form-schema.js';
import { isRedirectTarget, MAX_REDIRECT_KEY_LENGTH, redirectKeyOf } from './redirect-paths.js';
import type { RedirectErrorKey } from './redirects.messages.js';

const shape = { from: limitedText(MAX_REDIRECT_KEY_LENGTH), to: limitedText(MAX_REDIRECT_KEY_LENGTH) };

export interface RedirectFormValues {
  from: string;
  to: string;
}

export type RedirectFormRead =
  | { ok: true; fromPath: string; toPath: string }
  | { ok: false; values: RedirectFormValues; errors: Partial<Record<keyof RedirectFormValues, RedirectErrorKey>> };

/**
 * Reads the redirect form: the old address becomes its key (`redirectKeyOf`); the new one must
 * be a path here or an http(s) address. A language's home page is never redirected away.
 */
export function readRedirectForm(body: unknown, locales: readonly string[]): RedirectFormRead {
  const read = readForm<typeof shape, RedirectErrorKey>(shape, body);
  if (!read.ok) {
    const errors = Object.fromEntries(Object.entries(read.issues).map(([k, v]) => [k, v!.code])) as Partial<Record<keyof RedirectFormValues, RedirectErrorKey>>;
    return { ok: false, values: { from: String(read.values.from), to: String(read.values.to) }, errors };
  }
  const { from, to } = read.value;
  const errors: Partial<Record<keyof RedirectFormValues, RedirectErrorKey>> = {};
  const fromPath = from && (from.startsWith('/') || /^https?:\/\//i.test(from)) ? redirectKeyOf(from) : undefined;
  if (!from) errors.from = 'required';
  else if (!fromPath) errors.from = 'badFrom';
  else if (fromPath === '/' || locales.some((l) => fromPath === `/${l}`)) errors.from = 'homeRefused';
  if (!to) errors.to = 'required';
  else if (!isRedirectTarget(to)) errors.to = 'badTo';
  else if (fromPath && redirectKeyOf(to) === fromPath && to.startsWith('/')) errors.to = 'loop';
  if (Object.keys(errors).length || !fromPath) return { ok: false, values: { from, to }, errors };
  return { ok: true, fromPath, toPath: to };
}

import { z } from 'zod';
import { readForm, trimmedText } from '../../web/form-schema.js';
import type { FormErrors } from './accounts.views.js';
import { checkPasswordPolicy } from './passwords.js';

const emailSchema = z.email().max(320);

export function isEmail(value: string): boolean {
  return emailSchema.safeParse(value.trim()).success;
}

/**
 * Where to go after signing in: only a path inside the admin of this site, never another host
 * (`//evil.example`, `/\evil.example`) nor a public page.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/admin';
  return /^\/admin(?:[/?#][^\\\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}

/** A field as the browser sent it, cut at `max` characters; '' when missing or sent more than once. */
function sentText(max: number) {
  return z.unknown().transform((raw) => (typeof raw === 'string' ? raw.slice(0, max) : ''));
}

function requiredText(max: number, trim: boolean) {
  return sentText(max)
    .transform((text) => (trim ? text.trim() : text))
    .refine((text) => text.length > 0, { message: 'required', params: { echo: '' } });
}

/**
 * An account's address, trimmed (and lower-cased where addresses are compared as stored). Read
 * whole: one over 320 characters is invalid, never cut into another address.
 */
function accountEmail(lowerCase: boolean) {
  return trimmedText()
    .transform((text) => (lowerCase ? text.toLowerCase() : text))
    .superRefine((email, ctx) => {
      if (!email) ctx.addIssue({ code: 'custom', message: 'required' });
      else if (!isEmail(email)) ctx.addIssue({ code: 'custom', message: 'invalidEmail', params: { echo: email } });
    });
}

/** Where to go next, from a hidden field: a path in the admin, else the dashboard. */
const nextField = sentText(500).transform(safeNext);

export const signInShape = { email: requiredText(320, true), password: requiredText(1000, false), next: nextField };
export const twoFactorShape = { code: sentText(100), next: nextField };
export const passwordChangeShape = { current: sentText(1000), password: sentText(1000), password2: sentText(1000) };
export const currentPasswordShape = { current: sentText(1000) };
export const totpCodeShape = { code: sentText(100) };

/** Reads an account form through its shape: every field as a string (as sent, when refused), and a message key per refused field. */
export function readAccountForm<Shape extends Record<string, z.ZodType<string>>>(shape: Shape, body: unknown): { fields: { [K in keyof Shape]: string }; errors: FormErrors } {
  const read = readForm(shape, body);
  const fields = (read.ok ? read.value : read.values) as { [K in keyof Shape]: string };
  const errors = read.ok ? {} : (Object.fromEntries(Object.entries(read.issues).map(([name, issue]) => [name, issue?.code])) as FormErrors);
  return { fields, errors };
}

/** A new password against the policy (which knows the address), then its repetition when the form asks for one. */
export function checkNewPassword(password: string, email: string, repeated?: string): FormErrors {
  const problem = checkPasswordPolicy(password, email);
  if (problem) return { password: problem };
  return repeated !== undefined && repeated !== password ? { password2: 'passwordsDiffer' } : {};
}

/**
 * A new account's form (the first administrator's, one made by an administrator, or on the
 * command line): name and address through the schema, then the password against the policy and,
 * when asked for, its repetition.
 */
export function readNewAccount(body: unknown, options: { repeatPassword: boolean; lowerCaseEmail: boolean }) {
  const shape = {
    name: requiredText(200, true),
    email: accountEmail(options.lowerCaseEmail),
    password: sentText(1000),
    password2: sentText(1000),
    role: sentText(20),
  };
  const { fields, errors } = readAccountForm(shape, body);
  const repeated = options.repeatPassword ? fields.password2 : undefined;
  return {
    values: { name: fields.name, email: fields.email },
    role: fields.role,
    password: fields.password,
    errors: { ...errors, ...checkNewPassword(fields.password, fields.email, repeated) },
  };
}

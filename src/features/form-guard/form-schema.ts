import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { formatNumber } from '../../i18n/format.js';
import type { FieldIssue } from '../../web/form-schema.js';
import { EMAIL_MAX_LENGTH, readEmail, readText, type FieldError, type ReadField, type TextRule } from './form-fields.js';
import { formGuardMessages } from './form-guard.messages.js';

/** The text rules of the public forms as Zod field schemas, for `readForm` (web/form-schema.ts). */

/** The first string a field came with (a repeated single-value field counts as missing). */
const asText = (raw: unknown) => (typeof raw === 'string' ? raw : '');

function fromRead(read: ReadField, max: number, ctx: z.RefinementCtx): string {
  if (read.error) {
    ctx.addIssue({ code: 'custom', message: read.error, params: { max, echo: read.value } });
    return z.NEVER;
  }
  return read.value;
}

/** A text field of a public form: NFC, trimmed, control characters and damaged text refused. */
export function textField(rule: TextRule) {
  return z.unknown().transform((raw, ctx) => fromRead(readText({ v: asText(raw) }, 'v', rule), rule.maxLength, ctx));
}

/** An email address the outbox accepts as a Reply-To. */
export function emailField() {
  return z.unknown().transform((raw, ctx) => fromRead(readEmail({ v: asText(raw) }, 'v'), EMAIL_MAX_LENGTH, ctx));
}

/** The text of a text or email field's issue, in the visitor's language. */
export function fieldIssueText(issue: FieldIssue, locale: Locale): string {
  const t = formGuardMessages[locale];
  const code = issue.code as FieldError;
  return code === 'tooLong' ? t.tooLong(formatNumber(issue.max ?? 0, locale)) : t[code];
}

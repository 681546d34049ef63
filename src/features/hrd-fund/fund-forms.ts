import { z } from 'zod';
import { readForm } from '../../web/form-schema.js';
import type { FormState } from '../hrd-cases/case-form-controls.js';
import { MAX_LONG_TEXT } from '../hrd-cases/case-input.js';
import type { CasesMessageKey } from '../hrd-cases/cases.messages.js';

/** The first value a field came with, '' when none. */
const firstSent = z.unknown().transform((raw) => {
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : '';
});

/** A long text, trimmed; shown again cut a little past the limit, so the page stays small. */
function longText(required: boolean) {
  return firstSent
    .transform((text) => text.trim())
    .superRefine((text, ctx) => {
      const problem = required && !text ? 'required' : text.length > MAX_LONG_TEXT ? 'tooLong' : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { echo: text.slice(0, MAX_LONG_TEXT + 100) } });
    });
}

/** An amount as typed, without spaces or thousands separators. */
const amountText = firstSent.transform((text) => text.trim().replace(/[\s,]/g, ''));

/** A whole amount of at least 1, up to `max`. */
export function isWholeAmount(text: string, max: number): boolean {
  return /^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= max;
}

export const assessShape = { assessment: longText(true) };

/** The decision's amount is checked after the schema: only an approval has one. */
export const decideShape = { decision: firstSent, approvedAmount: amountText, note: longText(false) };

export const disburseShape = {
  amount: amountText.superRefine((text, ctx) => {
    if (!isWholeAmount(text, Number.MAX_SAFE_INTEGER)) ctx.addIssue({ code: 'custom', message: text ? 'wholeNumber' : 'required', params: { echo: text } });
  }),
  paidOn: firstSent.transform((text) => text.trim()),
};

/** Reads a fund form: every field as a string (as typed, when refused), and a message key per refused field. */
export function readFundForm<Shape extends Record<string, z.ZodType<string>>>(shape: Shape, body: unknown): { fields: { [K in keyof Shape]: string }; errors: FormState['errors'] } {
  const read = readForm<Shape, CasesMessageKey>(shape, body);
  const fields = (read.ok ? read.value : read.values) as { [K in keyof Shape]: string };
  const errors: FormState['errors'] = read.ok ? {} : Object.fromEntries(Object.entries(read.issues).map(([name, issue]) => [name, issue?.code]));
  return { fields, errors };
}

import { z } from 'zod';
import type { Vocabulary } from '../hrd-vocabularies/vocabularies.tables.js';
import { isDateAccuracy, parseCaseDate } from './case-dates.js';
import type { Lookups } from './case-page.presenter.js';
import type { CasesMessageKey } from './cases.messages.js';
import type { DateAccuracy } from './cases.tables.js';

/*
 * The fields of the case forms as Zod schemas: each gives the field's type and its check, and
 * names what is wrong by a key of the cases catalogue (`casesMessages`), so the page says it in
 * the user's language. A refused field is shown again as `echo` says (trimmed, cut a little past
 * its limit so the page stays small).
 */

/** Whole dollars or riels: up to a billion, so 1 000 000 000 riels (about 250 000 USD) fits. */
export const MAX_AMOUNT = 1_000_000_000;
/** Items of a multiple choice read at most: more is not a form a person sent. */
const MAX_CHOICES = 50;

type Refinement = z.RefinementCtx;

function refuse(ctx: Refinement, code: CasesMessageKey, echo?: string | string[]): void {
  ctx.addIssue({ code: 'custom', message: code, params: echo === undefined ? {} : { echo } });
}

/** The first value a field came with (a name sent twice counts once), '' when none. */
export const firstSent = z.unknown().transform((raw) => {
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : '';
});

/** Every non-empty value a field came with. */
const allSent = z.unknown().transform((raw) =>
  (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '').slice(0, MAX_CHOICES),
);

/** A text of at most `max` characters, trimmed, with Windows line ends made plain; '' when empty. */
export function caseText(max: number, required = false) {
  return firstSent
    .transform((text) => text.replace(/\r\n/g, '\n').trim())
    .superRefine((text, ctx) => {
      if (text.length > max) refuse(ctx, 'tooLong', text.slice(0, max + 100));
      else if (!text && required) refuse(ctx, 'required', '');
    });
}

/** One of `options`; `fallback` when the field is empty and may be. */
export function choiceOf<T extends string>(options: readonly T[], fallback?: T) {
  return firstSent.transform((value, ctx): T => {
    if ((options as readonly string[]).includes(value)) return value as T;
    if (fallback !== undefined && value === '') return fallback;
    refuse(ctx, value ? 'chooseFromList' : 'required');
    return z.NEVER;
  });
}

/** The id of one of `allowed`; null when empty and not required. */
export function idOf(allowed: readonly number[], required: boolean) {
  return firstSent.transform((value, ctx): number | null => {
    if (!value) {
      if (required) refuse(ctx, 'required');
      return null;
    }
    const id = Number(value);
    if (allowed.includes(id)) return id;
    refuse(ctx, 'chooseFromList');
    return z.NEVER;
  });
}

const termIds = (lookups: Lookups, vocabulary: Vocabulary) => (lookups.terms[vocabulary] ?? []).map((t) => t.id);

/** A term of the vocabulary (active ones only: retired terms are not offered for new records). */
export function termOf(lookups: Lookups, vocabulary: Vocabulary, required: boolean) {
  return idOf(termIds(lookups, vocabulary), required);
}

/** Terms of the vocabulary, ticked in a list; one that is not offered refuses the field. */
export function termsOf(lookups: Lookups, vocabulary: Vocabulary) {
  const allowed = new Set(termIds(lookups, vocabulary));
  return allSent.transform((values, ctx): number[] => {
    const ids = values.map(Number);
    if (ids.every((id) => allowed.has(id))) return ids;
    refuse(ctx, 'chooseFromList', values);
    return z.NEVER;
  });
}

/** A whole number from 1 to `max`, spaces and thousands separators allowed; null when empty. */
export function wholeNumber(required: boolean, max = MAX_AMOUNT) {
  return firstSent.transform((sent, ctx): number | null => {
    const value = sent.trim().replace(/[\s,]/g, '');
    if (!value) {
      if (required) refuse(ctx, 'required', sent.slice(0, 20));
      return null;
    }
    if (/^\d{1,10}$/.test(value) && Number(value) >= 1 && Number(value) <= max) return Number(value);
    refuse(ctx, 'wholeNumber', sent.slice(0, 20));
    return z.NEVER;
  });
}

/** A plain day (YYYY-MM-DD), not after `today`; null when empty. */
export function dayOf(today: string, required: boolean) {
  return firstSent.transform((sent, ctx): string | null => {
    const value = sent.trim().slice(0, 20);
    if (!value) {
      if (required) refuse(ctx, 'dateRequired', value);
      return null;
    }
    const parsed = parseCaseDate(value, 'day', today);
    if (parsed.ok) return parsed.value;
    refuse(ctx, parsed.problem === 'dateNeedsDay' ? 'dateInvalid' : parsed.problem, value);
    return z.NEVER;
  });
}

/**
 * The accuracy of a rough date. A wrong one is refused, and the date is then read as a day
 * (`roughDate`), so the page can say what is wrong with both.
 */
export const accuracyField = firstSent.transform((value, ctx): DateAccuracy => {
  if (isDateAccuracy(value)) return value;
  refuse(ctx, 'chooseFromList', 'day');
  return z.NEVER;
});

/** A rough date's text, read with its accuracy after the shape (`roughDate`). */
export const roughDateText = firstSent.transform((text) => text.trim().slice(0, 20));

/** The version a form was loaded at; 0 (never current) when missing or not a positive whole number. */
export const versionField = firstSent.transform((text) => {
  const v = Number(text);
  return Number.isInteger(v) && v > 0 ? v : 0;
});

/** The id of a row, from a hidden field: a whole number of at least 1. */
export const rowId = firstSent.transform((text, ctx): number => {
  const id = Number(text);
  if (text && Number.isInteger(id) && id >= 1) return id;
  refuse(ctx, 'notInCase');
  return z.NEVER;
});

/** A field this user's form does not have: whatever is sent is not read. */
export const notRead = z.unknown().transform((): null => null);

/** A checkbox-like flag sent as `1`. */
export const flagField = firstSent.transform((text) => text === '1');

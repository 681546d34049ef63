import { z } from 'zod';
import { isMailAddress } from '../mail/outbox.js';

/**
 * Reading the text fields of a public form. Values are kept (for the form shown again) even
 * when they are wrong; the error says what to fix.
 */
export type FieldError = 'required' | 'tooLong' | 'invalidEmail' | 'invalidCharacters';

export interface TextRule {
  maxLength: number;
  /** Several lines allowed (a message); single-line fields refuse every line break. */
  multiline?: boolean;
  required?: boolean;
}

/** Control characters (C0 and C1) and the bidirectional overrides used to disguise text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** Half of a surrogate pair on its own: text that cannot be encoded as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** What a decoder puts where the bytes were not valid UTF-8. */
const REPLACEMENT = '\ufffd';
/** A value longer than this is not echoed back in full. */
const ECHO_FACTOR = 2;

function rawField(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

export interface ReadField {
  /** NFC, trimmed, line ends as LF: what is stored when there is no error. */
  value: string;
  error?: FieldError;
}

export function readText(body: unknown, name: string, rule: TextRule): ReadField {
  const raw = rawField(body, name);
  const value = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const echo = value.slice(0, rule.maxLength * ECHO_FACTOR);
  if (!value) return { value: '', ...(rule.required ? { error: 'required' as const } : {}) };
  if (value.includes(REPLACEMENT) || new RegExp(LONE_SURROGATE.source).test(value) || CONTROL.test(value) || (!rule.multiline && LINE_BREAK.test(value))) {
    // Shown again without the offending characters, so the person sees what is left.
    return { value: echo.replace(new RegExp(CONTROL.source, 'g'), '').replaceAll(REPLACEMENT, '').replace(LONE_SURROGATE, ''), error: 'invalidCharacters' };
  }
  if ([...value].length > rule.maxLength) return { value: echo, error: 'tooLong' };
  return { value };
}

/** Marks that reorder text on screen without being overrides (LRM, RLM, ALM). */
const DIRECTION_MARKS = /[\u200e\u200f\u061c]/g;
/** What a file is called when nothing of its name is left. */
const UNNAMED_FILE = 'file';
const FILE_NAME_MAX_LENGTH = 255;

/**
 * A staff upload's file name as stored and shown: the public forms' control and bidi filter, plus
 * line breaks and direction marks, so `invoice\u202Efdp.exe` cannot display as another extension.
 */
export function cleanFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(new RegExp(CONTROL.source, 'g'), '')
    .replace(new RegExp(`${LINE_BREAK.source}+`, 'g'), ' ')
    .replace(DIRECTION_MARKS, '')
    .replace(LONE_SURROGATE, '')
    .trim();
  return cleaned.slice(0, FILE_NAME_MAX_LENGTH) || UNNAMED_FILE;
}

const emailSchema = z.email();
export const EMAIL_MAX_LENGTH = 254;

/** An address the outbox accepts as a Reply-To: one plain address, no display name, no line breaks. */
export function readEmail(body: unknown, name: string): ReadField {
  const read = readText(body, name, { maxLength: EMAIL_MAX_LENGTH, required: true });
  if (read.error) return read;
  return emailSchema.safeParse(read.value).success && isMailAddress(read.value) ? read : { value: read.value, error: 'invalidEmail' };
}

import { z } from 'zod';

/**
 * Reading a form through a Zod schema: each field's schema gives its type and its check, and
 * names what is wrong by a key of a typed message catalogue, so the text is in the visitor's
 * language. A refused form comes back with what was typed (cleaned), field by field.
 */

/** What a field's schema says is wrong: a catalogue key, and the limit a message may quote. */
export interface FieldIssue<Code extends string = string> {
  code: Code;
  max?: number;
  /** The value to show again, when the schema has a better one than the raw input. */
  echo?: string;
}

type FormShape = Record<string, z.ZodType>;
type Shown = string | string[];

/**
 * The form read: its typed value, or what is wrong with each refused field. Either way `values`
 * is the form to show again: a field whose schema gives text (or a list of texts) shows that,
 * cleaned; any other shows what was sent.
 */
export type FormRead<Shape extends FormShape, Code extends string = string> =
  | { ok: true; value: { [K in keyof Shape]: z.output<Shape[K]> }; values: Record<keyof Shape, Shown> }
  | {
      ok: false;
      values: Record<keyof Shape, Shown>;
      issues: Partial<Record<keyof Shape, FieldIssue<Code>>>;
      /** The typed value of each field that passed, for the checks that compare fields. */
      passed: Partial<{ [K in keyof Shape]: z.output<Shape[K]> }>;
    };

function shownValue(raw: unknown): Shown {
  if (typeof raw === 'string') return raw;
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : '';
}

const isShown = (data: unknown): data is Shown => typeof data === 'string' || (Array.isArray(data) && data.every((v) => typeof v === 'string'));

function issueOf(error: z.ZodError): FieldIssue {
  const first = error.issues[0];
  const params = first && 'params' in first ? (first.params as Partial<FieldIssue> | undefined) : undefined;
  return { code: first?.message ?? 'invalid', ...params };
}

/** Reads every field of `shape` from a parsed form body; each field is checked on its own. */
export function readForm<Shape extends FormShape, Code extends string = string>(shape: Shape, body: unknown): FormRead<Shape, Code> {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  const values: Record<string, Shown> = {};
  const issues: Record<string, FieldIssue> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const parsed = schema.safeParse(input[name]);
    if (parsed.success) {
      value[name] = parsed.data;
      values[name] = isShown(parsed.data) ? parsed.data : shownValue(input[name]);
    } else {
      const issue = issueOf(parsed.error);
      issues[name] = issue;
      values[name] = issue.echo ?? shownValue(input[name]);
    }
  }
  if (Object.keys(issues).length > 0) return { ok: false, values, issues, passed: value } as FormRead<Shape, Code>;
  return { ok: true, value, values } as FormRead<Shape, Code>;
}

/** A staff form's text field: trimmed; '' when missing or sent more than once. */
export function trimmedText() {
  return z.unknown().transform((raw) => (typeof raw === 'string' ? raw.trim() : ''));
}

/** A staff form's trimmed text of at most `max` characters; a longer one is `tooLong`, shown trimmed. */
export function limitedText(max: number) {
  return trimmedText().superRefine((text, ctx) => {
    if (text.length > max) ctx.addIssue({ code: 'custom', message: 'tooLong', params: { max, echo: text } });
  });
}

/** A checkbox: ticked only when the browser sent `on`. */
export function checkbox() {
  return z.unknown().transform((raw) => raw === 'on');
}

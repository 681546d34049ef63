import type { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { textIn } from '../../i18n/translation.js';
import { readForm, trimmedText } from '../../web/form-schema.js';
import type { TermInput, VocabularyTerm } from './vocabularies.repository.js';
import type { Vocabulary } from './vocabularies.tables.js';

/** The term form as typed, kept as strings so a refused form comes back exactly as sent. */
export interface TermForm {
  code: string;
  parentId: string;
  position: string;
  /** Per locale field (`labelEn`, `descriptionKm`, …): one label and one description per configured locale. */
  texts: Record<string, string>;
}

/** The form field of a per-locale text: `labelEn`, `descriptionKm`. */
export function localeField(prefix: 'label' | 'description' | 'name', locale: Locale): string {
  return `${prefix}${locale.charAt(0).toUpperCase()}${locale.slice(1)}`;
}

export type TermErrorKey = 'errorRequired' | 'errorTooLong' | 'errorCode' | 'errorCodeTaken' | 'errorPosition' | 'errorParent';

const LABEL_MAX = 200;
const DESCRIPTION_MAX = 2000;
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,59}$/;

/** Vocabularies whose terms may sit under a broader term. */
export const HIERARCHICAL: readonly Vocabulary[] = ['act_type'];

const textFields = (locales: readonly Locale[]) => locales.flatMap((l) => [localeField('label', l), localeField('description', l)]);

/** A trimmed text, shown again trimmed when refused. */
function checkedText(check: (text: string) => TermErrorKey | undefined) {
  return trimmedText().superRefine((text, ctx) => {
    const problem = check(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { echo: text } });
  });
}

const POSITION_PATTERN = /^\d{1,6}$/;

/**
 * The checks a term's fields make on their own: a new term's code (an edited term keeps its
 * code, which the form does not send), a label in every configured language, the lengths and
 * the position. Checks against the vocabulary's other terms follow in `validateTermForm`.
 */
function termShape(locales: readonly Locale[], creating: boolean) {
  return {
    code: creating ? checkedText((code) => (CODE_PATTERN.test(code) ? undefined : 'errorCode')) : trimmedText(),
    parentId: trimmedText(),
    position: checkedText((p) => (POSITION_PATTERN.test(p) && Number(p) <= 100_000 ? undefined : 'errorPosition')),
    ...Object.fromEntries(
      locales.flatMap((l) => [
        [localeField('label', l), checkedText((text) => (!text ? 'errorRequired' : text.length > LABEL_MAX ? 'errorTooLong' : undefined))],
        [localeField('description', l), checkedText((text) => (text.length > DESCRIPTION_MAX ? 'errorTooLong' : undefined))],
      ]),
    ),
  } satisfies Record<string, z.ZodType<string>>;
}

/** The form as sent (trimmed), with what its fields say is wrong on their own. */
export interface TermFormRead {
  form: TermForm;
  errors: TermFormErrors;
}

export function readTermForm(body: unknown, locales: readonly Locale[], creating: boolean): TermFormRead {
  const read = readForm<Record<string, z.ZodType<string>>, TermErrorKey>(termShape(locales, creating), body);
  const values: Record<string, unknown> = read.ok ? read.value : read.values;
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  return {
    form: {
      code: text('code'),
      parentId: text('parentId'),
      position: text('position'),
      texts: Object.fromEntries(textFields(locales).map((field) => [field, text(field)])),
    },
    errors: read.ok ? {} : Object.fromEntries(Object.entries(read.issues).map(([name, issue]) => [name, issue?.code])),
  };
}

const PLACE_NAME_MAX = 200;

/** A place's names, one per configured language, each required; trimmed, with what is wrong with each. */
export function readPlaceForm(body: unknown, locales: readonly Locale[]): { form: Record<string, string>; errors: TermFormErrors } {
  const nameCheck = (name: string): TermErrorKey | undefined => (!name ? 'errorRequired' : name.length > PLACE_NAME_MAX ? 'errorTooLong' : undefined);
  const shape = Object.fromEntries(locales.map((l) => [localeField('name', l), checkedText(nameCheck)]));
  const read = readForm<Record<string, z.ZodType<string>>, TermErrorKey>(shape, body);
  const values: Record<string, unknown> = read.ok ? read.value : read.values;
  return {
    form: Object.fromEntries(Object.keys(shape).map((name) => [name, typeof values[name] === 'string' ? values[name] : ''])),
    errors: read.ok ? {} : Object.fromEntries(Object.entries(read.issues).map(([name, issue]) => [name, issue?.code])),
  };
}

export function termFormFromTerm(term: VocabularyTerm | undefined, nextPosition: number, locales: readonly Locale[]): TermForm {
  return {
    code: term?.code ?? '',
    parentId: term?.parentId ? String(term.parentId) : '',
    position: String(term?.position ?? nextPosition),
    texts: Object.fromEntries(
      locales.flatMap((l) => [
        [localeField('label', l), textIn(term?.labels ?? [], l)],
        [localeField('description', l), textIn(term?.descriptions ?? [], l)],
      ]),
    ),
  };
}

/** Errors by form field: `code`, `parentId`, `position` or a per-locale field. */
export type TermFormErrors = Partial<Record<string, TermErrorKey>>;

/**
 * Checks a read form against the vocabulary's current terms: a new code is not taken, a broader
 * term exists and may hold narrower ones. `editing` is the term being edited.
 */
export function validateTermForm(
  { form, errors: fieldErrors }: TermFormRead,
  vocabulary: Vocabulary,
  terms: VocabularyTerm[],
  editing: VocabularyTerm | undefined,
  locales: readonly Locale[],
): { ok: true; input: TermInput } | { ok: false; errors: TermFormErrors } {
  const errors: TermFormErrors = { ...fieldErrors };
  if (!editing && !errors.code && terms.some((t) => t.code === form.code)) errors.code = 'errorCodeTaken';
  let parentId: number | null = null;
  if (form.parentId) {
    const parent = terms.find((t) => String(t.id) === form.parentId);
    const hasChildren = editing !== undefined && terms.some((t) => t.parentId === editing.id);
    if (!HIERARCHICAL.includes(vocabulary) || !parent || parent.parentId !== null || parent.id === editing?.id || hasChildren) {
      errors.parentId = 'errorParent';
    } else parentId = parent.id;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      code: editing?.code ?? form.code,
      parentId,
      position: Number(form.position),
      texts: locales.map((locale) => ({
        locale,
        label: form.texts[localeField('label', locale)] ?? '',
        description: form.texts[localeField('description', locale)] || null,
      })),
    },
  };
}

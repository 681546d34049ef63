import type { Locale } from '../../i18n/locales.js';
import { textIn } from '../../i18n/translation.js';
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

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const textFields = (locales: readonly Locale[]) => locales.flatMap((l) => [localeField('label', l), localeField('description', l)]);

export function termFormFromBody(body: Record<string, unknown>, locales: readonly Locale[]): TermForm {
  return {
    code: str(body.code).trim(),
    parentId: str(body.parentId).trim(),
    position: str(body.position).trim(),
    texts: Object.fromEntries(textFields(locales).map((field) => [field, str(body[field]).trim()])),
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
 * Checks the form against the vocabulary's current terms. `editing` is the term being edited
 * (its code is fixed and not read from the form).
 */
export function validateTermForm(
  form: TermForm,
  vocabulary: Vocabulary,
  terms: VocabularyTerm[],
  editing: VocabularyTerm | undefined,
  locales: readonly Locale[],
): { ok: true; input: TermInput } | { ok: false; errors: TermFormErrors } {
  const errors: TermFormErrors = {};
  if (!editing) {
    if (!CODE_PATTERN.test(form.code)) errors.code = 'errorCode';
    else if (terms.some((t) => t.code === form.code)) errors.code = 'errorCodeTaken';
  }
  for (const locale of locales) {
    const label = localeField('label', locale);
    const description = localeField('description', locale);
    if (!form.texts[label]) errors[label] = 'errorRequired';
    else if (form.texts[label].length > LABEL_MAX) errors[label] = 'errorTooLong';
    if ((form.texts[description] ?? '').length > DESCRIPTION_MAX) errors[description] = 'errorTooLong';
  }
  const position = /^\d{1,6}$/.test(form.position) ? Number(form.position) : NaN;
  if (!Number.isInteger(position) || position > 100_000) errors.position = 'errorPosition';
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
      position,
      texts: locales.map((locale) => ({
        locale,
        label: form.texts[localeField('label', locale)] ?? '',
        description: form.texts[localeField('description', locale)] || null,
      })),
    },
  };
}

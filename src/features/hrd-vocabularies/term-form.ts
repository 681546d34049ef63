import type { TermInput, VocabularyTerm } from './vocabularies.repository.js';
import type { Vocabulary } from './vocabularies.tables.js';

/** The term form as typed, kept as strings so a refused form comes back exactly as sent. */
export interface TermForm {
  code: string;
  parentId: string;
  position: string;
  labelEn: string;
  labelKm: string;
  descriptionEn: string;
  descriptionKm: string;
}

export type TermErrorKey = 'errorRequired' | 'errorTooLong' | 'errorCode' | 'errorCodeTaken' | 'errorPosition' | 'errorParent';

const LABEL_MAX = 200;
const DESCRIPTION_MAX = 2000;
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,59}$/;

/** Vocabularies whose terms may sit under a broader term. */
export const HIERARCHICAL: readonly Vocabulary[] = ['act_type'];

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function termFormFromBody(body: Record<string, unknown>): TermForm {
  return {
    code: str(body.code).trim(),
    parentId: str(body.parentId).trim(),
    position: str(body.position).trim(),
    labelEn: str(body.labelEn).trim(),
    labelKm: str(body.labelKm).trim(),
    descriptionEn: str(body.descriptionEn).trim(),
    descriptionKm: str(body.descriptionKm).trim(),
  };
}

export function termFormFromTerm(term: VocabularyTerm | undefined, nextPosition: number): TermForm {
  return {
    code: term?.code ?? '',
    parentId: term?.parentId ? String(term.parentId) : '',
    position: String(term?.position ?? nextPosition),
    labelEn: term?.labelEn ?? '',
    labelKm: term?.labelKm ?? '',
    descriptionEn: term?.descriptionEn ?? '',
    descriptionKm: term?.descriptionKm ?? '',
  };
}

/**
 * Checks the form against the vocabulary's current terms. `editing` is the term being edited
 * (its code is fixed and not read from the form).
 */
export function validateTermForm(
  form: TermForm,
  vocabulary: Vocabulary,
  terms: VocabularyTerm[],
  editing: VocabularyTerm | undefined,
): { ok: true; input: TermInput } | { ok: false; errors: Partial<Record<keyof TermForm, TermErrorKey>> } {
  const errors: Partial<Record<keyof TermForm, TermErrorKey>> = {};
  if (!editing) {
    if (!CODE_PATTERN.test(form.code)) errors.code = 'errorCode';
    else if (terms.some((t) => t.code === form.code)) errors.code = 'errorCodeTaken';
  }
  for (const key of ['labelEn', 'labelKm'] as const) {
    if (!form[key]) errors[key] = 'errorRequired';
    else if (form[key].length > LABEL_MAX) errors[key] = 'errorTooLong';
  }
  for (const key of ['descriptionEn', 'descriptionKm'] as const) {
    if (form[key].length > DESCRIPTION_MAX) errors[key] = 'errorTooLong';
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
      labelEn: form.labelEn,
      labelKm: form.labelKm,
      descriptionEn: form.descriptionEn || null,
      descriptionKm: form.descriptionKm || null,
    },
  };
}

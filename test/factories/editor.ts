import { findContentType, type ContentTypeKey, type Widget } from '../../src/features/editor/editor.types.js';

/**
 * Values the shared tests count on where the descriptor's first choice would do as well: a
 * publication is a report, an organisation a partner. Every other required field is filled from
 * the type's descriptor (`requiredFields`), so a new type needs nothing here.
 */
const CHOSEN: Partial<Record<ContentTypeKey, Record<string, string>>> = {
  publication: { type: 'report' },
  organisation: { kind: 'partner' },
};

/** A valid value for each kind of required item field. */
const SAMPLE: Partial<Record<Widget, string>> = { date: '2099-12-31', datetime: '2030-03-01T09:00' };

/** The item fields a type's form requires, with valid values, read from its descriptor. */
function requiredFields(type: ContentTypeKey): Record<string, string> {
  const fields = findContentType(type)!.fields.filter((f) => f.required);
  const values = fields.map((f) => [f.name, f.defaultValue ?? f.options?.[0] ?? SAMPLE[f.widget] ?? 'x'] as const);
  return { ...Object.fromEntries(values), ...CHOSEN[type] };
}

/** The locale fields a type requires (the one naming an item first), and the text field that says more about it. */
function localeFields(type: ContentTypeKey): { required: string[]; about: string | undefined } {
  const { localeFields: fields, titleField } = findContentType(type)!;
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return { required: [titleField, ...required.filter((n) => n !== titleField)], about: fields.find((f) => f.widget === 'textarea')?.name };
}

/**
 * A filled item form as the browser posts it: the required fields, an English and a Khmer
 * text (each may be left out), plus whatever `extra` sets.
 */
export function editorForm(
  type: ContentTypeKey,
  csrfToken: string,
  texts: { en?: string; km?: string },
  extra: Record<string, string | string[]> = {},
): string {
  const form = new URLSearchParams({ _csrf: csrfToken, _version: '0', intent: 'save', ...requiredFields(type) });
  const { required, about } = localeFields(type);
  for (const [locale, text] of Object.entries(texts)) {
    // The naming field gets the text itself; another required one (a person's role) a variant of it.
    for (const [i, field] of required.entries()) form.set(`${locale}.${field}`, i === 0 ? text : `${field[0]!.toUpperCase()}${field.slice(1)} ${text}`);
    if (about) form.set(`${locale}.${about}`, `About ${text}`);
  }
  for (const [key, value] of Object.entries(extra)) {
    form.delete(key);
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form.toString();
}

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** The item id in the address a save redirects to (`/admin/news/12?done=saved`). */
export function itemIdFrom(location: unknown): number {
  return Number(new URL(String(location), 'http://dove.test').pathname.split('/').pop());
}

import type { ContentTypeKey } from '../../src/features/content-types/content-types.js';

/** The item fields each type requires in its form, with valid values. */
const LICENSED = { licence: 'CC-BY-4.0' };
const REQUIRED: Record<ContentTypeKey, Record<string, string>> = {
  page: { ...LICENSED },
  publication: { type: 'report', ...LICENSED },
  news: { kind: 'press_release', ...LICENSED },
  project: { kind: 'current', ...LICENSED },
  event: { startsAt: '2030-03-01T09:00', ...LICENSED },
  album: { ...LICENSED },
  vacancy: { deadline: '2099-12-31', ...LICENSED },
  person: { group: 'staff' },
  organisation: { kind: 'partner' },
  topic: {},
};

/** The locale field naming an item, and the other required ones. */
const LOCALE_REQUIRED: Partial<Record<ContentTypeKey, string[]>> = { person: ['name', 'role'], organisation: ['name'], topic: ['name'] };

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
  const form = new URLSearchParams({ _csrf: csrfToken, _version: '0', intent: 'save', ...REQUIRED[type] });
  for (const [locale, text] of Object.entries(texts)) {
    for (const field of LOCALE_REQUIRED[type] ?? ['title']) form.set(`${locale}.${field}`, field === 'role' ? `Role ${text}` : text);
    if (type !== 'topic') form.set(`${locale}.${type === 'person' ? 'bio' : type === 'album' || type === 'organisation' ? 'description' : 'summary'}`, `About ${text}`);
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

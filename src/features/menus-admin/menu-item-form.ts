import type { AdminMenuItem, MenuItemInput } from './menus-admin.repository.js';

/** The item form's fields, as typed, so a refused form comes back exactly as it was sent. */
export interface MenuItemForm {
  href: string;
  parent: string;
  labels: Record<string, string>;
}

export type MenuItemErrorKey = 'hrefRequired' | 'hrefInvalid' | 'hrefHasLocale' | 'labelRequired' | 'tooLong' | 'parentInvalid' | 'parentCycle';

const MAX_HREF = 500;
const MAX_LABEL = 200;

export function formFromItem(item: AdminMenuItem | undefined, locales: readonly string[]): MenuItemForm {
  return {
    href: item?.href ?? '',
    parent: item?.parentId == null ? '' : String(item.parentId),
    labels: Object.fromEntries(locales.map((l) => [l, item?.labels[l] ?? ''])),
  };
}

export function formFromBody(body: Record<string, unknown>, locales: readonly string[]): MenuItemForm {
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  return { href: field('href'), parent: field('parent'), labels: Object.fromEntries(locales.map((l) => [l, field(`label_${l}`)])) };
}

/**
 * A link is either a path on this site without its language (`/about`; the header adds `/en` or
 * `/km`) or a full https address elsewhere. Anything else (javascript:, //host, http:) is refused.
 */
function checkHref(href: string, locales: readonly string[]): MenuItemErrorKey | undefined {
  if (!href) return 'hrefRequired';
  if (href.length > MAX_HREF) return 'tooLong';
  if (href.startsWith('/')) {
    if (href.startsWith('//') || !/^\/[A-Za-z0-9\-._~/%?=&#+]*$/.test(href)) return 'hrefInvalid';
    const first = href.slice(1).split(/[/?#]/)[0]!;
    return locales.includes(first) ? 'hrefHasLocale' : undefined;
  }
  try {
    const url = new URL(href);
    return url.protocol === 'https:' && url.hostname && !/\s/.test(href) ? undefined : 'hrefInvalid';
  } catch {
    return 'hrefInvalid';
  }
}

/** The item ids an item may hang under: none of itself and its descendants, which would make a cycle. */
export function allowedParents(items: AdminMenuItem[], itemId: number | undefined): AdminMenuItem[] {
  if (itemId === undefined) return items;
  const below = new Set<number>([itemId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of items) {
      if (i.parentId !== null && below.has(i.parentId) && !below.has(i.id)) {
        below.add(i.id);
        grew = true;
      }
    }
  }
  return items.filter((i) => !below.has(i.id));
}

/**
 * Checks the form against the menu it belongs to (read in the saving transaction);
 * on success gives what to store, else a message key per field name.
 */
export function validateMenuItemForm(
  form: MenuItemForm,
  locales: readonly string[],
  items: AdminMenuItem[],
  itemId: number | undefined,
): { ok: true; input: MenuItemInput } | { ok: false; errors: Record<string, MenuItemErrorKey> } {
  const errors: Record<string, MenuItemErrorKey> = {};
  const hrefError = checkHref(form.href, locales);
  if (hrefError) errors.href = hrefError;
  for (const l of locales) if ((form.labels[l] ?? '').length > MAX_LABEL) errors[`label_${l}`] = 'tooLong';
  if (!locales.some((l) => form.labels[l])) errors[`label_${locales[0]}`] = 'labelRequired';
  let parentId: number | null = null;
  if (form.parent) {
    parentId = /^\d{1,10}$/.test(form.parent) ? Number(form.parent) : -1;
    if (!items.some((i) => i.id === parentId)) errors.parent = 'parentInvalid';
    else if (!allowedParents(items, itemId).some((i) => i.id === parentId)) errors.parent = 'parentCycle';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const labels = Object.fromEntries(locales.filter((l) => form.labels[l]).map((l) => [l, form.labels[l]!]));
  return { ok: true, input: { href: form.href, parentId, labels } };
}

import { readForm, trimmedText } from '../../web/form-schema.js';
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

/** The item form's fields: the link, the parent, and a label per language, each trimmed and checked on its own. */
function menuItemShape(locales: readonly string[]) {
  const label = trimmedText().refine((text) => text.length <= MAX_LABEL, { message: 'tooLong' });
  return {
    href: trimmedText().superRefine((href, ctx) => {
      const error = checkHref(href, locales);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    }),
    parent: trimmedText(),
    ...Object.fromEntries(locales.map((l) => [`label_${l}`, label])),
  };
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
 * Reads the posted form against its schema, then against the menu it belongs to (read in the
 * saving transaction); on success gives what to store, else a message key per field name.
 */
export function validateMenuItemForm(
  body: unknown,
  locales: readonly string[],
  items: AdminMenuItem[],
  itemId: number | undefined,
): { ok: true; input: MenuItemInput } | { ok: false; errors: Record<string, MenuItemErrorKey> } {
  const read = readForm<ReturnType<typeof menuItemShape>, MenuItemErrorKey>(menuItemShape(locales), body);
  const errors: Record<string, MenuItemErrorKey> = {};
  if (!read.ok) for (const [name, issue] of Object.entries(read.issues)) if (issue) errors[name] = issue.code;
  const fields: Record<string, unknown> = read.ok ? read.value : read.values;
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
  const labels = Object.fromEntries(locales.filter((l) => text(`label_${l}`)).map((l) => [l, text(`label_${l}`)]));
  if (Object.keys(labels).length === 0) errors[`label_${locales[0]}`] ??= 'labelRequired';
  let parentId: number | null = null;
  const parent = text('parent');
  if (parent) {
    parentId = /^\d{1,10}$/.test(parent) ? Number(parent) : -1;
    if (!items.some((i) => i.id === parentId)) errors.parent = 'parentInvalid';
    else if (!allowedParents(items, itemId).some((i) => i.id === parentId)) errors.parent = 'parentCycle';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { href: text('href'), parentId, labels } };
}

import type { DbOrTx } from '../../db/database.js';

/** The menus the site's layout shows; their keys are fixed by the header and footer. */
export const MENU_KEYS = ['main', 'footer'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

export interface AdminMenuItem {
  id: number;
  parentId: number | null;
  sortOrder: number;
  href: string;
  /** Label per locale; a locale without one does not show the item. */
  labels: Record<string, string>;
}

export interface AdminMenuNode extends AdminMenuItem {
  children: AdminMenuNode[];
}

export function isMenuKey(value: string): value is MenuKey {
  return (MENU_KEYS as readonly string[]).includes(value);
}

/** Every item of one menu, in display order, with all its labels. */
export async function listMenuItems(db: DbOrTx, key: MenuKey): Promise<AdminMenuItem[]> {
  const items = await db
    .selectFrom('menuItems')
    .innerJoin('menus', 'menus.id', 'menuItems.menuId')
    .select(['menuItems.id', 'menuItems.parentId', 'menuItems.sortOrder', 'menuItems.href'])
    .where('menus.key', '=', key)
    .orderBy('menuItems.sortOrder')
    .orderBy('menuItems.id')
    .execute();
  if (items.length === 0) return [];
  const labels = await db
    .selectFrom('menuItemTranslations')
    .select(['itemId', 'locale', 'label'])
    .where('itemId', 'in', items.map((i) => i.id))
    .execute();
  return items.map((i) => ({
    ...i,
    labels: Object.fromEntries(labels.filter((l) => l.itemId === i.id).map((l) => [l.locale, l.label])),
  }));
}

/** Items as a tree; an item whose parent is missing is shown at the top so it can be repaired. */
export function buildMenuTree(items: AdminMenuItem[]): AdminMenuNode[] {
  const nodes = new Map<number, AdminMenuNode>(items.map((i) => [i.id, { ...i, children: [] }]));
  const roots: AdminMenuNode[] = [];
  for (const item of items) {
    const node = nodes.get(item.id)!;
    const parent = item.parentId === null ? undefined : nodes.get(item.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The item and every item below it, the item first. */
export function collectSubtree(items: AdminMenuItem[], id: number): AdminMenuItem[] {
  const found: AdminMenuItem[] = [];
  const queue = items.filter((i) => i.id === id);
  while (queue.length) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...items.filter((i) => i.parentId === next.id));
  }
  return found;
}

/** Which menu an item belongs to, or undefined when there is no such item. */
export async function findItemMenuKey(db: DbOrTx, id: number): Promise<MenuKey | undefined> {
  const row = await db
    .selectFrom('menuItems')
    .innerJoin('menus', 'menus.id', 'menuItems.menuId')
    .select('menus.key')
    .where('menuItems.id', '=', id)
    .executeTakeFirst();
  return row && isMenuKey(row.key) ? row.key : undefined;
}

async function ensureMenuId(db: DbOrTx, key: MenuKey): Promise<number> {
  const row = await db.selectFrom('menus').select('id').where('key', '=', key).executeTakeFirst();
  if (row) return row.id;
  return (await db.insertInto('menus').values({ key }).returning('id').executeTakeFirstOrThrow()).id;
}

function nextSortOrder(items: AdminMenuItem[], parentId: number | null): number {
  return Math.max(-1, ...items.filter((i) => i.parentId === parentId).map((i) => i.sortOrder)) + 1;
}

async function saveLabels(db: DbOrTx, itemId: number, labels: Record<string, string>): Promise<void> {
  await db.deleteFrom('menuItemTranslations').where('itemId', '=', itemId).execute();
  const rows = Object.entries(labels).map(([locale, label]) => ({ itemId, locale, label }));
  if (rows.length) await db.insertInto('menuItemTranslations').values(rows).execute();
}

export interface MenuItemInput {
  href: string;
  parentId: number | null;
  labels: Record<string, string>;
}

/** Adds an item as the last of its siblings; `items` is the menu as read in the same transaction. */
export async function insertMenuItem(db: DbOrTx, key: MenuKey, items: AdminMenuItem[], input: MenuItemInput): Promise<AdminMenuItem> {
  const menuId = await ensureMenuId(db, key);
  const sortOrder = nextSortOrder(items, input.parentId);
  const { id } = await db
    .insertInto('menuItems')
    .values({ menuId, parentId: input.parentId, sortOrder, href: input.href })
    .returning('id')
    .executeTakeFirstOrThrow();
  await saveLabels(db, id, input.labels);
  return { id, parentId: input.parentId, sortOrder, href: input.href, labels: input.labels };
}

/** Changes an item; moved under another parent, it goes last among its new siblings. */
export async function updateMenuItem(db: DbOrTx, items: AdminMenuItem[], current: AdminMenuItem, input: MenuItemInput): Promise<AdminMenuItem> {
  const sortOrder = current.parentId === input.parentId ? current.sortOrder : nextSortOrder(items, input.parentId);
  await db
    .updateTable('menuItems')
    .set({ parentId: input.parentId, sortOrder, href: input.href })
    .where('id', '=', current.id)
    .execute();
  await saveLabels(db, current.id, input.labels);
  return { id: current.id, parentId: input.parentId, sortOrder, href: input.href, labels: input.labels };
}

/**
 * Swaps an item with its previous or next sibling. Siblings are renumbered 0..n first, as
 * imported menus may share a sort order. Gives the sibling ids in their new order, or
 * undefined when the item is already at that end.
 */
export async function moveMenuItem(db: DbOrTx, items: AdminMenuItem[], id: number, direction: 'up' | 'down'): Promise<number[] | undefined> {
  const item = items.find((i) => i.id === id);
  if (!item) return undefined;
  const siblings = items.filter((i) => i.parentId === item.parentId).map((i) => i.id);
  const at = siblings.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= siblings.length) return undefined;
  [siblings[at], siblings[to]] = [siblings[to]!, siblings[at]!];
  for (const [sortOrder, siblingId] of siblings.entries()) {
    await db.updateTable('menuItems').set({ sortOrder }).where('id', '=', siblingId).execute();
  }
  return siblings;
}

/** Deletes the items given (an item and its descendants), deepest first so no parent goes before its child. */
export async function deleteMenuItems(db: DbOrTx, subtree: AdminMenuItem[]): Promise<void> {
  const ids = subtree.map((i) => i.id);
  if (ids.length === 0) return;
  await db.deleteFrom('menuItemTranslations').where('itemId', 'in', ids).execute();
  for (const id of [...ids].reverse()) await db.deleteFrom('menuItems').where('id', '=', id).execute();
}

/**
 * Puts one level of a menu in the order given: `ids` must be exactly the ids of the items
 * sharing one parent (checked by the caller against `items`). Gives the order before.
 */
export async function reorderMenuSiblings(db: DbOrTx, items: AdminMenuItem[], ids: number[]): Promise<number[]> {
  const first = items.find((i) => i.id === ids[0]);
  const before = items.filter((i) => i.parentId === first?.parentId).map((i) => i.id);
  for (const [sortOrder, id] of ids.entries()) {
    await db.updateTable('menuItems').set({ sortOrder }).where('id', '=', id).execute();
  }
  return before;
}

/** Whether `ids` are all the items of one level of the menu, each once. */
export function areAllSiblings(items: AdminMenuItem[], ids: number[]): boolean {
  const first = items.find((i) => i.id === ids[0]);
  if (!first) return false;
  const siblings = items.filter((i) => i.parentId === first.parentId).map((i) => i.id);
  return siblings.length === ids.length && new Set(ids).size === ids.length && ids.every((id) => siblings.includes(id));
}

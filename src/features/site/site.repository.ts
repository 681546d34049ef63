import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import type { MenuNode } from '../../web/site-context.js';

/** The menu as a tree, keeping only the items labelled in this locale. */
export async function findMenuTree(db: DbOrTx, key: string, locale: Locale): Promise<MenuNode[]> {
  const rows = await db
    .selectFrom('menus')
    .innerJoin('menuItems', 'menuItems.menuId', 'menus.id')
    .innerJoin('menuItemTranslations as t', (j) =>
      j.onRef('t.itemId', '=', 'menuItems.id').on('t.locale', '=', locale),
    )
    .select(['menuItems.id', 'menuItems.parentId', 'menuItems.href', 't.label'])
    .where('menus.key', '=', key)
    .orderBy('menuItems.sortOrder')
    .orderBy('menuItems.id')
    .execute();
  const nodes = new Map<number, MenuNode>(rows.map((r) => [r.id, { label: r.label, href: r.href, children: [] }]));
  const roots: MenuNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (parent) parent.children.push(node);
    else if (r.parentId === null) roots.push(node);
  }
  return roots;
}

import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import type { MenuNode } from '../../web/site-context.js';
import { SETTINGS_KEY, siteSettingsSchema, type SiteSettings } from './site.settings.js';

/** The database counts as empty until the organisation's settings exist. */
export async function isDatabaseEmpty(db: DbOrTx): Promise<boolean> {
  const row = await db.selectFrom('settings').select('key').limit(1).executeTakeFirst();
  return row === undefined;
}

export async function findSiteSettings(db: DbOrTx): Promise<SiteSettings | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  return row ? siteSettingsSchema.parse(JSON.parse(row.value)) : undefined;
}

export async function saveSiteSettings(db: DbOrTx, settings: SiteSettings): Promise<void> {
  const value = JSON.stringify(siteSettingsSchema.parse(settings));
  await db
    .insertInto('settings')
    .values({ key: SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

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

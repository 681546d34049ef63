import type { Generated } from 'kysely';
import type { TranslationColumns } from '../content.tables.js';

/** Organisation-wide settings, one JSON value per key (see site.settings.ts for their shapes). */
export interface SettingTable {
  key: string;
  value: string;
}

export interface MenuTable {
  id: Generated<number>;
  key: string;
}

/** An item shows in a locale only where it has a label in that locale. */
export interface MenuItemTable {
  id: Generated<number>;
  menuId: number;
  parentId: number | null;
  sortOrder: number;
  href: string;
}

export interface MenuItemTranslationTable extends TranslationColumns {
  label: string;
}

export interface SiteTables {
  settings: SettingTable;
  menus: MenuTable;
  menuItems: MenuItemTable;
  menuItemTranslations: MenuItemTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends SiteTables {}
}

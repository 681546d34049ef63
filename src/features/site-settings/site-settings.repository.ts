import type { DbOrTx } from '../../db/database.js';
import { SETTINGS_KEY, siteSettingsSchema, type SiteSettings } from './site-settings.schema.js';

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

/** The site logo lives under a settings key of its own, so the site schema stays untouched. */
export const SITE_LOGO_KEY = 'site-logo';

export async function findSiteLogoFileId(db: DbOrTx): Promise<number | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SITE_LOGO_KEY).executeTakeFirst();
  if (!row) return null;
  const parsed = JSON.parse(row.value) as { fileId?: unknown };
  return typeof parsed.fileId === 'number' ? parsed.fileId : null;
}

export async function saveSiteLogoFileId(db: DbOrTx, fileId: number | null): Promise<void> {
  const value = JSON.stringify({ fileId });
  await db
    .insertInto('settings')
    .values({ key: SITE_LOGO_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export interface StripOrganisation {
  id: number;
  slug: string;
  name: string;
  inDonorsStrip: boolean;
  sortOrder: number;
}

/** Every organisation with its name in the staff member's language (or any other), for the strip form. */
export async function listStripOrganisations(db: DbOrTx, locale: string): Promise<StripOrganisation[]> {
  const [orgs, names] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'slug', 'inDonorsStrip', 'sortOrder']).orderBy('sortOrder').orderBy('id').execute(),
    db.selectFrom('organisationTranslations').select(['itemId', 'locale', 'name']).execute(),
  ]);
  return orgs.map((o) => {
    const own = names.filter((n) => n.itemId === o.id);
    const name = own.find((n) => n.locale === locale)?.name ?? own[0]?.name ?? o.slug;
    return { id: o.id, slug: o.slug, name, inDonorsStrip: o.inDonorsStrip === 1, sortOrder: o.sortOrder };
  });
}

export async function updateDonorsStrip(
  db: DbOrTx,
  entries: Array<{ id: number; inDonorsStrip: boolean; sortOrder: number }>,
  now = new Date().toISOString(),
): Promise<void> {
  for (const e of entries) {
    await db
      .updateTable('organisations')
      .set({ inDonorsStrip: e.inDonorsStrip ? 1 : 0, sortOrder: e.sortOrder, updatedAt: now })
      .where('id', '=', e.id)
      .execute();
  }
}

/** An image in the library that may serve as the logo. */
export async function isImageFile(db: DbOrTx, fileId: number): Promise<boolean> {
  const row = await db.selectFrom('files').select('id').where('id', '=', fileId).where('mime', 'like', 'image/%').executeTakeFirst();
  return row !== undefined;
}

export async function listImageChoices(db: DbOrTx): Promise<Array<{ id: number; originalName: string }>> {
  return db.selectFrom('files').select(['id', 'originalName']).where('mime', 'like', 'image/%').orderBy('originalName').execute();
}

/** The item editors put at the top of the home page, under a settings key of its own. */
export const HOME_FEATURED_KEY = 'home-featured';
export const FEATURED_KINDS = ['alert', 'publication', 'project'] as const;
export type FeaturedKind = (typeof FEATURED_KINDS)[number];
export interface FeaturedChoice {
  kind: FeaturedKind;
  slug: string;
}

export async function findFeaturedChoice(db: DbOrTx): Promise<FeaturedChoice | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', HOME_FEATURED_KEY).executeTakeFirst();
  if (!row) return undefined;
  const parsed = JSON.parse(row.value) as Partial<FeaturedChoice> | null;
  const known = parsed && (FEATURED_KINDS as readonly unknown[]).includes(parsed.kind) && typeof parsed.slug === 'string';
  return known ? { kind: parsed.kind!, slug: parsed.slug! } : undefined;
}

/** Saves the choice; `undefined` empties the slot (the home page then opens with its welcome). */
export async function saveFeaturedChoice(db: DbOrTx, choice: FeaturedChoice | undefined): Promise<void> {
  const value = JSON.stringify(choice ?? null);
  await db
    .insertInto('settings')
    .values({ key: HOME_FEATURED_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

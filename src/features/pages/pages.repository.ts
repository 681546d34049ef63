import { publishedAndDue } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';

/** Published and due: what readers may see. */
export async function findPublicPageBySlug(db: DbOrTx, slug: string, now = new Date().toISOString()) {
  const page = await db
    .selectFrom('pages')
    .selectAll()
    .where('slug', '=', slug)
    .where(publishedAndDue(now))
    .executeTakeFirst();
  if (!page) return undefined;
  const translations = await db.selectFrom('pageTranslations').selectAll().where('itemId', '=', page.id).execute();
  return { ...page, translations };
}

export type PublicPage = NonNullable<Awaited<ReturnType<typeof findPublicPageBySlug>>>;

export async function listPublicPageSlugs(db: DbOrTx, now = new Date().toISOString()) {
  return db
    .selectFrom('pages')
    .innerJoin('pageTranslations as t', 't.itemId', 'pages.id')
    .select(['pages.slug', 'pages.updatedAt', 't.locale', 't.title'])
    .where(publishedAndDue(now))
    .orderBy('pages.slug')
    .execute();
}

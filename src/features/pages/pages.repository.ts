import { publishedAndDue, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

/** A published and due page with its translations, in one statement. */
/** The public page at a slug, or any stored page by id for a preview (`ItemChoice`). */
export async function findPublicPageBySlug(db: DbOrTx, which: ItemChoice, now = new Date().toISOString()) {
  const page = await db
    .selectFrom('pages')
    .selectAll('pages')
    .select((eb) => [
      jsonArrayFrom(
        db,
        eb
          .selectFrom('pageTranslations as pl')
          .select(['pl.itemId', 'pl.locale', 'pl.title', 'pl.summary', 'pl.bodyHtml'])
          .whereRef('pl.itemId', '=', 'pages.id'),
      ).as('translations'),
    ])
    .where(chosenItem(which, now, 'pages'))
    .executeTakeFirst();
  return page && withParsedTranslations(page);
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

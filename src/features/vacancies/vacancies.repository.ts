import { publishedAndDue, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

/**
 * Public vacancies still open on `today` (a YYYY-MM-DD day in the site's time zone): the
 * deadline is the last day to apply, so a vacancy leaves the list the day after it.
 * Soonest deadline first.
 */
export async function listOpenVacancies(db: DbOrTx, today: string, now = new Date().toISOString()) {
  const vacancies = await db
    .selectFrom('vacancies')
    .select((eb) => [
      'vacancies.id',
      'vacancies.slug',
      'vacancies.deadline',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('vacancyTranslations as vl')
          .select(['vl.itemId', 'vl.locale', 'vl.title', 'vl.summary', 'vl.location'])
          .whereRef('vl.itemId', '=', 'vacancies.id'),
      ).as('translations'),
    ])
    .where(publishedAndDue(now, 'vacancies'))
    .where('vacancies.deadline', '>=', today)
    .orderBy('vacancies.deadline')
    .orderBy('vacancies.id')
    .execute();
  return vacancies.map(withParsedTranslations);
}

export type OpenVacancyRow = Awaited<ReturnType<typeof listOpenVacancies>>[number];

/**
 * A public vacancy whatever its deadline: the route tells an open one from a closed one (or, for
 * a preview, any stored vacancy by id: `ItemChoice`).
 */
export async function findPublicVacancyBySlug(db: DbOrTx, which: ItemChoice, now = new Date().toISOString()) {
  const vacancy = await db
    .selectFrom('vacancies')
    .select((eb) => [
      'vacancies.id',
      'vacancies.slug',
      'vacancies.deadline',
      'vacancies.publishedAt',
      'vacancies.updatedAt',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('vacancyTranslations as vl')
          .select(['vl.itemId', 'vl.locale', 'vl.title', 'vl.summary', 'vl.bodyHtml', 'vl.location'])
          .whereRef('vl.itemId', '=', 'vacancies.id'),
      ).as('translations'),
    ])
    .where(chosenItem(which, now, 'vacancies'))
    .executeTakeFirst();
  return vacancy && withParsedTranslations(vacancy);
}

export type PublicVacancy = NonNullable<Awaited<ReturnType<typeof findPublicVacancyBySlug>>>;

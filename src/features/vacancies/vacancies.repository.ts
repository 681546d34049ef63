import { publishedAndDue } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';

/**
 * Public vacancies still open on `today` (a YYYY-MM-DD day in the site's time zone): the
 * deadline is the last day to apply, so a vacancy leaves the list the day after it.
 * Soonest deadline first.
 */
export async function listOpenVacancies(db: DbOrTx, today: string, now = new Date().toISOString()) {
  const vacancies = await db
    .selectFrom('vacancies')
    .select(['id', 'slug', 'deadline'])
    .where(publishedAndDue(now))
    .where('deadline', '>=', today)
    .orderBy('deadline')
    .orderBy('id')
    .execute();
  if (vacancies.length === 0) return [];
  const translations = groupByItem(
    await db
      .selectFrom('vacancyTranslations')
      .select(['itemId', 'locale', 'title', 'summary', 'location'])
      .where(
        'itemId',
        'in',
        vacancies.map((v) => v.id),
      )
      .execute(),
  );
  return vacancies.map((v) => ({ ...v, translations: translations.get(v.id) ?? [] }));
}

export type OpenVacancyRow = Awaited<ReturnType<typeof listOpenVacancies>>[number];

/** A public vacancy whatever its deadline: the route tells an open one from a closed one. */
export async function findPublicVacancyBySlug(db: DbOrTx, slug: string, now = new Date().toISOString()) {
  const vacancy = await db
    .selectFrom('vacancies')
    .select(['id', 'slug', 'deadline', 'publishedAt', 'updatedAt'])
    .where('slug', '=', slug)
    .where(publishedAndDue(now))
    .executeTakeFirst();
  if (!vacancy) return undefined;
  const translations = await db.selectFrom('vacancyTranslations').selectAll().where('itemId', '=', vacancy.id).execute();
  return { ...vacancy, translations };
}

export type PublicVacancy = NonNullable<Awaited<ReturnType<typeof findPublicVacancyBySlug>>>;

import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';

/** Published people of every group, in the editors' order; the presenter splits the groups. */
export async function listPublicPeople(db: DbOrTx) {
  const people = await db
    .selectFrom('people')
    .select(['id', 'slug', 'group', 'photoFileId'])
    .where('status', '=', 'published')
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
  if (people.length === 0) return [];
  const translations = groupByItem(
    await db
      .selectFrom('personTranslations')
      .select(['itemId', 'locale', 'name', 'role', 'bio'])
      .where(
        'itemId',
        'in',
        people.map((p) => p.id),
      )
      .execute(),
  );
  return people.map((p) => ({ ...p, translations: translations.get(p.id) ?? [] }));
}

export type PersonRow = Awaited<ReturnType<typeof listPublicPeople>>[number];

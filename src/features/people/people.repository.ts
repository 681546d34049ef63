import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

/** Published people of every group, in the editors' order; the presenter splits the groups. */
export async function listPublicPeople(db: DbOrTx) {
  const people = await db
    .selectFrom('people')
    .select((eb) => [
      'people.id',
      'people.slug',
      'people.group',
      'people.photoFileId',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('personTranslations as pl')
          .select(['pl.itemId', 'pl.locale', 'pl.name', 'pl.role', 'pl.bio'])
          .whereRef('pl.itemId', '=', 'people.id'),
      ).as('translations'),
    ])
    .where('status', '=', 'published')
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
  return people.map(withParsedTranslations);
}

export type PersonRow = Awaited<ReturnType<typeof listPublicPeople>>[number];

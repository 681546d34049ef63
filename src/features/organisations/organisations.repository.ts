import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

interface OrganisationFilter {
  /** Only those shown in the "Generously supported by" strip. */
  donorsStrip?: boolean;
}

/** Published donors and partners in the editors' order, with their translations. */
export async function listPublicOrganisations(db: DbOrTx, filter: OrganisationFilter = {}) {
  return (await publicOrganisationsQuery(db, filter).execute()).map(withParsedTranslations);
}

/** `listPublicOrganisations` unexecuted: the home page loads the donors strip with its other lists. */
export function publicOrganisationsQuery(db: DbOrTx, filter: OrganisationFilter = {}) {
  return db
    .selectFrom('organisations')
    .select((eb) => [
      'organisations.id',
      'organisations.slug',
      'organisations.kind',
      'organisations.url',
      'organisations.logoFileId',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('organisationTranslations as ol')
          .select(['ol.itemId', 'ol.locale', 'ol.name', 'ol.description'])
          .whereRef('ol.itemId', '=', 'organisations.id'),
      ).as('translations'),
    ])
    .where('status', '=', 'published')
    .$if(filter.donorsStrip === true, (qb) => qb.where('inDonorsStrip', '=', 1))
    .orderBy('sortOrder')
    .orderBy('id');
}

export type OrganisationRow = Awaited<ReturnType<typeof listPublicOrganisations>>[number];

import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

interface OrganisationFilter {
  /** Only those shown in the "Generously supported by" strip. */
  donorsStrip?: boolean;
}

/** Published donors and partners in the editors' order, with their translations. */
export async function listPublicOrganisations(db: DbOrTx, filter: OrganisationFilter = {}) {
  let query = db
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
    .where('status', '=', 'published');
  if (filter.donorsStrip) query = query.where('inDonorsStrip', '=', 1);
  return (await query.orderBy('sortOrder').orderBy('id').execute()).map(withParsedTranslations);
}

export type OrganisationRow = Awaited<ReturnType<typeof listPublicOrganisations>>[number];

/** The organisations of the home page's donors strip, in strip order. */
export function listDonorsStrip(db: DbOrTx) {
  return listPublicOrganisations(db, { donorsStrip: true });
}

import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';

interface OrganisationFilter {
  /** Only those shown in the "Generously supported by" strip. */
  donorsStrip?: boolean;
}

/** Published donors and partners in the editors' order, with their translations. */
export async function listPublicOrganisations(db: DbOrTx, filter: OrganisationFilter = {}) {
  let query = db
    .selectFrom('organisations')
    .select(['id', 'slug', 'kind', 'url', 'logoFileId'])
    .where('status', '=', 'published');
  if (filter.donorsStrip) query = query.where('inDonorsStrip', '=', 1);
  const organisations = await query.orderBy('sortOrder').orderBy('id').execute();
  if (organisations.length === 0) return [];
  const translations = groupByItem(
    await db
      .selectFrom('organisationTranslations')
      .select(['itemId', 'locale', 'name', 'description'])
      .where(
        'itemId',
        'in',
        organisations.map((o) => o.id),
      )
      .execute(),
  );
  return organisations.map((o) => ({ ...o, translations: translations.get(o.id) ?? [] }));
}

export type OrganisationRow = Awaited<ReturnType<typeof listPublicOrganisations>>[number];

/** The organisations of the home page's donors strip, in strip order. */
export function listDonorsStrip(db: DbOrTx) {
  return listPublicOrganisations(db, { donorsStrip: true });
}

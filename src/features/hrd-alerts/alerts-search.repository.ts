import type { DbOrTx } from '../../db/database.js';

/** What a published alert's search documents are made of: the alerts with their places, texts, act types, victims and updates. */
export async function findPublishedAlertSearchRows(db: DbOrTx, ids: readonly number[]) {
  const alerts = await db
    .selectFrom('hrdAlerts')
    .leftJoin('places as province', 'province.id', 'hrdAlerts.provinceId')
    .leftJoin('places as district', 'district.id', 'hrdAlerts.districtId')
    .select([
      'hrdAlerts.id',
      'hrdAlerts.slug',
      'hrdAlerts.publishedAt',
      'province.nameEn as provinceEn',
      'province.nameKm as provinceKm',
      'district.nameEn as districtEn',
      'district.nameKm as districtKm',
    ])
    .where('hrdAlerts.status', '=', 'published')
    .where('hrdAlerts.publishedAt', 'is not', null)
    .where('hrdAlerts.id', 'in', [...ids])
    .execute();
  if (alerts.length === 0) return { alerts, texts: [], acts: [], victims: [], updates: [] };
  const alertIds = alerts.map((a) => a.id);
  const [texts, acts, victims, updates] = await Promise.all([
    db.selectFrom('hrdAlertTranslations').selectAll().where('itemId', 'in', alertIds).orderBy('locale').execute(),
    db
      .selectFrom('hrdAlertActTypes')
      .innerJoin('vocabularyTerms', 'vocabularyTerms.id', 'hrdAlertActTypes.actTypeId')
      .select(['hrdAlertActTypes.alertId', 'vocabularyTerms.labelEn', 'vocabularyTerms.labelKm'])
      .where('hrdAlertActTypes.alertId', 'in', alertIds)
      .execute(),
    db.selectFrom('hrdAlertVictims').select(['alertId', 'label', 'affiliation']).where('alertId', 'in', alertIds).orderBy('position').execute(),
    db
      .selectFrom('hrdAlertUpdates')
      .innerJoin('hrdAlertUpdateTranslations as t', 't.itemId', 'hrdAlertUpdates.id')
      .select(['hrdAlertUpdates.alertId', 't.locale', 't.title', 't.body'])
      .where('hrdAlertUpdates.alertId', 'in', alertIds)
      .orderBy('hrdAlertUpdates.number')
      .execute(),
  ]);
  return { alerts, texts, acts, victims, updates };
}

export async function listPublishedAlertIds(db: DbOrTx): Promise<number[]> {
  const rows = await db.selectFrom('hrdAlerts').select('id').where('status', '=', 'published').where('publishedAt', 'is not', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

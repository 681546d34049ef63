import type { DbOrTx } from '../../db/database.js';
import type { LocalizedText } from '../../i18n/translation.js';
import { placeNamesOf } from '../hrd-vocabularies/vocabularies.repository.js';

/** What a published alert's search documents are made of: the alerts with their places' names, texts, act types, victims and updates. */
export async function findPublishedAlertSearchRows(db: DbOrTx, ids: readonly number[]) {
  const alerts = await db
    .selectFrom('hrdAlerts')
    .select(['hrdAlerts.id', 'hrdAlerts.slug', 'hrdAlerts.publishedAt', 'hrdAlerts.provinceId', 'hrdAlerts.districtId'])
    .where('hrdAlerts.status', '=', 'published')
    .where('hrdAlerts.publishedAt', 'is not', null)
    .where('hrdAlerts.id', 'in', [...ids])
    .execute();
  if (alerts.length === 0) return { alerts, texts: [], acts: [], victims: [], updates: [], places: new Map<number, LocalizedText[]>() };
  const alertIds = alerts.map((a) => a.id);
  const [texts, acts, victims, updates, places] = await Promise.all([
    db.selectFrom('hrdAlertTranslations').selectAll().where('itemId', 'in', alertIds).orderBy('locale').execute(),
    db
      .selectFrom('hrdAlertActTypes')
      .innerJoin('vocabularyTermTranslations as term', 'term.termId', 'hrdAlertActTypes.actTypeId')
      .select(['hrdAlertActTypes.alertId', 'term.locale', 'term.label'])
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
    placeNamesOf(
      db,
      alerts.flatMap((a) => [a.districtId, a.provinceId].filter((id): id is number => id !== null)),
    ),
  ]);
  return { alerts, texts, acts, victims, updates, places };
}

export async function listPublishedAlertIds(db: DbOrTx): Promise<number[]> {
  const rows = await db.selectFrom('hrdAlerts').select('id').where('status', '=', 'published').where('publishedAt', 'is not', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

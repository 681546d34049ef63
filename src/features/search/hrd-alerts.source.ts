import type { DbOrTx } from '../../db/database.js';
import { textIn } from '../../i18n/translation.js';
import type { SearchSource, SourceDocument } from './search-source.js';
import { ALERT_TYPE } from '../hrd-alerts/alert-type.js';
import { alertPath } from '../hrd-alerts/alerts.presenter.js';
import { findPublishedAlertSearchRows, listPublishedAlertIds } from '../hrd-alerts/alerts-search.repository.js';

/** Ids per statement: well under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;

/**
 * Search documents of published alerts: per language, the title, the public summary, the
 * updates, the province and the act types, all from the alert tables. A withdrawn alert has no
 * documents, so `reindexItem` in the withdrawing transaction takes it out of the index.
 */
async function loadPublished(db: DbOrTx, ids: readonly number[]): Promise<Map<number, SourceDocument[]>> {
  const out = new Map<number, SourceDocument[]>();
  if (ids.length === 0) return out;
  const { alerts, texts, acts, victims, updates, places } = await findPublishedAlertSearchRows(db, ids);
  for (const alert of alerts) {
    const publishedAt = alert.publishedAt!;
    const docs: SourceDocument[] = [];
    for (const text of texts.filter((t) => t.itemId === alert.id)) {
      // Each document names the place and the acts in its own language only.
      const nameOf = (id: number | null) => (id === null ? '' : textIn(places.get(id) ?? [], text.locale));
      const place = [nameOf(alert.districtId), nameOf(alert.provinceId)].filter(Boolean).join(' ');
      docs.push({
        locale: text.locale,
        title: text.title,
        body: [
          text.summary,
          place,
          ...acts.filter((a) => a.alertId === alert.id && a.locale === text.locale).map((a) => a.label),
          ...victims.filter((v) => v.alertId === alert.id).flatMap((v) => [v.label, v.affiliation ?? '']),
          ...updates.filter((u) => u.alertId === alert.id && u.locale === text.locale).flatMap((u) => [u.title, u.body]),
        ].filter(Boolean),
        path: alertPath(alert.slug),
        publishedAt,
        itemDate: publishedAt,
      });
    }
    if (docs.length) out.set(alert.id, docs);
  }
  return out;
}

export const alertsSearchSource = {
  type: ALERT_TYPE,
  listPublishedIds: listPublishedAlertIds,
  async loadPublished(db, ids) {
    const targetIds = ids ?? (await listPublishedAlertIds(db));
    const out = new Map<number, SourceDocument[]>();
    for (let i = 0; i < targetIds.length; i += IDS_PER_QUERY) {
      for (const [id, docs] of await loadPublished(db, targetIds.slice(i, i + IDS_PER_QUERY))) out.set(id, docs);
    }
    return out;
  },
} as const satisfies SearchSource & { type: typeof ALERT_TYPE };

import type { DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import type { SearchSource, SourceDocument } from './search-source.js';
import { UPR_RECOMMENDATION_TYPE } from '../upr/upr-type.js';
import { labelOf, uprMessages } from '../upr/upr.messages.js';
import { recommendationPath } from '../upr/upr.presenter.js';
import { findRecommendationSearchRows, listRecommendationIds } from '../upr/upr.repository.js';

/**
 * Search documents of UPR recommendations: one per language the text exists in, titled by the
 * recommending State, with the text and the themes' names in that language. Every entered
 * recommendation is public, so every one is indexed.
 */
async function loadPublished(db: DbOrTx, ids: readonly number[] | undefined): Promise<Map<number, SourceDocument[]>> {
  const rows = await findRecommendationSearchRows(db, ids ?? (await listRecommendationIds(db)));
  const out = new Map<number, SourceDocument[]>();
  for (const row of rows) {
    const docs = row.texts
      .filter((t): t is { locale: (typeof SUPPORTED_LOCALES)[number]; text: string } => (SUPPORTED_LOCALES as readonly string[]).includes(t.locale))
      .map((t) => ({
        locale: t.locale,
        title: uprMessages[t.locale].by(row.recommendingState),
        body: [t.text, uprMessages[t.locale].cycleLabel(String(row.cycle)), ...row.themes.map((theme) => labelOf('theme', theme, t.locale))],
        path: recommendationPath(row.id),
        publishedAt: row.createdAt,
        itemDate: row.createdAt,
      }));
    if (docs.length) out.set(row.id, docs);
  }
  return out;
}

export const uprSearchSource = {
  type: UPR_RECOMMENDATION_TYPE,
  listPublishedIds: listRecommendationIds,
  loadPublished: (db, ids) => loadPublished(db, ids),
} as const satisfies SearchSource & { type: typeof UPR_RECOMMENDATION_TYPE };

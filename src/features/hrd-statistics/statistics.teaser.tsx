import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { YearChart } from './statistics.charts.js';
import { CellKeys } from './statistics.cell-key.js';
import { statisticsMessages } from './statistics.messages.js';
import { presentStatistics, tabulate, type Cell } from './statistics.presenter.js';
import { listFilteredActs, loadReferenceData, publishedYearRange, resolveFilters } from './statistics.repository.js';
import { PORTAL_PATH } from './statistics.views.js';

/** The portal's headline figures, unfiltered: its total and its acts by year, rounded as the portal rounds them. */
export interface StatisticsTeaserView {
  acts: number;
  byYear: Cell[];
}

/**
 * Builds the loader of the home page's teaser with the portal's own cell keys, so the teaser's
 * numbers are the numbers the portal shows for the same (default) filters.
 */
export function statisticsTeaserLoader(app: FastifyInstance): (db: Db, locale: Locale) => Promise<StatisticsTeaserView | undefined> {
  const keys = new CellKeys(loadOrCreateSecret(app.config.sessionSecret, app.config.dataDir));
  return async (db, locale) => {
    const ref = await loadReferenceData(db);
    const resolved = resolveFilters({}, ref);
    if (!resolved.ok) return undefined;
    const [rows, years] = await Promise.all([listFilteredActs(db, resolved.filters), publishedYearRange(db, resolved.filters.verificationIds)]);
    const stats = presentStatistics(tabulate(rows.acts, rows.perpetrators, keys), ref, locale, years);
    return stats.acts > 0 ? { acts: stats.acts, byYear: stats.breakdowns.year } : undefined;
  };
}

/** One chart and a sentence, linking to the portal where every breakdown and filter is. */
export function StatisticsTeaser({ locale, teaser }: { locale: Locale; teaser: StatisticsTeaserView }) {
  const t = statisticsMessages[locale];
  return (
    <section class="home-section stats-teaser" aria-labelledby="home-statistics">
      <h2 id="home-statistics">{t.teaserTitle}</h2>
      <p class="stats-teaser__total">{t.teaserTotal(formatNumber(teaser.acts, locale))}</p>
      <figure class="stats-teaser__chart">
        <YearChart id="home-years" title={t.byYear} cells={teaser.byYear} locale={locale} />
      </figure>
      <p class="home-section__more">
        <a href={localePath(locale, PORTAL_PATH)}>{t.teaserLink}</a>
      </p>
    </section>
  );
}

import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { UntilChange } from '../../web/until-change.js';
import { feedLinks } from '../discovery/feed-links.js';
import { organisationJsonLd } from '../discovery/json-ld.js';
import { statisticsTeaserLoader, type StatisticsTeaserView } from '../hrd-statistics/statistics.teaser.js';
import { keptImages } from '../media/kept-images.js';
import { findFeaturedChoice } from '../site-settings/site-settings.repository.js';
import { findFeatured } from './featured.repository.js';
import { presentHome, type HomeView } from './home.presenter.js';
import { findHomeContent, homeImageIds } from './home.repository.js';
import { HomePage } from './home.views.js';

/**
 * The front page of each language (`/en/`), the most visited page: it is served from the page
 * cache, and rendered on each request without it.
 *
 * What it shows depends on no request, only on stored content and the clock: its lists (with
 * the latest alerts), the featured item, the statistics teaser's figures and the images they
 * draw. So they are worked out when first needed after a change (the lists in one statement,
 * then the images not kept already) and kept, ready to draw, until content changes here or on
 * another server, until the clock changes the lists (the next publication date or event end,
 * `clockChangesAt`), or at the latest for the page cache's time to live. That is the bound for
 * a change that was not announced; a page drawn just before it ends may then be kept by the
 * page cache for one more time to live, so such a change shows within twice that at worst.
 * Between those, a request only renders.
 */
export async function homeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const loadTeaser = statisticsTeaserLoader(app);
  const images = keptImages(app);
  const keptForMs = app.config.pageCacheTtlSeconds * 1000;
  const kept = new UntilChange(
    async (): Promise<KeptHome> => {
      const now = new Date();
      const [content, featured, teaser] = await Promise.all([
        findHomeContent(app.db, now.toISOString()),
        findFeaturedChoice(app.db).then((choice) => findFeatured(app.db, choice)),
        loadTeaser(app.db, locale),
      ]);
      const home = presentHome({ ...content, featured }, await images.find(homeImageIds(content, featured), locale), locale, app.config.locales);
      return { home, teaser, clockChangesAt: content.clockChangesAt, keptUntilMs: now.getTime() + keptForMs };
    },
    { outdated: isOutdated },
  );
  app.whenContentChanges(() => kept.forget());
  app.get('/', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [ctx, { home, teaser }] = await Promise.all([app.siteContexts.get(locale), kept.get(null)]);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: ctx.name,
          path: '/',
          jsonLd: [organisationJsonLd(ctx)],
          feeds: [...feedLinks(locale, 'news'), ...feedLinks(locale, 'publications')],
        }}
      >
        <HomePage ctx={ctx} home={home} teaser={teaser} />
      </Layout>,
    );
  });
}

/** The front page's content, presented for one language. */
interface KeptHome {
  home: HomeView;
  teaser: StatisticsTeaserView | undefined;
  /** The lists hold while the time, as ISO text, is before this (null: nothing is to come). */
  clockChangesAt: string | null;
  keptUntilMs: number;
}

function isOutdated({ clockChangesAt, keptUntilMs }: KeptHome): boolean {
  const now = Date.now();
  return now >= keptUntilMs || (clockChangesAt !== null && new Date(now).toISOString() >= clockChangesAt);
}

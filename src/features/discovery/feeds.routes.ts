import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { discoveryMessages } from './discovery.messages.js';
import { listFeedHrdAlerts, listFeedNewsPosts, listFeedPublications, type FeedSourceItem } from './discovery.repository.js';
import { FEED_KINDS, feedPath, type FeedKind } from './feed-links.js';
import { presentFeedEntries } from './feeds.presenter.js';
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from './feeds.render.js';
import { contentTypes } from '../content-types/content-types.js';
import { hrdAlertPath } from './item-paths.js';

/** How many of the newest items a feed carries. */
const FEED_ITEM_COUNT = 30;

interface FeedSpec {
  list: (db: Db, limit: number) => Promise<FeedSourceItem[]>;
  itemPath: (slug: string) => string;
  listPath: string;
  title: (locale: Locale, organisation: string) => string;
  description: (locale: Locale, organisation: string) => string;
}

const FEEDS: Record<FeedKind, FeedSpec> = {
  news: {
    list: listFeedNewsPosts,
    itemPath: contentTypes.news.publicPath,
    listPath: '/news/press-releases',
    title: (locale, org) => discoveryMessages[locale].newsFeedTitle(org),
    description: (locale, org) => discoveryMessages[locale].newsFeedDescription(org),
  },
  publications: {
    list: listFeedPublications,
    itemPath: contentTypes.publication.publicPath,
    listPath: '/publications',
    title: (locale, org) => discoveryMessages[locale].publicationsFeedTitle(org),
    description: (locale, org) => discoveryMessages[locale].publicationsFeedDescription(org),
  },
  'hrd-alerts': {
    list: listFeedHrdAlerts,
    itemPath: hrdAlertPath,
    listPath: '/hrd-alerts',
    title: (locale, org) => discoveryMessages[locale].hrdAlertsFeedTitle(org),
    description: (locale, org) => discoveryMessages[locale].hrdAlertsFeedDescription(org),
  },
};

const FORMATS: FeedFormat[] = ['rss', 'atom'];

/** RSS and Atom feeds of the newest news posts and publications, in the locale's language. */
export async function feedsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  for (const kind of FEED_KINDS) {
    const spec = FEEDS[kind];
    for (const format of FORMATS) {
      app.get(feedPath(kind, format), { config: { public: true, pageCache: true } }, async (_request, reply) => {
        const [ctx, items] = await Promise.all([app.siteContexts.get(locale), spec.list(app.db, FEED_ITEM_COUNT)]);
        const xml = renderFeed(
          {
            locale,
            title: spec.title(locale, ctx.name),
            description: spec.description(locale, ctx.name),
            organisation: ctx.name,
            publicUrl: app.config.publicUrl,
            listPath: spec.listPath,
            selfPaths: {
              rss: localePath(locale, feedPath(kind, 'rss')),
              atom: localePath(locale, feedPath(kind, 'atom')),
            },
            entries: presentFeedEntries(items, locale, app.config.locales, spec.itemPath),
          },
          format,
        );
        return reply.sendText(xml, FEED_CONTENT_TYPES[format]);
      });
    }
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { Layout } from '../../web/layout.js';
import { absoluteUrl, localePath } from '../../web/paths.js';
import type { SiteContext } from '../../web/site-context.js';
import { FEED_CONTENT_TYPES, renderFeed } from '../discovery/feeds.render.js';
import type { LocaleRouteOptions } from '../feature-options.js';
import { labelOf, uprMessages } from './upr.messages.js';
import { countCells, exportRow, presentAssessment, presentRecommendation, recommendationPath, recommendationsCsv, recommendationsJson, statusOverTime } from './upr.presenter.js';
import { findRecommendation, listAssessments, listCycles, listRecentAssessments, listRecommendations, listRecommendingStates, type RecommendationRow } from './upr.repository.js';
import { filtersQuery, parseFilters, UPR_PAGE_SIZE, UPR_PATH, type FilterOutcome } from './upr.schema.js';
import { CURRENT_STATUSES, RESPONSES } from './upr.tables.js';
import { REGIONAL_GROUP_CODES, THEME_CODES } from './upr.vocabulary.js';
import { RecommendationPage, UprListPage, type FilterOptions } from './upr.views.js';

/** Assessments in the feed, newest first. */
const FEED_SIZE = 30;
const ID_MAX = 2_147_483_647;

/*
 * The public UPR tracker: the filtered list with the cycles' official totals, charts and
 * downloads of exactly the rows listed, one page per recommendation, and a feed of assessments.
 * Every page is page-cached (one response per URL); the admin's changes clear the cache.
 */
export async function uprRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const t = uprMessages[locale];
  const order = app.config.locales;

  async function read(request: FastifyRequest): Promise<{ outcome: FilterOutcome; cycles: Awaited<ReturnType<typeof listCycles>>; states: string[] }> {
    const [cycles, states] = await Promise.all([listCycles(app.db), listRecommendingStates(app.db)]);
    const outcome = parseFilters((request.query ?? {}) as Record<string, unknown>, { cycles: cycles.map((c) => c.number), states });
    return { outcome, cycles, states };
  }

  app.get(UPR_PATH, { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { outcome, cycles, states } = await read(request);
    const ctx = await app.siteContexts.get(locale);
    const options = filterOptions(locale, cycles.map((c) => c.number), states);
    let results;
    let hasSample = false;
    if (outcome.ok) {
      const rows = await listRecommendations(app.db, outcome.filters);
      const totalPages = Math.max(1, Math.ceil(rows.length / UPR_PAGE_SIZE));
      if (outcome.page > totalPages) return reply.callNotFound();
      const pageRows = rows.slice((outcome.page - 1) * UPR_PAGE_SIZE, outcome.page * UPR_PAGE_SIZE);
      hasSample = rows.some((r) => r.sample === 1);
      results = {
        total: rows.length,
        page: outcome.page,
        totalPages,
        items: pageRows.map((r) => presentRecommendation(r, locale, order)),
        ...countCells(rows, locale),
        overTime: statusOverTime(await listAssessments(app.db, rows.map((r) => r.id)), new Date().getUTCFullYear()),
      };
    } else reply.header('cache-control', 'no-store');
    const path = `${UPR_PATH}${filtersQuery(outcome.raw, { page: outcome.ok && outcome.page > 1 ? String(outcome.page) : undefined })}`;
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.title, description: t.lead, path, jsonLd: [datasetJsonLd(ctx, locale)], feeds: [{ title: t.feedTitle, href: localePath(locale, `${UPR_PATH}/assessments.atom`), type: 'application/atom+xml' }], ...(outcome.ok ? {} : { noindex: true }) }}>
        <UprListPage locale={locale} cycles={cycles} hasSample={hasSample} raw={outcome.raw} errors={outcome.ok ? [] : outcome.errors} options={options} {...(results ? { results } : {})} />
      </Layout>,
      outcome.ok ? 200 : 400,
    );
  });

  const download = (format: 'csv' | 'json') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { outcome } = await read(request);
    if (!outcome.ok) return sendErrorPage(app, request, reply, 'badRequest');
    const rows = (await listRecommendations(app.db, outcome.filters)).map((r: RecommendationRow) => exportRow(r, locale, order, app.config.publicUrl));
    reply.header('content-disposition', `attachment; filename="upr-recommendations-${locale}.${format}"`);
    reply.header('access-control-allow-origin', '*');
    if (format === 'csv') return reply.sendText(recommendationsCsv(rows), 'text/csv; charset=utf-8');
    return reply.sendText(recommendationsJson(rows, outcome.raw, locale), 'application/json; charset=utf-8');
  };
  app.get(`${UPR_PATH}/recommendations.csv`, { config: { public: true, pageCache: true } }, download('csv'));
  app.get(`${UPR_PATH}/recommendations.json`, { config: { public: true, pageCache: true } }, download('json'));

  app.get(`${UPR_PATH}/assessments.atom`, { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const ctx = await app.siteContexts.get(locale);
    const recent = await listRecentAssessments(app.db, FEED_SIZE);
    const entries = recent.map((a) => {
      const note = pickTranslation(a.notes, locale, order);
      return {
        title: t.feedEntryTitle(labelOf('status', a.status, locale), a.recommendingState),
        summary: note?.value.note ?? null,
        contentLocale: note?.locale ?? locale,
        isFallback: note?.isFallback ?? false,
        path: `${recommendationPath(a.recommendationId)}#assessment-${a.id}`,
        publishedAt: a.createdAt,
        updatedAt: a.createdAt,
        licence: 'CC-BY-4.0',
        categories: [{ term: a.status, label: labelOf('status', a.status, locale) }],
        enclosure: undefined,
      };
    });
    const feed = renderFeed(
      {
        locale,
        title: t.feedTitle,
        description: t.feedDescription,
        organisation: ctx.name,
        publicUrl: app.config.publicUrl,
        listPath: UPR_PATH,
        selfPaths: { atom: localePath(locale, `${UPR_PATH}/assessments.atom`), rss: localePath(locale, `${UPR_PATH}/assessments.atom`) },
        entries,
      },
      'atom',
    );
    return reply.sendText(feed, FEED_CONTENT_TYPES.atom);
  });

  app.get<{ Params: { id: string } }>(`${UPR_PATH}/:id`, { config: { public: true, pageCache: true } }, async (request, reply) => {
    const id = /^\d{1,10}$/.test(request.params.id) ? Number(request.params.id) : 0;
    if (id < 1 || id > ID_MAX) return reply.callNotFound();
    const [found, ctx] = await Promise.all([findRecommendation(app.db, id), app.siteContexts.get(locale)]);
    if (!found) return reply.callNotFound();
    const item = presentRecommendation(found, locale, order);
    const assessments = found.assessments.map((a) => presentAssessment(a, locale, order));
    const title = item.reference ? t.recommendationNumber(item.reference) : t.by(item.state);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title,
          description: item.text.slice(0, 300),
          path: item.href,
          ...(item.isFallback ? { contentLocale: item.textLocale } : {}),
          ogType: 'article',
          jsonLd: [recommendationJsonLd(ctx, locale, item, found.updatedAt)],
        }}
      >
        <RecommendationPage locale={locale} item={item} assessments={assessments} />
      </Layout>,
    );
  });
}

function filterOptions(locale: Locale, cycles: number[], states: string[]): FilterOptions {
  const t = uprMessages[locale];
  return {
    cycle: cycles.map((c) => ({ value: String(c), label: t.cycleLabel(formatNumber(c, locale)) })),
    state: states.map((s) => ({ value: s, label: s, lang: locale === 'en' ? undefined : 'en' })),
    region: REGIONAL_GROUP_CODES.map((c) => ({ value: c, label: labelOf('region', c, locale) })),
    theme: THEME_CODES.map((c) => ({ value: c, label: labelOf('theme', c, locale) })),
    response: RESPONSES.map((c) => ({ value: c, label: labelOf('response', c, locale) })),
    status: CURRENT_STATUSES.map((c) => ({ value: c, label: labelOf('status', c, locale) })),
  };
}

/** The tracker as a schema.org Dataset, with its downloads. */
function datasetJsonLd(ctx: SiteContext, locale: Locale): object {
  const t = uprMessages[locale];
  const url = (path: string) => absoluteUrl(ctx.publicUrl, localePath(locale, path));
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: t.title,
    description: t.lead,
    url: url(UPR_PATH),
    inLanguage: locale,
    license: 'https://creativecommons.org/licenses/by/4.0/',
    creator: { '@type': 'NGO', name: ctx.name },
    distribution: [
      { '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: url(`${UPR_PATH}/recommendations.csv`) },
      { '@type': 'DataDownload', encodingFormat: 'application/json', contentUrl: url(`${UPR_PATH}/recommendations.json`) },
    ],
  };
}

function recommendationJsonLd(ctx: SiteContext, locale: Locale, item: ReturnType<typeof presentRecommendation>, updatedAt: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    name: item.reference ? uprMessages[locale].recommendationNumber(item.reference) : uprMessages[locale].by(item.state),
    text: item.text,
    inLanguage: item.textLocale,
    url: absoluteUrl(ctx.publicUrl, localePath(locale, item.href)),
    dateModified: updatedAt,
    about: item.themes,
    isPartOf: { '@type': 'Dataset', name: uprMessages[locale].title, url: absoluteUrl(ctx.publicUrl, localePath(locale, UPR_PATH)) },
    publisher: { '@type': 'NGO', name: ctx.name },
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { feedLinks } from '../discovery/feed-links.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { alertsMessages } from './alerts.messages.js';
import { presentAlertCard, presentAlertPage } from './alerts.presenter.js';
import { findAlertForPublicBySlug, listAlertFilterOptions, listPublicAlerts } from './alerts.repository.js';
import { ALERT_SLUG_PATTERN, ALERTS_PAGE_SIZE, alertListQuery } from './alerts.schema.js';
import { AlertGone, AlertList, AlertPage } from './alerts.views.js';

/** The public alerts: the list with its filters, each alert's page, and 410 for a withdrawn one. */
export async function alertsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const order = app.config.locales;
  const t = alertsMessages[locale];

  r.get('/hrd-alerts', { schema: { querystring: alertListQuery }, config: { public: true, pageCache: true } }, async (request, reply) => {
    const { page, year, province } = request.query;
    const [{ items, total }, options, ctx] = await Promise.all([
      listPublicAlerts(app.db, { page, pageSize: ALERTS_PAGE_SIZE, year, provinceId: province }),
      listAlertFilterOptions(app.db),
      app.siteContexts.get(locale),
    ]);
    const totalPages = Math.ceil(total / ALERTS_PAGE_SIZE);
    if (page > 1 && page > totalPages) return reply.callNotFound();
    const pathFor = (p: number) => `/hrd-alerts${queryString({ year, province, page: p > 1 ? p : undefined })}`;
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.listTitle, description: t.listLead, path: pathFor(page), feeds: feedLinks(locale, 'hrd-alerts') }}>
        <AlertList
          locale={locale}
          timeZone={ctx.timeZone}
          cards={items.flatMap((a) => presentAlertCard(a, locale, order) ?? [])}
          total={total}
          page={page}
          totalPages={totalPages}
          pathFor={pathFor}
          years={options.years}
          provinces={options.provinces}
          selected={{ year, province }}
        />
      </Layout>,
    );
  });

  r.get<{ Params: { slug: string } }>('/hrd-alerts/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params;
    if (slug.length > 120 || !ALERT_SLUG_PATTERN.test(slug)) return reply.callNotFound();
    const [found, ctx] = await Promise.all([findAlertForPublicBySlug(app.db, slug), app.siteContexts.get(locale)]);
    if (!found) return reply.callNotFound();
    if (found.status === 'withdrawn') {
      reply.header('cache-control', 'no-store');
      return reply.sendHtml(
        <Layout ctx={ctx} meta={{ title: t.goneTitle, path: '/hrd-alerts', noindex: true }}>
          <AlertGone locale={locale} />
        </Layout>,
        410,
      );
    }
    const alert = presentAlertPage(found.alert, locale, order);
    if (!alert) return reply.callNotFound();
    const path = alert.href;
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: alert.title,
          description: alert.summary.slice(0, 300),
          path,
          availableIn: alert.availableIn,
          contentLocale: alert.isFallback ? alert.contentLocale : undefined,
          ogType: 'article',
          feeds: feedLinks(locale, 'hrd-alerts'),
          jsonLd: [
            creativeWorkJsonLd(ctx, {
              type: 'Article',
              title: alert.title,
              summary: alert.summary.slice(0, 300),
              path,
              inLanguage: alert.contentLocale,
              publishedAt: alert.publishedAt,
              updatedAt: alert.updatedAt,
              licence: alert.licence,
            }),
          ],
        }}
      >
        <AlertPage alert={alert} locale={locale} timeZone={ctx.timeZone} />
      </Layout>,
    );
  });
}

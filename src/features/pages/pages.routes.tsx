import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import type { MenuNode } from '../../web/site-context.js';
import { findPublicPageBySlug } from './pages.repository.js';
import { presentPage } from './pages.presenter.js';
import { PageBody } from './pages.views.js';

/** Longest page path accepted before a lookup is even tried. */
const MAX_PAGE_PATH_LENGTH = 200;

function findMenuNode(items: MenuNode[], href: string): MenuNode | undefined {
  for (const item of items) {
    if (item.href === href) return item;
    const inner = findMenuNode(item.children, href);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Editorial pages live at their own path (`/en/about/who-we-are`). Routes of other features
 * are more specific and win; whatever is left over is looked up here, and else is a 404.
 */
export async function pagesRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  app.get('/*', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const slug = ((request.params as { '*': string })['*'] ?? '').replace(/\/+$/, '');
    if (!slug || slug.length > MAX_PAGE_PATH_LENGTH || !/^[a-z0-9/-]+$/.test(slug)) return reply.callNotFound();
    const found = await findPublicPageBySlug(app.db, slug);
    const page = found && presentPage(found, locale, app.config.locales);
    if (!page) return reply.callNotFound();
    const ctx = await app.siteContexts.get(locale);
    const section = findMenuNode(ctx.mainMenu, `/${slug}`)?.children ?? [];
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: page.title,
          description: page.summary ?? undefined,
          path: `/${slug}`,
          availableIn: page.availableIn,
          contentLocale: page.isFallback ? page.contentLocale : undefined,
          ogType: 'article',
        }}
      >
        <PageBody locale={locale} page={page} section={section} />
      </Layout>,
    );
  });
}

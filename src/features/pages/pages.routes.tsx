import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import type { MenuNode } from '../../web/site-context.js';
import type { ItemChoice } from '../content-types/content-types.repository.js';
import { itemPreview, pageContext, type PageContext, type RenderedPage } from '../content-types/public-pages.js';
import { findPublicPageBySlug, type PublicPage } from './pages.repository.js';
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
 * are more specific and win; whatever is left over is looked up here, and else is a 404. The
 * route is their own (a catch-all, not a type's public path); the hooks are the pipeline's, and
 * previews use them too.
 */
export async function pagesRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const hooks = {
    type: 'page',
    load: (which: ItemChoice) => findPublicPageBySlug(app.db, which),
    render(found: PublicPage, { ctx, slug }: PageContext & { slug: string }): RenderedPage | undefined {
      const page = presentPage(found, locale, order);
      if (!page) return undefined;
      const section = findMenuNode(ctx.mainMenu, `/${slug}`)?.children ?? [];
      return {
        meta: {
          title: page.title,
          description: page.summary ?? undefined,
          path: `/${slug}`,
          availableIn: page.availableIn,
          contentLocale: page.isFallback ? page.contentLocale : undefined,
          ogType: 'article',
        },
        body: <PageBody locale={locale} page={page} section={section} />,
      };
    },
  } as const;
  itemPreview(app, locale, hooks);

  app.get('/*', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const slug = ((request.params as { '*': string })['*'] ?? '').replace(/\/+$/, '');
    if (!slug || slug.length > MAX_PAGE_PATH_LENGTH || !/^[a-z0-9/-]+$/.test(slug)) return reply.callNotFound();
    const found = await findPublicPageBySlug(app.db, { slug });
    if (!found) return reply.callNotFound();
    const ctx = await app.siteContexts.get(locale);
    const rendered = hooks.render(found, { ...pageContext(app, locale, ctx), slug });
    if (!rendered) return reply.callNotFound();
    return reply.sendHtml(
      <Layout ctx={ctx} meta={rendered.meta}>
        {rendered.body}
      </Layout>,
    );
  });
}

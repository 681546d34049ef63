import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../i18n/locales.js';
import { assetUrl } from '../../web/assets.js';

/** The visitor's preferred configured locale from Accept-Language, else the default. */
export function preferredLocale(header: string | undefined, locales: readonly Locale[], fallback: Locale): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.map((p) => /q=([\d.]+)/.exec(p)?.[1]).find(Boolean) ?? 1);
      return { lang: tag!.split('-')[0]!, q };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.map((r) => r.lang).find((l) => (locales as readonly string[]).includes(l)) as Locale) ?? fallback;
}

/** Routes outside any locale: the root redirect, robots.txt and the favicon. */
export async function rootRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { public: true } }, async (request, reply) => {
    const locale = preferredLocale(request.headers['accept-language'], app.config.locales, app.config.defaultLocale);
    return reply.header('vary', 'Accept-Language').redirect(`/${locale}/`, 302);
  });

  app.get('/favicon.ico', { config: { public: true } }, async (_request, reply) =>
    reply.redirect(assetUrl('favicon.svg'), 301),
  );

  app.get('/robots.txt', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const lines = ['User-agent: *', 'Disallow: /admin', 'Allow: /', '', `Sitemap: ${app.config.publicUrl}/sitemap.xml`, ''];
    return reply.sendText(lines.join('\n'), 'text/plain; charset=utf-8');
  });
}

import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { findImages, shareableImageUrl, type ImageView } from '../media/media.repository.js';
import { albumJsonLd } from './gallery.json-ld.js';
import { galleryMessages } from './gallery.messages.js';
import { presentAlbum, presentAlbumCard } from './gallery.presenter.js';
import { findPublicAlbumBySlug, listPublicAlbums } from './gallery.repository.js';
import { GALLERY_PAGE_SIZE, galleryQuery } from './gallery.schema.js';
import { AlbumPage, GalleryIndex } from './gallery.views.js';

export async function galleryRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const order = app.config.locales;
  const t = galleryMessages[locale];

  r.get('/gallery', { schema: { querystring: galleryQuery }, config: { public: true, pageCache: true } }, async (request, reply) => {
    const { page } = request.query;
    const [{ items, total }, ctx] = await Promise.all([
      listPublicAlbums(app.db, { page, pageSize: GALLERY_PAGE_SIZE }),
      app.siteContexts.get(locale),
    ]);
    const totalPages = Math.ceil(total / GALLERY_PAGE_SIZE);
    if (page > 1 && page > totalPages) return reply.callNotFound();
    const cards = items.flatMap((row) => presentAlbumCard(row, locale, order) ?? []);
    const images = await findImages(app.db, cards.map((c) => c.coverFileId), locale, order);
    const pathFor = (p: number) => `/gallery${queryString({ page: p > 1 ? p : undefined })}`;
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.title, description: t.lead, path: pathFor(page) }}>
        <GalleryIndex
          locale={locale}
          timeZone={ctx.timeZone}
          cards={cards}
          images={images}
          page={page}
          totalPages={totalPages}
          pathFor={pathFor}
        />
      </Layout>,
    );
  });

  r.get<{ Params: { slug: string } }>('/gallery/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return reply.callNotFound();
    const found = await findPublicAlbumBySlug(app.db, slug);
    const album = found && presentAlbum(found, locale, order);
    if (!album) return reply.callNotFound();
    const [ctx, images] = await Promise.all([
      app.siteContexts.get(locale),
      findImages(app.db, [album.coverFileId, ...album.photoFileIds], locale, order),
    ]);
    const photos = album.photoFileIds.flatMap((id) => images.get(id) ?? []);
    const cover: ImageView | undefined = album.coverFileId === null ? undefined : images.get(album.coverFileId);
    const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: album.title,
          description: album.description ?? undefined,
          path: album.href,
          availableIn: album.availableIn,
          contentLocale: album.isFallback ? album.contentLocale : undefined,
          image: imageUrl,
          jsonLd: [albumJsonLd(ctx, album, photos, imageUrl)],
        }}
      >
        <AlbumPage locale={locale} timeZone={ctx.timeZone} album={album} photos={photos} />
      </Layout>,
    );
  });
}

import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { itemPage, pagedListPage } from '../content-types/public-pages.js';
import { findImages, shareableImageUrl, type ImageView } from '../media/media.repository.js';
import { albumJsonLd } from './gallery.json-ld.js';
import { galleryMessages } from './gallery.messages.js';
import { presentAlbum, presentAlbumCard } from './gallery.presenter.js';
import { findPublicAlbumBySlug, listPublicAlbums } from './gallery.repository.js';
import { GALLERY_PAGE_SIZE, galleryQuery } from './gallery.schema.js';
import { AlbumPage, GalleryIndex } from './gallery.views.js';

export async function galleryRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = galleryMessages[locale];

  pagedListPage(app, locale, {
    path: '/gallery',
    query: galleryQuery,
    pageSize: GALLERY_PAGE_SIZE,
    list: ({ page }) => listPublicAlbums(app.db, { page, pageSize: GALLERY_PAGE_SIZE }),
    card: (row) => presentAlbumCard(row, locale, order),
    images: (ids) => findImages(app.db, ids, locale, order),
    render: ({ cards, images, totalPages, pathFor }, { ctx, query: { page } }) => ({
      meta: { title: t.title, description: t.lead, path: pathFor(page) },
      body: (
        <GalleryIndex
          locale={locale}
          timeZone={ctx.timeZone}
          cards={cards}
          images={images}
          page={page}
          totalPages={totalPages}
          pathFor={pathFor}
        />
      ),
    }),
  });

  itemPage(app, locale, {
    type: 'album',
    async load(slug) {
      const found = await findPublicAlbumBySlug(app.db, slug);
      const album = found && presentAlbum(found, locale, order);
      if (!album) return undefined;
      const images = await findImages(app.db, [album.coverFileId, ...album.photoFileIds], locale, order);
      return { album, images };
    },
    render({ album, images }, { ctx }) {
      const photos = album.photoFileIds.flatMap((id) => images.get(id) ?? []);
      const cover: ImageView | undefined = album.coverFileId === null ? undefined : images.get(album.coverFileId);
      const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
      return {
        meta: {
          title: album.title,
          description: album.description ?? undefined,
          path: album.href,
          availableIn: album.availableIn,
          contentLocale: album.isFallback ? album.contentLocale : undefined,
          image: imageUrl,
          jsonLd: [albumJsonLd(ctx, album, photos, imageUrl)],
        },
        body: <AlbumPage locale={locale} timeZone={ctx.timeZone} album={album} photos={photos} />,
      };
    },
  });
}

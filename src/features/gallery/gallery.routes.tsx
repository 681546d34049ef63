import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatNumber } from '../../i18n/format.js';
import { Layout } from '../../web/layout.js';
import { isSlug } from '../content-types/slug.js';
import { publicPathOf } from '../content-types/content-types.js';
import { imageOf, itemPage, pagedListPage } from '../content-types/public-pages.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { albumJsonLd } from './gallery.json-ld.js';
import { galleryMessages } from './gallery.messages.js';
import { presentAlbum, presentAlbumCard } from './gallery.presenter.js';
import { findPublicAlbumBySlug, listPublicAlbums } from './gallery.repository.js';
import { GALLERY_PAGE_SIZE, galleryQuery } from './gallery.schema.js';
import { AlbumPage, GalleryIndex, PhotoPage, photoPath } from './gallery.views.js';

/** A photo's position in its album, from 1; anything else is not a page. */
const photoParams = z.object({ slug: z.string(), n: z.string().regex(/^[1-9][0-9]{0,4}$/).transform(Number) });

export async function galleryRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = galleryMessages[locale];

  pagedListPage(app, locale, {
    path: '/gallery',
    query: galleryQuery,
    pageSize: GALLERY_PAGE_SIZE,
    list: ({ page }) => listPublicAlbums(app.db, { page, pageSize: GALLERY_PAGE_SIZE }),
    card: (row) => presentAlbumCard(row, locale, order),
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
    async load(which, page) {
      const found = await findPublicAlbumBySlug(app.db, which);
      const album = found && presentAlbum(found, locale, order);
      if (!album) return undefined;
      const images = await page.images([album.coverFileId, ...album.photoFileIds]);
      return { album, images };
    },
    render({ album, images }, { ctx }) {
      const photos = album.photoFileIds.flatMap((id) => images.get(id) ?? []);
      const cover = imageOf(images, album.coverFileId);
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

  // One page per photo (no lightbox, no script): the picture in responsive sizes with its caption,
  // credit and licence, and links to the previous and next photos and back to the album.
  app.withTypeProvider<ZodTypeProvider>().get(
    `${publicPathOf('album', ':slug')}/:n`,
    { schema: { params: photoParams }, config: { public: true, pageCache: true } },
    async (request, reply) => {
      const { slug, n } = request.params;
      if (!isSlug(slug)) return reply.callNotFound();
      const found = await findPublicAlbumBySlug(app.db, { slug });
      const album = found && presentAlbum(found, locale, order);
      const fileId = album?.photoFileIds[n - 1];
      if (!album || fileId === undefined) return reply.callNotFound();
      const photo = (await findImages(app.db, [fileId], locale, order)).get(fileId);
      if (!photo) return reply.callNotFound();
      const ctx = await app.siteContexts.get(locale);
      return reply.sendHtml(
        <Layout
          ctx={ctx}
          meta={{
            title: t.photoTitle(album.title, formatNumber(n, locale)),
            description: photo.caption ?? album.description ?? undefined,
            path: photoPath(album.href, n),
            availableIn: album.availableIn,
            contentLocale: album.isFallback ? album.contentLocale : undefined,
            image: shareableImageUrl(ctx.publicUrl, photo),
          }}
        >
          <PhotoPage locale={locale} album={album} photo={photo} n={n} />
        </Layout>,
      );
    },
  );
}

import { absoluteUrl } from '../../web/paths.js';
import type { SiteContext } from '../../web/site-context.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { largestVariant, type ImageView } from '../media/media.repository.js';
import type { AlbumView } from './gallery.presenter.js';

/** An album as a schema.org ImageGallery: a CreativeWork whose images are listed with their captions. */
export function albumJsonLd(ctx: SiteContext, album: AlbumView, photos: ImageView[], imageUrl: string | undefined): object {
  const base = creativeWorkJsonLd(ctx, {
    type: 'CreativeWork',
    title: album.title,
    summary: album.description,
    path: album.href,
    inLanguage: album.contentLocale,
    publishedAt: album.publishedAt,
    updatedAt: album.updatedAt,
    licence: album.licence,
    ...(imageUrl ? { imageUrl } : {}),
  });
  const images = photos.flatMap((photo) => {
    const full = largestVariant(photo);
    if (!full) return [];
    return [
      {
        '@type': 'ImageObject',
        contentUrl: absoluteUrl(ctx.publicUrl, full.url),
        width: full.width,
        height: full.height,
        ...(photo.caption || photo.alt ? { caption: photo.caption || photo.alt } : {}),
      },
    ];
  });
  return { ...base, '@type': 'ImageGallery', ...(album.date ? { dateCreated: album.date } : {}), associatedMedia: images };
}

import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { largestVariant, type ImageView } from '../media/media.repository.js';
import { Picture } from '../media/picture.js';
import { galleryMessages } from './gallery.messages.js';
import type { AlbumCardView, AlbumView } from './gallery.presenter.js';

/**
 * Widths at which `.card-list` (columns of at least 17rem in a 72rem wrap) and `.gallery-grid`
 * (at least 14rem) draw one image, so the browser fetches the smallest rendition that fits.
 */
const ALBUM_CARD_SIZES = '(min-width: 72rem) 22rem, (min-width: 56rem) 33vw, (min-width: 37rem) 50vw, 100vw';
const GALLERY_PHOTO_SIZES = '(min-width: 72rem) 17rem, (min-width: 61rem) 25vw, (min-width: 46rem) 33vw, (min-width: 31rem) 50vw, 100vw';
/** Photos in the first row are likely on screen at once: they load without waiting. */
const EAGER_PHOTOS = 2;

function PhotoCount({ count, locale }: { count: number; locale: Locale }) {
  return <span class="album__count">{galleryMessages[locale].photoCount(formatNumber(count, locale), count)}</span>;
}

interface AlbumCardProps {
  card: AlbumCardView;
  locale: Locale;
  timeZone: string;
  image?: ImageView | undefined;
  headingLevel?: 2 | 3;
}

/** One album as an `li.card` for a `ul.card-list`: cover, title, date and number of photos. */
export function AlbumCard({ card, locale, timeZone, image, headingLevel = 2 }: AlbumCardProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <li class="card card--album">
      {image && (
        <div class="card__media">
          <Picture image={image} sizes={ALBUM_CARD_SIZES} decorative />
        </div>
      )}
      <Heading class="card__title" lang={card.isFallback ? card.contentLocale : undefined}>
        <a href={localePath(locale, card.href)}>{card.title}</a>
      </Heading>
      <p class="card__meta">
        {card.date && <DateText value={card.date} locale={locale} timeZone={timeZone} />}
        {card.date && ' · '}
        <PhotoCount count={card.photoCount} locale={locale} />
      </p>
    </li>
  );
}

interface GalleryIndexProps {
  locale: Locale;
  timeZone: string;
  cards: AlbumCardView[];
  images: Map<number, ImageView>;
  page: number;
  totalPages: number;
  pathFor: (page: number) => string;
}

export function GalleryIndex({ locale, timeZone, cards, images, page, totalPages, pathFor }: GalleryIndexProps) {
  const t = galleryMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.lead}</p>
      </header>
      {cards.length > 0 ? (
        <ul class="card-list card-list--albums">
          {cards.map((card) => (
            <AlbumCard
              card={card}
              locale={locale}
              timeZone={timeZone}
              image={card.coverFileId === null ? undefined : images.get(card.coverFileId)}
            />
          ))}
        </ul>
      ) : (
        <p class="notice">{webMessages[locale].noItems}</p>
      )}
      <Pagination locale={locale} page={page} totalPages={totalPages} hrefFor={(p) => localePath(locale, pathFor(p))} />
    </>
  );
}

interface AlbumPageProps {
  locale: Locale;
  timeZone: string;
  album: AlbumView;
  photos: ImageView[];
}

/** An album: its text, then every photo in a `<figure>` linking to its largest JPEG. */
export function AlbumPage({ locale, timeZone, album, photos }: AlbumPageProps) {
  const t = galleryMessages[locale];
  return (
    <article class="album" lang={album.contentLocale}>
      {album.isFallback && <FallbackNotice locale={locale} shownIn={album.contentLocale} />}
      <header class="page-header">
        <h1>{album.title}</h1>
        <p class="item-meta" lang={locale}>
          {album.date && <DateText value={album.date} locale={locale} timeZone={timeZone} />}
          {album.date && ' · '}
          <PhotoCount count={album.photoCount} locale={locale} />
        </p>
        {album.description && <p class="lead">{album.description}</p>}
      </header>
      {photos.length > 0 ? (
        <ul class="gallery-grid" aria-label={t.photos} lang={locale}>
          {photos.map((photo, i) => (
            <li>
              <Photo photo={photo} number={formatNumber(i + 1, locale)} locale={locale} eager={i < EAGER_PHOTOS} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="notice" lang={locale}>
          {t.noPhotos}
        </p>
      )}
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={album.licence} locale={locale} />
        <p>
          <a href={localePath(locale, '/gallery')}>{t.backToGallery}</a>
        </p>
      </footer>
    </article>
  );
}

function Photo({ photo, number, locale, eager }: { photo: ImageView; number: string; locale: Locale; eager: boolean }) {
  const full = largestVariant(photo);
  // Without alt text the link would have no name: it says which photo it opens instead.
  const label = photo.alt ? undefined : galleryMessages[locale].openPhoto(number);
  const picture = <Picture image={photo} sizes={GALLERY_PHOTO_SIZES} eager={eager} />;
  return (
    <figure class="gallery-grid__item">
      {full ? (
        <a href={full.url} aria-label={label}>
          {picture}
        </a>
      ) : (
        picture
      )}
      {photo.caption && <figcaption lang={photo.altLocale}>{photo.caption}</figcaption>}
    </figure>
  );
}

import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import type { ImageView } from '../media/media.repository.js';
import { PhotoCaption, PhotoFigure, Picture } from '../media/picture.js';
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

/** An album: its text, then every photo in a `<figure>` linking to the photo's own page. */
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
              <PhotoFigure
                image={photo}
                sizes={GALLERY_PHOTO_SIZES}
                eager={i < EAGER_PHOTOS}
                class="gallery-grid__item"
                locale={locale}
                // Without alt text the link would have no name: it says which photo it opens instead.
                link={{ href: localePath(locale, photoPath(album.href, i + 1)), label: photo.alt ? undefined : t.openPhoto(formatNumber(i + 1, locale)) }}
              />
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

/** The page of one photo of an album: `/gallery/<album>/<n>`, counted from 1 in the album's order. */
export function photoPath(albumHref: string, n: number): string {
  return `${albumHref}/${n}`;
}

/** The widths a photo is drawn at on its own page: the text column, at most 60rem. */
const PHOTO_PAGE_SIZES = '(min-width: 62rem) 60rem, 100vw';

interface PhotoPageProps {
  locale: Locale;
  album: AlbumView;
  photo: ImageView;
  /** 1-based position of the photo in the album. */
  n: number;
}

/** One photo at a readable size, its caption, credit and licence, and the way on through the album. */
export function PhotoPage({ locale, album, photo, n }: PhotoPageProps) {
  const t = galleryMessages[locale];
  const total = album.photoFileIds.length;
  const number = formatNumber(n, locale);
  return (
    <article class="photo-page" lang={locale}>
      <header class="page-header">
        <p class="item-meta">
          <a href={localePath(locale, album.href)} lang={album.contentLocale}>
            {album.title}
          </a>
        </p>
        <h1>{t.photoOf(number, formatNumber(total, locale))}</h1>
      </header>
      <figure class="photo photo-page__figure">
        <Picture image={photo} sizes={PHOTO_PAGE_SIZES} eager />
        <PhotoCaption image={photo} locale={locale} />
      </figure>
      <nav class="photo-page__nav" aria-label={t.photoPages}>
        {n > 1 && (
          <a href={localePath(locale, photoPath(album.href, n - 1))} rel="prev">
            {`← ${t.previousPhoto}`}
          </a>
        )}
        <a href={localePath(locale, album.href)}>{t.backToAlbum(album.title)}</a>
        {n < total && (
          <a href={localePath(locale, photoPath(album.href, n + 1))} rel="next">
            {`${t.nextPhoto} →`}
          </a>
        )}
      </nav>
      <footer class="item-footer">
        <LicenceNote id={photo.licence ?? album.licence} locale={locale} />
      </footer>
    </article>
  );
}

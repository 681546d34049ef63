import type { Locale } from '../../i18n/locales.js';
import { licenceInfo } from '../../web/components/licence.js';
import type { ImageView } from './media.repository.js';
import { mediaMessages } from './media.messages.js';

interface PictureProps {
  image: ImageView;
  /** The `sizes` attribute: how wide the image is drawn, so the browser picks the smallest fit. */
  sizes: string;
  class?: string;
  /** Above-the-fold images load at once; every other one waits until it is near. */
  eager?: boolean;
  /** Set when the image is decorative beside a text that says the same. */
  decorative?: boolean;
}

/** An image's `srcset` texts per format (empty where it has no rendition) and its `<img>` fallback. */
interface Sources {
  avif: string;
  webp: string;
  jpeg: string;
  fallback: ImageView['variants'][number] | undefined;
}

/**
 * Worked out once per image: the images pages draw are kept, the same objects, until content
 * changes (media/kept-images.ts), and each page draws them again on every request.
 */
const sourcesByImage = new WeakMap<ImageView, Sources>();

function sourcesOf(image: ImageView): Sources {
  let sources = sourcesByImage.get(image);
  if (!sources) {
    const srcset = (format: string) =>
      image.variants
        .filter((v) => v.format === format)
        .map((v) => `${v.url} ${v.width}w`)
        .join(', ');
    const jpegs = image.variants.filter((v) => v.format === 'jpeg');
    sources = { avif: srcset('avif'), webp: srcset('webp'), jpeg: srcset('jpeg'), fallback: jpegs.find((v) => v.width >= 960) ?? jpegs[jpegs.length - 1] };
    sourcesByImage.set(image, sources);
  }
  return sources;
}

/**
 * A responsive picture, each format in several widths: the browser takes the first source it
 * can decode, so AVIF (smallest) comes before WebP, and the JPEG `<img>` serves every other one.
 */
export function Picture({ image, sizes, class: className, eager = false, decorative = false }: PictureProps) {
  // Images stored before a format was added have no renditions in it; offer only what exists.
  const { avif, webp, jpeg, fallback } = sourcesOf(image);
  if (!fallback) return null;
  return (
    <picture class={className}>
      {avif && <source type="image/avif" srcSet={avif} sizes={sizes} />}
      {webp && <source type="image/webp" srcSet={webp} sizes={sizes} />}
      <img
        src={fallback.url}
        srcSet={jpeg}
        sizes={sizes}
        width={fallback.width}
        height={fallback.height}
        alt={decorative ? '' : image.alt}
        lang={decorative ? undefined : image.altLocale}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
      />
    </picture>
  );
}

interface PhotoFigureProps extends PictureProps {
  locale: Locale;
  /** Where the picture links to (a gallery photo's own page), with a name when it has no alt text. */
  link?: { href: string; label?: string | undefined };
}

/**
 * A photograph as a `<figure>`: the responsive picture, then its caption (in the language of the
 * alt text it came with) and its credit line with the licence, when the media library has them.
 */
export function PhotoFigure({ locale, link, class: className, ...picture }: PhotoFigureProps) {
  const { image } = picture;
  const drawn = <Picture {...picture} />;
  return (
    <figure class={className ? `photo ${className}` : 'photo'}>
      {link ? (
        <a href={link.href} aria-label={link.label}>
          {drawn}
        </a>
      ) : (
        drawn
      )}
      <PhotoCaption image={image} locale={locale} />
    </figure>
  );
}

/** The caption and credit line of a photograph; nothing when it has neither. */
export function PhotoCaption({ image, locale }: { image: ImageView; locale: Locale }) {
  if (!image.caption && !image.credit && !image.licence) return null;
  const t = mediaMessages[locale];
  const licence = image.licence ? licenceInfo(image.licence) : undefined;
  return (
    <figcaption>
      {image.caption && <span lang={image.altLocale}>{image.caption}</span>}
      {(image.credit || licence) && (
        <small class="photo__credit" lang={locale}>
          {image.credit && t.credit(image.credit)}
          {image.credit && licence && ' · '}
          {licence &&
            (licence.url ? (
              <a rel="license" href={licence.url} lang="en" title={licence.name}>
                {licence.short}
              </a>
            ) : (
              <span lang="en">{licence.short}</span>
            ))}
        </small>
      )}
    </figcaption>
  );
}

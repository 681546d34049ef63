import type { ImageView } from './media.repository.js';

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

/**
 * A responsive picture, each format in several widths: the browser takes the first source it
 * can decode, so AVIF (smallest) comes before WebP, and the JPEG `<img>` serves every other one.
 */
export function Picture({ image, sizes, class: className, eager = false, decorative = false }: PictureProps) {
  const srcset = (format: string) =>
    image.variants
      .filter((v) => v.format === format)
      .map((v) => `${v.url} ${v.width}w`)
      .join(', ');
  // Images stored before a format was added have no renditions in it; offer only what exists.
  const hasFormat = (format: string) => image.variants.some((v) => v.format === format);
  const jpegs = image.variants.filter((v) => v.format === 'jpeg');
  const fallback = jpegs.find((v) => v.width >= 960) ?? jpegs[jpegs.length - 1];
  if (!fallback) return null;
  return (
    <picture class={className}>
      {hasFormat('avif') && <source type="image/avif" srcSet={srcset('avif')} sizes={sizes} />}
      {hasFormat('webp') && <source type="image/webp" srcSet={srcset('webp')} sizes={sizes} />}
      <img
        src={fallback.url}
        srcSet={srcset('jpeg')}
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

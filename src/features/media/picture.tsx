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

/** A responsive picture: WebP where the browser takes it, JPEG otherwise, each in several widths. */
export function Picture({ image, sizes, class: className, eager = false, decorative = false }: PictureProps) {
  const srcset = (format: string) =>
    image.variants
      .filter((v) => v.format === format)
      .map((v) => `${v.url} ${v.width}w`)
      .join(', ');
  const jpegs = image.variants.filter((v) => v.format === 'jpeg');
  const fallback = jpegs.find((v) => v.width >= 960) ?? jpegs[jpegs.length - 1];
  if (!fallback) return null;
  return (
    <picture class={className}>
      <source type="image/webp" srcSet={srcset('webp')} sizes={sizes} />
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

/** The dove's outline in a 64×64 box: body, head and fanned tail, then the raised wing. */
const DOVE_PATH =
  'M55 25.5L50.5 24C49.5 21 45 20.5 43.5 24C42 28 38 31.5 32 33.5C25 36 18 38 11 42.5L17.5 43.5L10 48L18 46.5' +
  'L13.5 51.5L21.5 48C30.5 51 40 47 45 40C47.5 36.5 49 32.5 50 28.5Z' +
  'M41 30.5C41 22 37 14 30 8C29.5 11 29.5 13 29 14.5C27 12.5 25 11 22.5 10.5C23 13 24 15.5 24.5 17' +
  'C22 15.5 19.5 14.5 16.5 14.5C17.5 17 19 19.5 20.5 21.5C18 21 15 20.5 12.5 21C15 24 18 26.5 21 27.5' +
  'C19.5 28.5 18.5 30 18 31.5C23 31.5 27 33 30.5 35.5Z';

/**
 * The project's mark: a white dove flying inside a circle of blue sky, drawn for Dove.
 * Inline SVG, so it costs no request; the same drawing is static/favicon.svg. The gradient
 * id is namespaced because the mark may share a page with other inline SVG.
 */
export function DoveLogo({ class: className, title }: { class?: string; title: string }) {
  return (
    <svg class={className} viewBox="0 0 64 64" width="48" height="48" role="img" aria-label={title} focusable="false">
      <defs>
        <linearGradient id="dove-logo-sky" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stop-color="#0b5d9e" />
          <stop offset="1" stop-color="#3d97d8" />
        </linearGradient>
      </defs>
      <circle cx="32" cy="32" r="32" fill="url(#dove-logo-sky)" />
      <path fill="#fff" d={DOVE_PATH} />
      <circle cx="47" cy="24.8" r="1" fill="#0b5d9e" />
    </svg>
  );
}

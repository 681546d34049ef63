/**
 * The project's mark: a white dove flying inside a circle of blue sky, drawn for Dove.
 * Inline SVG, so it costs no request and inherits nothing it should not.
 */
export function DoveLogo({ class: className, title }: { class?: string; title: string }) {
  return (
    <svg class={className} viewBox="0 0 64 64" width="48" height="48" role="img" aria-label={title}>
      <defs>
        <linearGradient id="dove-sky" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stop-color="#1769aa" />
          <stop offset="1" stop-color="#4fa3e0" />
        </linearGradient>
      </defs>
      <circle cx="32" cy="32" r="31" fill="url(#dove-sky)" />
      <path
        fill="#fff"
        d="M13 37c6 1 11-1 15-5 2-2 3-5 6-7 3-2 7-2 9 0l4-1-3 3c1 4-1 9-6 12-5 3-11 4-17 3 4 3 9 4 14 3-6 4-15 4-22-1l-2-2 2-5z M30 30c-2-7 0-14 6-18-1 6 1 10 5 13-4 0-8 2-11 5z"
      />
    </svg>
  );
}

import type { Locale } from '../../i18n/locales.js';
import { formatUngrouped } from '../../i18n/format.js';
import { webMessages } from '../web.messages.js';

interface PaginationProps {
  locale: Locale;
  page: number;
  totalPages: number;
  /** Builds the link for a page number, keeping the list's filters. */
  hrefFor: (page: number) => string;
}

export function Pagination({ locale, page, totalPages, hrefFor }: PaginationProps) {
  if (totalPages <= 1) return null;
  const t = webMessages[locale];
  const n = (x: number) => formatUngrouped(x, locale);
  return (
    <nav class="pagination" aria-label={t.pagination}>
      {page > 1 ? (
        <a rel="prev" href={hrefFor(page - 1)}>
          {t.previousPage}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
      <span aria-current="page">{t.pageOf(n(page), n(totalPages))}</span>
      {page < totalPages ? (
        <a rel="next" href={hrefFor(page + 1)}>
          {t.nextPage}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}

/** Query string from filter values, leaving out empty ones. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

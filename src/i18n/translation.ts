import type { Locale } from './locales.js';

export interface Localized<T> {
  value: T;
  /** The language the value is actually in. */
  locale: Locale;
  /** True when the visitor's language was missing and another one stands in. */
  isFallback: boolean;
}

/**
 * Chooses the visitor's translation, or else the first available one in the configured
 * order, so an item that exists in one language only still shows, marked as a fallback.
 */
export function pickTranslation<T extends { locale: string }>(
  rows: readonly T[],
  wanted: Locale,
  order: readonly Locale[],
): Localized<T> | undefined {
  const exact = rows.find((r) => r.locale === wanted);
  if (exact) return { value: exact, locale: wanted, isFallback: false };
  for (const locale of order) {
    const row = rows.find((r) => r.locale === locale);
    if (row) return { value: row, locale, isFallback: true };
  }
  return undefined;
}

/** Groups translation rows by item id, for list queries that fetch them in one go. */
export function groupByItem<T extends { itemId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.itemId);
    if (list) list.push(row);
    else map.set(row.itemId, [row]);
  }
  return map;
}

/** The configured locales an item has a translation in, in the configured order. */
export function localesWithTranslation(rows: ReadonlyArray<{ locale: string }>, order: readonly Locale[]): Locale[] {
  return order.filter((l) => rows.some((r) => r.locale === l));
}

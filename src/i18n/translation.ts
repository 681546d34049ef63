import { SUPPORTED_LOCALES, type Locale } from './locales.js';

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

/** A short text (a label, a name) in one locale, as stored in a translation row. */
export interface LocalizedText {
  locale: string;
  text: string;
}

/**
 * The text in the wanted locale, or else in the first locale of `order` that has one: the same
 * fallback as `pickTranslation`, for labels and names. Empty texts count as missing.
 */
export function pickText(texts: readonly LocalizedText[], wanted: Locale, order: readonly Locale[] = SUPPORTED_LOCALES): Localized<string> | undefined {
  const picked = pickTranslation(
    texts.filter((t) => t.text !== ''),
    wanted,
    order,
  );
  return picked && { value: picked.value.text, locale: picked.locale, isFallback: picked.isFallback };
}

/** The text stored for exactly this locale, or '' (what a form field shows). */
export function textIn(texts: readonly LocalizedText[], locale: string): string {
  return texts.find((t) => t.locale === locale)?.text ?? '';
}

import type { Locale } from '../i18n/locales.js';

/** For settings stored as `{ en: "...", km: "..." }`: the visitor's language, else the first present. */
export function pickLocalized(
  map: Record<string, string>,
  locale: Locale,
  order: readonly Locale[],
): string | undefined {
  if (map[locale]) return map[locale];
  for (const l of order) if (map[l]) return map[l];
  return undefined;
}

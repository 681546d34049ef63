import { formatDate } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';

/** A date in the visitor's language and digits, machine-readable in `datetime`. */
export function DateText({ value, locale, timeZone }: { value: string; locale: Locale; timeZone: string }) {
  return <time dateTime={value}>{formatDate(value, locale, timeZone)}</time>;
}

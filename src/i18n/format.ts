import { LOCALE_INFO, type Locale } from './locales.js';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = dateFormats.get(key);
  if (!f) {
    f = make();
    dateFormats.set(key, f);
  }
  return f;
}

/** A bare date (YYYY-MM-DD) means that calendar day wherever it is read. */
function toDate(value: string | Date): { date: Date; bareDay: boolean } {
  if (value instanceof Date) return { date: value, bareDay: false };
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return { date: new Date(bareDay ? `${value}T00:00:00Z` : value), bareDay };
}

/**
 * Formatted texts already made. A page formats the same dates and numbers on every request
 * (its items' dates, counts, years), and Intl's formatting costs microseconds each: a page of
 * fifty cards spent a few percent of its CPU there. Bounded by emptying when full; the set of
 * dates a site shows is small.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 20_000;

function remembered(key: string, format: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = format();
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** "19 July 2024" / "១៩ កក្កដា ២០២៤". */
export function formatDate(value: string | Date, locale: Locale, timeZone: string): string {
  if (typeof value === 'string') return remembered(`d ${locale} ${timeZone} ${value}`, () => formatDateNow(value, locale, timeZone));
  return formatDateNow(value, locale, timeZone);
}

function formatDateNow(value: string | Date, locale: Locale, timeZone: string): string {
  const { date, bareDay } = toDate(value);
  const zone = bareDay ? 'UTC' : timeZone;
  return cachedFormat(`d:${locale}:${zone}`, () =>
    new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
  ).format(date);
}

/** Date and time of day, e.g. for events. */
export function formatDateTime(value: string | Date, locale: Locale, timeZone: string): string {
  if (typeof value === 'string') return remembered(`dt ${locale} ${timeZone} ${value}`, () => formatDateTimeNow(value, locale, timeZone));
  return formatDateTimeNow(value, locale, timeZone);
}

function formatDateTimeNow(value: string | Date, locale: Locale, timeZone: string): string {
  const { date } = toDate(value);
  return cachedFormat(`dt:${locale}:${timeZone}`, () =>
    new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      // A 24-hour clock: Khmer has no AM/PM of its own, and the locale data falls back to Latin.
      hourCycle: 'h23',
      timeZone,
    }),
  ).format(date);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Numbers in the locale's digits; years and identifiers pass grouping: false. */
export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  if (options === undefined) return remembered(`n ${locale} ${value}`, () => formatNumberNow(value, locale, {}));
  return formatNumberNow(value, locale, options);
}

function formatNumberNow(value: number, locale: Locale, options: Intl.NumberFormatOptions): string {
  // Building an Intl.NumberFormat costs ~0.1 ms; a list page formats dozens of numbers.
  const key = `${locale}:${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE_INFO[locale].intl, options);
    numberFormats.set(key, f);
  }
  return f.format(value);
}

const NO_GROUPING: Intl.NumberFormatOptions = { useGrouping: false };

/** A number without thousands separators (a year, a page number), in the locale's digits. */
export function formatUngrouped(value: number, locale: Locale): string {
  return remembered(`u ${locale} ${value}`, () => formatNumberNow(value, locale, NO_GROUPING));
}

export const formatYear = formatUngrouped;

/** The calendar day (YYYY-MM-DD) that it is now in the given time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

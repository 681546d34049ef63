import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { formatDate, formatYear } from '../../i18n/format.js';
import { defineMessages } from '../../i18n/messages.js';
import { DATE_ACCURACIES, type DateAccuracy } from './cases.tables.js';

/*
 * Dates of case records are often known only roughly ("in March 2019", "some time in 2017",
 * "around June 2020"). They are stored as an ISO day — the first day of the month or the year
 * when only that is known — with an accuracy, and shown with no more precision than was known.
 */

export type DateProblem = 'dateRequired' | 'dateInvalid' | 'dateNeedsDay' | 'dateNeedsMonth' | 'dateInFuture';

export function isDateAccuracy(value: string): value is DateAccuracy {
  return (DATE_ACCURACIES as readonly string[]).includes(value);
}

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Reads "2019-03-14", "2019-03" or "2019" with an accuracy into the stored day. A year given
 * as "approximate" is simply a year: a year is already a range.
 */
export function parseCaseDate(
  input: string,
  accuracy: DateAccuracy,
  today: string,
): { ok: true; value: string; accuracy: DateAccuracy } | { ok: false; problem: DateProblem } {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'dateRequired' };
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (!match) return { ok: false, problem: 'dateInvalid' };
  const y = Number(match[1]);
  const m = match[2] === undefined ? undefined : Number(match[2]);
  const d = match[3] === undefined ? undefined : Number(match[3]);
  if (y < 1900 || (m !== undefined && (m < 1 || m > 12)) || (m !== undefined && d !== undefined && !validDay(y, m, d))) {
    return { ok: false, problem: 'dateInvalid' };
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  let value: string;
  let kept = accuracy;
  if (accuracy === 'day') {
    if (m === undefined || d === undefined) return { ok: false, problem: 'dateNeedsDay' };
    value = `${y}-${pad(m)}-${pad(d)}`;
  } else if (accuracy === 'month') {
    if (m === undefined) return { ok: false, problem: 'dateNeedsMonth' };
    value = `${y}-${pad(m)}-01`;
  } else if (accuracy === 'approximate' && m !== undefined) {
    value = `${y}-${pad(m)}-01`;
  } else {
    kept = 'year';
    value = `${y}-01-01`;
  }
  if (value > today) return { ok: false, problem: 'dateInFuture' };
  return { ok: true, value, accuracy: kept };
}

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

function monthYear(value: string, locale: Locale): string {
  let f = monthFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormats.set(locale, f);
  }
  return f.format(new Date(`${value.slice(0, 7)}-01T00:00:00Z`));
}

const ABOUT = defineMessages({
  en: { about: (date: string) => `about ${date}` },
  km: { about: (date: string) => `ប្រហែល ${date}` },
});

/** "14 March 2019", "March 2019", "2017", "about June 2020" — or the same in Khmer. */
export function formatCaseDate(value: string, accuracy: DateAccuracy, locale: Locale): string {
  switch (accuracy) {
    case 'day':
      return formatDate(value, locale, 'UTC');
    case 'month':
      return monthYear(value, locale);
    case 'year':
      return formatYear(Number(value.slice(0, 4)), locale);
    case 'approximate':
      return ABOUT[locale].about(monthYear(value, locale));
  }
}

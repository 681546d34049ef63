import { formatDate, formatNumber, formatYear } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickText, pickTranslation } from '../../i18n/translation.js';
import type { DateAccuracy } from '../hrd-cases/cases.tables.js';
import { ageGroupLabels, alertsMessages, caseStatusLabels, sexLabels } from './alerts.messages.js';
import type { AlertCardRecord, AlertRecord, LabelRow } from './alerts.repository.js';

/** Where alerts live below the locale prefix. */
export const alertPath = (slug: string) => `/hrd-alerts/${slug}`;

export function labelIn(row: LabelRow, locale: Locale): string {
  return pickText(row.names, locale)?.value ?? '';
}

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A date as precise as it is known: "3 May 2024", "May 2024", "2024", or "about May 2024". */
export function formatAlertDate(date: string, accuracy: DateAccuracy, locale: Locale): string {
  const t = alertsMessages[locale];
  if (accuracy === 'day') return formatDate(date.slice(0, 10), locale, 'UTC');
  if (accuracy === 'year') return formatYear(Number(date.slice(0, 4)), locale);
  let f = monthFormats.get(locale);
  if (!f) monthFormats.set(locale, (f = new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { month: 'long', year: 'numeric', timeZone: 'UTC' })));
  const month = f.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
  return accuracy === 'approximate' ? t.about(month) : month;
}

export interface VictimView {
  label: string;
  /** Opted-in details, already worded: "woman, youth, journalist". */
  details: string[];
  affiliation: string | null;
}

export interface AlertCardView {
  slug: string;
  href: string;
  title: string;
  summary: string;
  contentLocale: Locale;
  isFallback: boolean;
  availableIn: Locale[];
  publishedAt: string;
  updatedAt: string;
  statusLabel: string;
  place: string | null;
  actTypes: string[];
  dates: string[];
}

export interface TimelineEntryView {
  date: string;
  /** Bare date, for the machine-readable `datetime`. */
  isoDate: string;
  title: string;
  body: string[];
  /** The entry's language, when it differs from the page's. */
  lang: Locale;
}

export interface AlertPageView extends AlertCardView {
  paragraphs: string[];
  victims: VictimView[];
  perpetratorTypes: string[];
  licence: string;
  timeline: TimelineEntryView[];
}

/** Plain text to paragraphs: blank lines separate them. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

function placeOf(alert: AlertCardRecord, locale: Locale): string | null {
  if (!alert.province) return null;
  const province = labelIn(alert.province, locale);
  return alert.district ? `${labelIn(alert.district, locale)}, ${province}` : province;
}

export function presentAlertCard(alert: AlertCardRecord, locale: Locale, order: readonly Locale[]): AlertCardView | undefined {
  const text = pickTranslation(alert.translations, locale, order);
  if (!text) return undefined;
  return {
    slug: alert.slug,
    href: alertPath(alert.slug),
    title: text.value.title,
    summary: text.value.summary,
    contentLocale: text.locale,
    isFallback: text.isFallback,
    availableIn: localesWithTranslation(alert.translations, order),
    publishedAt: alert.publishedAt,
    updatedAt: alert.updatedAt,
    statusLabel: caseStatusLabels[locale][alert.caseStatus],
    place: placeOf(alert, locale),
    actTypes: alert.actTypes.map((a) => labelIn(a, locale)),
    dates: alert.dates.map((d) => formatAlertDate(d.occurredOn, d.dateAccuracy, locale)),
  };
}

function presentVictim(v: AlertRecord['victims'][number], locale: Locale): VictimView {
  const t = alertsMessages[locale];
  const details: string[] = [];
  if (v.kind === 'group') details.push(v.groupSize ? t.groupOf(formatNumber(v.groupSize, locale)) : t.group);
  if (v.sex && v.sex !== 'unknown') details.push(sexLabels[locale][v.sex]);
  if (v.ageGroup && v.ageGroup !== 'unknown') details.push(ageGroupLabels[locale][v.ageGroup]);
  if (v.hrdCategory) details.push(labelIn(v.hrdCategory, locale));
  return { label: v.label, details, affiliation: v.affiliation };
}

/**
 * The alert's page: the text in the visitor's language or a stand-in, and a timeline that starts
 * with the publication and lists each update, oldest first, each in its own best language.
 */
export function presentAlertPage(alert: AlertRecord, locale: Locale, order: readonly Locale[]): AlertPageView | undefined {
  const card = presentAlertCard(alert, locale, order);
  if (!card) return undefined;
  const t = alertsMessages[locale];
  const timeline: TimelineEntryView[] = [
    { date: formatDate(alert.publishedAt, locale, 'UTC'), isoDate: alert.publishedAt.slice(0, 10), title: t.alertPublished, body: [], lang: locale },
  ];
  for (const update of alert.updates) {
    const text = pickTranslation(update.translations, locale, order);
    if (!text) continue;
    timeline.push({
      date: formatDate(update.occurredOn, locale, 'UTC'),
      isoDate: update.occurredOn,
      title: text.value.title,
      body: paragraphsOf(text.value.body),
      lang: text.locale,
    });
  }
  // Oldest first; an update dated before the publication (a charge learnt of later) sorts before it.
  timeline.sort((a, b) => a.isoDate.localeCompare(b.isoDate));
  return {
    ...card,
    paragraphs: paragraphsOf(card.summary),
    victims: alert.victims.map((v) => presentVictim(v, locale)),
    perpetratorTypes: alert.perpetratorTypes.map((p) => labelIn(p, locale)),
    licence: alert.licence,
    timeline,
  };
}

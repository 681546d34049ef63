import { readableTitle } from '../../i18n/readable-title.js';
import { publicationFileUrl } from '../discovery/item-paths.js';
import { officeTypeOfMime } from '../media/office-types.js';
import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import { webMessages } from '../../web/web.messages.js';
import { presentTopics, type TopicView } from '../topic-labels/topic-labels.presenter.js';
import { publicationsMessages, publicationTypeLabels } from './publications.messages.js';
import type { PublicationListRow, PublicPublication } from './publications.repository.js';
import type { PublicationType } from './publications.tables.js';

/** Types that schema.org's Report describes; the rest are plain creative works. */
const REPORT_TYPES: ReadonlySet<PublicationType> = new Set([
  'report',
  'fact_sheet',
  'joint_submission',
  'briefing_note',
  'legal_analysis',
]);

/** The name shown beside an office document's download, by the format's extension (the formats are listed in media/office-types.ts). */
const FORMAT_NAMES: Record<string, 'formatWord' | 'formatExcel' | 'formatPowerPoint' | 'formatOdt' | 'formatOds' | 'formatOdp'> = {
  docx: 'formatWord',
  xlsx: 'formatExcel',
  pptx: 'formatPowerPoint',
  odt: 'formatOdt',
  ods: 'formatOds',
  odp: 'formatOdp',
};

/** The name shown beside a document's download, by its stored type; none for a PDF. */
function formatNameOf(mime: string) {
  const extension = officeTypeOfMime(mime)?.extensions[0];
  return extension === undefined ? undefined : FORMAT_NAMES[extension];
}

const BYTES_PER_KB = 1024;
const BYTES_PER_MB = 1024 * 1024;

/** What a publication card shows, in the visitor's language or a stand-in. */
export interface PublicationCardView {
  slug: string;
  /** Locale-less path of the publication's page. */
  href: string;
  type: PublicationType;
  typeLabel: string;
  title: string;
  summary: string | null;
  /** The language the title and summary are in; differs from the visitor's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
  availableIn: Locale[];
  publishedAt: string | null;
  coverFileId: number | null;
}

export interface PublicationFileView {
  label: string;
  locale: string;
  languageName: string;
  sizeText: string;
  /** The format's name for an office document ("Word document"); none for a PDF, the usual case. */
  formatName: string | undefined;
  mime: string;
  /** Site path of the download (served outside the locale prefix). */
  href: string;
}

export interface PublicationView extends PublicationCardView {
  bodyHtml: string;
  licence: string;
  updatedAt: string;
  topics: TopicView[];
  files: PublicationFileView[];
  project: { href: string; title: string; titleLocale: Locale | undefined } | undefined;
  jsonLdType: 'Report' | 'CreativeWork';
}

interface CardSource {
  slug: string;
  type: PublicationType;
  publishedAt: string | null;
  coverFileId: number | null;
  translations: ReadonlyArray<{ locale: string; title: string; summary: string | null }>;
}

function presentCard(row: CardSource, locale: Locale, order: readonly Locale[]): PublicationCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: row.slug,
    href: `/publications/${row.slug}`,
    type: row.type,
    typeLabel: publicationTypeLabels[locale][row.type],
    title: readableTitle(t.value.title),
    summary: t.value.summary,
    contentLocale: t.locale,
    isFallback: t.isFallback,
    availableIn: localesWithTranslation(row.translations, order),
    publishedAt: row.publishedAt,
    coverFileId: row.coverFileId,
  };
}

/** A list row as a card; undefined for a publication without any text in a configured language. */
export function presentPublicationCard(
  row: PublicationListRow,
  locale: Locale,
  order: readonly Locale[],
): PublicationCardView | undefined {
  return presentCard(row, locale, order);
}

/** "850 KB" / "2.4 MB", in the visitor's digits. */
export function formatFileSize(bytes: number, locale: Locale): string {
  const t = publicationsMessages[locale];
  if (bytes < BYTES_PER_MB) {
    return t.sizeKb(formatNumber(Math.max(1, Math.round(bytes / BYTES_PER_KB)), locale));
  }
  return t.sizeMb(formatNumber(bytes / BYTES_PER_MB, locale, { maximumFractionDigits: 1 }));
}

export function presentPublication(
  row: PublicPublication,
  locale: Locale,
  order: readonly Locale[],
): PublicationView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  const card = presentCard(row, locale, order);
  if (!t || !card) return undefined;
  const messages = publicationsMessages[locale];
  const languageName = webMessages[locale].languageName;
  const projectTitle = row.project && pickTranslation(row.project.translations, locale, order);
  return {
    ...card,
    bodyHtml: t.value.bodyHtml,
    licence: row.licence,
    updatedAt: row.updatedAt,
    topics: presentTopics(row.topics, locale, order),
    files: row.files.map((file) => ({
      label: file.label ?? messages.document,
      locale: file.locale,
      languageName: languageName(file.locale),
      sizeText: formatFileSize(file.size, locale),
      formatName: formatNameOf(file.mime) && messages[formatNameOf(file.mime)!],
      mime: file.mime,
      href: publicationFileUrl(file, row.slug, file.locale),
    })),
    project:
      row.project && projectTitle
        ? {
            href: `/projects/${row.project.slug}`,
            title: projectTitle.value.title,
            titleLocale: projectTitle.isFallback ? projectTitle.locale : undefined,
          }
        : undefined,
    jsonLdType: REPORT_TYPES.has(row.type) ? 'Report' : 'CreativeWork',
  };
}

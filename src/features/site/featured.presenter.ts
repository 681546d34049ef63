import { readableTitle } from '../../i18n/readable-title.js';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { alertPath } from '../hrd-alerts/alerts.presenter.js';
import type { ImageView } from '../media/media.repository.js';
import { projectPath } from '../projects/projects.presenter.js';
import type { FeaturedRecord } from './featured.repository.js';
import { siteMessages } from './site.messages.js';

export interface FeaturedView {
  href: string;
  /** "Urgent alert", "Campaign", "New publication": what kind of thing this is, in the reader's language. */
  tag: string;
  title: string;
  summary: string | null;
  /** The text's language when it stands in for the reader's. */
  lang: Locale | undefined;
  urgent: boolean;
  image: ImageView | undefined;
}

export const featuredPath = (record: Pick<FeaturedRecord, 'kind' | 'slug'>): string =>
  record.kind === 'alert' ? alertPath(record.slug) : record.kind === 'project' ? projectPath(record.slug) : `/publications/${record.slug}`;

export function featuredTag(record: FeaturedRecord, locale: Locale): string {
  const t = siteMessages[locale];
  if (record.kind === 'alert') return t.featuredAlert;
  if (record.kind === 'publication') return t.featuredPublication;
  return record.isCampaign ? t.featuredCampaign : t.featuredProject;
}

export function presentFeatured(
  record: FeaturedRecord | undefined,
  images: Map<number, ImageView>,
  locale: Locale,
  order: readonly Locale[],
): FeaturedView | undefined {
  const text = record && pickTranslation(record.translations, locale, order);
  if (!record || !text) return undefined;
  return {
    href: featuredPath(record),
    tag: featuredTag(record, locale),
    title: readableTitle(text.value.title),
    summary: text.value.summary,
    lang: text.isFallback ? text.locale : undefined,
    urgent: record.kind === 'alert',
    image: record.coverFileId === null ? undefined : images.get(record.coverFileId),
  };
}

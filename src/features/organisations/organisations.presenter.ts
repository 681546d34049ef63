import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import type { ImageView } from '../media/media.repository.js';
import type { OrganisationRow } from './organisations.repository.js';
import type { OrganisationKind } from './organisations.tables.js';

export interface OrganisationView {
  slug: string;
  kind: OrganisationKind;
  name: string;
  description: string | null;
  /** Only http(s) addresses become links. */
  url: string | undefined;
  logo: ImageView | undefined;
  contentLocale: Locale;
  isFallback: boolean;
}

function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export function presentOrganisations(
  rows: readonly OrganisationRow[],
  locale: Locale,
  order: readonly Locale[],
  logos: Map<number, ImageView>,
): OrganisationView[] {
  return rows.flatMap((row) => {
    const t = pickTranslation(row.translations, locale, order);
    if (!t) return [];
    const logo = row.logoFileId === null ? undefined : logos.get(row.logoFileId);
    return [
      {
        slug: row.slug,
        kind: row.kind,
        name: t.value.name,
        description: t.value.description,
        url: safeUrl(row.url),
        // A logo without alt text is named after the organisation, so the link still has a name.
        logo: logo && !logo.alt ? { ...logo, alt: t.value.name, altLocale: t.locale } : logo,
        contentLocale: t.locale,
        isFallback: t.isFallback,
      },
    ];
  });
}

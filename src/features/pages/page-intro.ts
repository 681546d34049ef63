import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { presentPage, type PageView } from './pages.presenter.js';
import { findPublicPageBySlug } from './pages.repository.js';

/**
 * The editorial text that opens a structural page (`about/people`, `join-us`, ...): the page
 * row of the same slug when an editor has published one, else nothing and the route's own
 * heading stands alone.
 */
export async function findPageIntro(
  db: DbOrTx,
  slug: string,
  locale: Locale,
  order: readonly Locale[],
): Promise<PageView | undefined> {
  const found = await findPublicPageBySlug(db, { slug });
  return found && presentPage(found, locale, order);
}

/** The heading of a structural page: the intro's title when it is in the visitor's language. */
export function introTitle(intro: PageView | undefined, fallbackTitle: string): string {
  return intro && !intro.isFallback ? intro.title : fallbackTitle;
}

/** The intro's summary as the page description, when it is in the visitor's language. */
export function introDescription(intro: PageView | undefined): string | undefined {
  return intro && !intro.isFallback ? (intro.summary ?? undefined) : undefined;
}

import type { Locale } from '../../i18n/locales.js';
import { presentAlertCard, type AlertCardView } from '../hrd-alerts/alerts.presenter.js';
import { presentEventCard, type EventCardView } from '../events/events.presenter.js';
import type { ImageView } from '../media/media.repository.js';
import { presentNewsCard, type NewsCardView } from '../news/news.presenter.js';
import { presentOrganisations, type OrganisationView } from '../organisations/organisations.presenter.js';
import { presentProjectCard, type ProjectCardView } from '../projects/projects.presenter.js';
import { presentPublicationCard, type PublicationCardView } from '../publications/publications.presenter.js';
import { presentFeatured, type FeaturedView } from './featured.presenter.js';
import type { FeaturedRecord } from './featured.repository.js';
import type { HomeContent } from './home.repository.js';

interface WithImage<T> {
  card: T;
  image: ImageView | undefined;
}

export interface HomeView {
  featured: FeaturedView | undefined;
  alerts: AlertCardView[];
  publications: Array<WithImage<PublicationCardView>>;
  news: Array<WithImage<NewsCardView>>;
  projects: Array<WithImage<ProjectCardView>>;
  events: Array<WithImage<EventCardView>>;
  donors: OrganisationView[];
}

/** Pairs each card with its cover; items with no text in any configured language drop out. */
function withCovers<R, C extends { coverFileId: number | null }>(
  rows: readonly R[],
  present: (row: R) => C | undefined,
  images: Map<number, ImageView>,
): Array<WithImage<C>> {
  return rows.flatMap((row) => {
    const card = present(row);
    return card ? [{ card, image: card.coverFileId === null ? undefined : images.get(card.coverFileId) }] : [];
  });
}

export function presentHome(
  content: HomeContent & { featured: FeaturedRecord | undefined },
  images: Map<number, ImageView>,
  locale: Locale,
  order: readonly Locale[],
): HomeView {
  return {
    featured: presentFeatured(content.featured, images, locale, order),
    alerts: content.alerts.flatMap((a) => presentAlertCard(a, locale, order) ?? []),
    publications: withCovers(content.publications, (r) => presentPublicationCard(r, locale, order), images),
    news: withCovers(content.news, (r) => presentNewsCard(r, locale, order), images),
    projects: withCovers(content.projects, (r) => presentProjectCard(r, locale, order), images),
    events: withCovers(content.events, (r) => presentEventCard(r, locale, order), images),
    donors: presentOrganisations(content.donors, locale, order, images),
  };
}

import type { DbOrTx } from '../../db/database.js';
import { listUpcomingEvents } from '../events/events.repository.js';
import { listLatestNews } from '../news/news.repository.js';
import { listDonorsStrip } from '../organisations/organisations.repository.js';
import { listPublicProjects } from '../projects/projects.repository.js';
import { listLatestPublications } from '../publications/publications.repository.js';

/** How many of each the front page shows; each section links to its full list. */
export const HOME_LIMITS = { publications: 6, news: 4, projects: 6, events: 3 } as const;

/** Everything the front page lists, from the features that own each kind, in one round. */
export async function findHomeContent(db: DbOrTx) {
  const [publications, news, projects, events, donors] = await Promise.all([
    listLatestPublications(db, HOME_LIMITS.publications),
    listLatestNews(db, HOME_LIMITS.news),
    listPublicProjects(db, ['current'], HOME_LIMITS.projects),
    listUpcomingEvents(db, HOME_LIMITS.events),
    listDonorsStrip(db),
  ]);
  return { publications, news, projects, events, donors };
}

export type HomeContent = Awaited<ReturnType<typeof findHomeContent>>;

/** The images the front page draws: every card's cover and every donor's logo. */
export function homeImageIds(content: HomeContent): Array<number | null> {
  const covers = [...content.publications, ...content.news, ...content.projects, ...content.events].map((r) => r.coverFileId);
  return covers.concat(content.donors.map((d) => d.logoFileId));
}

import type { DbOrTx } from '../../db/database.js';
import { findAlertForPublicBySlug, listPublicAlerts } from '../hrd-alerts/alerts.repository.js';
import { findPublicProjectPage, listPublicProjects } from '../projects/projects.repository.js';
import { findPublicPublicationBySlug, listPublicPublications } from '../publications/publications.repository.js';
import type { FeaturedChoice, FeaturedKind } from '../site-settings/site-settings.repository.js';

/** What the home page's featured slot shows, whichever kind of item the editors chose. */
export interface FeaturedRecord {
  kind: FeaturedKind;
  slug: string;
  /** Campaigns are projects, announced as campaigns. */
  isCampaign: boolean;
  translations: Array<{ locale: string; title: string; summary: string | null }>;
  coverFileId: number | null;
}

const texts = (rows: ReadonlyArray<{ locale: string; title: string; summary: string | null }>) =>
  rows.map(({ locale, title, summary }) => ({ locale, title, summary }));

/** The chosen item while it is public; a withdrawn, unpublished or deleted one leaves the slot empty. */
export async function findFeatured(db: DbOrTx, choice: FeaturedChoice | undefined): Promise<FeaturedRecord | undefined> {
  if (!choice) return undefined;
  const { kind, slug } = choice;
  if (kind === 'alert') {
    const found = await findAlertForPublicBySlug(db, slug);
    return found?.status === 'published' ? { kind, slug, translations: texts(found.alert.translations), coverFileId: null, isCampaign: false } : undefined;
  }
  if (kind === 'publication') {
    const found = await findPublicPublicationBySlug(db, { slug });
    return found && { kind, slug, translations: texts(found.translations), coverFileId: found.coverFileId, isCampaign: false };
  }
  const found = await findPublicProjectPage(db, { slug });
  const { project } = found ?? {};
  return project && { kind, slug, translations: texts(project.translations), coverFileId: project.coverFileId, isCampaign: project.kind === 'campaign' };
}

/** How many recent items of each kind the featured form offers. */
const CANDIDATES_PER_KIND = 20;

/** The items editors may feature: recent alerts, current projects and campaigns, recent publications. */
export async function listFeaturedCandidates(db: DbOrTx): Promise<FeaturedRecord[]> {
  const [alerts, projects, publications] = await Promise.all([
    listPublicAlerts(db, { page: 1, pageSize: CANDIDATES_PER_KIND }),
    listPublicProjects(db, ['current', 'campaign']),
    listPublicPublications(db, { page: 1, pageSize: CANDIDATES_PER_KIND }),
  ]);
  return [
    ...alerts.items.map((a) => ({ kind: 'alert' as const, slug: a.slug, translations: texts(a.translations), coverFileId: null, isCampaign: false })),
    ...projects.map((p) => ({ kind: 'project' as const, slug: p.slug, translations: texts(p.translations), coverFileId: p.coverFileId, isCampaign: p.kind === 'campaign' })),
    ...publications.items.map((p) => ({ kind: 'publication' as const, slug: p.slug, translations: texts(p.translations), coverFileId: p.coverFileId, isCampaign: false })),
  ];
}

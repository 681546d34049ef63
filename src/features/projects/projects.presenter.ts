import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import type { ImageView } from '../media/media.repository.js';
import type { ProjectListRow, ProjectPublicationRow, PublicProject } from './projects.repository.js';
import type { ProjectKind } from './projects.tables.js';

/** The years a project ran; either end may be unknown (a current project has no end). */
export interface ProjectYears {
  from: number | undefined;
  to: number | undefined;
}

export interface ProjectCardView {
  slug: string;
  kind: ProjectKind;
  title: string;
  summary: string | null;
  years: ProjectYears;
  coverFileId: number | null;
  /** The language of the title and summary; differs from the visitor's for a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
}

export interface ProjectPublicationView {
  slug: string;
  title: string;
  publishedAt: string | null;
  contentLocale: Locale;
  isFallback: boolean;
}

export interface ProjectView extends ProjectCardView {
  cover: ImageView | undefined;
  bodyHtml: string;
  availableIn: Locale[];
  licence: string;
  publishedAt: string | null;
  updatedAt: string;
  publications: ProjectPublicationView[];
}

/** `2014-03-01` or `2014` → 2014; anything else is treated as unknown. */
function yearOf(value: string | null): number | undefined {
  const match = value ? /^(\d{4})/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/** A row as its card, or undefined when it has no text in any configured language. */
export function presentProjectCard(row: ProjectListRow, locale: Locale, order: readonly Locale[]): ProjectCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: row.slug,
    kind: row.kind,
    title: t.value.title,
    summary: t.value.summary,
    years: { from: yearOf(row.startedOn), to: yearOf(row.endedOn) },
    coverFileId: row.coverFileId,
    contentLocale: t.locale,
    isFallback: t.isFallback,
  };
}

export function presentProjectCards(rows: readonly ProjectListRow[], locale: Locale, order: readonly Locale[]): ProjectCardView[] {
  return rows.flatMap((row) => presentProjectCard(row, locale, order) ?? []);
}

export function presentProject(
  project: PublicProject,
  publications: readonly ProjectPublicationRow[],
  locale: Locale,
  order: readonly Locale[],
  images: Map<number, ImageView>,
): ProjectView | undefined {
  const t = pickTranslation(project.translations, locale, order);
  const card = presentProjectCard(project, locale, order);
  if (!t || !card) return undefined;
  return {
    ...card,
    cover: card.coverFileId === null ? undefined : images.get(card.coverFileId),
    bodyHtml: t.value.bodyHtml,
    availableIn: localesWithTranslation(project.translations, order),
    licence: project.licence,
    publishedAt: project.publishedAt,
    updatedAt: project.updatedAt,
    publications: publications.flatMap((p) => {
      const pt = pickTranslation(p.translations, locale, order);
      return pt
        ? [{ slug: p.slug, title: pt.value.title, publishedAt: p.publishedAt, contentLocale: pt.locale, isFallback: pt.isFallback }]
        : [];
    }),
  };
}

/** The path of each kind's list, as the site map names them. */
export const PROJECT_LIST_PATHS: Record<ProjectKind, string> = {
  current: '/projects/current',
  past: '/projects/past',
  campaign: '/campaigns',
};

export function projectPath(slug: string): string {
  return `/projects/${slug}`;
}

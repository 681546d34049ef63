import { formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { RichText } from '../../web/components/rich-text.js';
import { localePath } from '../../web/paths.js';
import type { ImageView } from '../media/media.repository.js';
import { PhotoFigure, Picture } from '../media/picture.js';
import { projectKindLabel, projectsMessages } from './projects.messages.js';
import {
  PROJECT_LIST_PATHS,
  projectPath,
  type ProjectCardView,
  type ProjectView,
  type ProjectYears,
} from './projects.presenter.js';
import type { ProjectKind } from './projects.tables.js';

/**
 * How wide a card's cover is drawn in `.card-list` (columns of at least 17rem in a 72rem
 * page, 69rem inside its padding): one column on phones, then two, then three at most.
 */
export const CARD_IMAGE_SIZES = '(min-width: 72rem) 22rem, (min-width: 56rem) 33vw, (min-width: 37rem) 50vw, 100vw';
/** The cover on a project's own page spans the reading column (44rem, like .prose). */
const COVER_IMAGE_SIZES = '(min-width: 47rem) 44rem, 100vw';

export function formatProjectYears(years: ProjectYears, locale: Locale): string | undefined {
  const t = projectsMessages[locale];
  const from = years.from === undefined ? undefined : formatYear(years.from, locale);
  const to = years.to === undefined ? undefined : formatYear(years.to, locale);
  if (from && to) return from === to ? from : t.yearsRange(from, to);
  if (from) return t.yearsSince(from);
  if (to) return t.yearsUntil(to);
  return undefined;
}

export function projectListTitle(kind: ProjectKind, locale: Locale): string {
  const t = projectsMessages[locale];
  return { current: t.currentTitle, past: t.pastTitle, campaign: t.campaignTitle }[kind];
}

/** The lead under a kind's list title, naming the organisation. */
export function projectListIntro(kind: ProjectKind, locale: Locale): (orgName: string) => string {
  const t = projectsMessages[locale];
  return { current: t.currentIntro, past: t.pastIntro, campaign: t.campaignIntro }[kind];
}

interface ProjectCardProps {
  locale: Locale;
  project: ProjectCardView;
  image: ImageView | undefined;
  /** 2 on a list page under its h1, 3 inside a section of the home page. */
  headingLevel?: 2 | 3;
}

export function ProjectCard({ locale, project, image, headingLevel = 2 }: ProjectCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const years = formatProjectYears(project.years, locale);
  return (
    <li class="card" lang={project.isFallback ? project.contentLocale : undefined}>
      {image && (
        <div class="card__media">
          <Picture image={image} sizes={CARD_IMAGE_SIZES} decorative />
        </div>
      )}
      <Heading class="card__title">
        <a href={localePath(locale, projectPath(project.slug))}>{project.title}</a>
      </Heading>
      {years && (
        <p class="card__meta" lang={project.isFallback ? locale : undefined}>
          {years}
        </p>
      )}
      {project.summary && <p class="card__summary">{project.summary}</p>}
    </li>
  );
}

interface ProjectListProps {
  locale: Locale;
  kind: ProjectKind;
  orgName: string;
  projects: ProjectCardView[];
  /** The cards' covers, by file id. */
  images: Map<number, ImageView>;
}

export function ProjectList({ locale, kind, orgName, projects, images }: ProjectListProps) {
  const t = projectsMessages[locale];
  const intro = projectListIntro(kind, locale);
  return (
    <>
      <header class="page-header">
        <h1>{projectListTitle(kind, locale)}</h1>
        <p class="lead">{intro(orgName)}</p>
      </header>
      {projects.length === 0 ? (
        <p class="notice">{t.noProjects}</p>
      ) : (
        <ul class="card-list">
          {projects.map((p) => (
            <ProjectCard locale={locale} project={p} image={p.coverFileId === null ? undefined : images.get(p.coverFileId)} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ProjectPage({ locale, project, timeZone }: { locale: Locale; project: ProjectView; timeZone: string }) {
  const t = projectsMessages[locale];
  const years = formatProjectYears(project.years, locale);
  const listPath = localePath(locale, PROJECT_LIST_PATHS[project.kind]);
  const allLabel = { current: t.allCurrent, past: t.allPast, campaign: t.allCampaign }[project.kind];
  return (
    <article class="project" lang={project.contentLocale}>
      {project.isFallback && <FallbackNotice locale={locale} shownIn={project.contentLocale} />}
      <header class="page-header">
        <p class="item-meta" lang={locale}>
          <a href={listPath}>{projectKindLabel(project.kind, locale)}</a>
          {years && <> · {years}</>}
        </p>
        <h1>{project.title}</h1>
        {project.summary && <p class="lead">{project.summary}</p>}
      </header>
      {project.cover && <PhotoFigure image={project.cover} sizes={COVER_IMAGE_SIZES} class="project__cover" eager locale={locale} />}
      <RichText html={project.bodyHtml} />
      {project.publications.length > 0 && (
        <section class="project__publications" aria-labelledby="project-publications" lang={locale}>
          <h2 id="project-publications">{t.publicationsTitle}</h2>
          <ul class="card-list">
            {project.publications.map((p) => (
              <li class="card" lang={p.isFallback ? p.contentLocale : undefined}>
                <h3 class="card__title">
                  <a href={localePath(locale, `/publications/${p.slug}`)}>{p.title}</a>
                </h3>
                {p.publishedAt && (
                  <p class="card__meta" lang={p.isFallback ? locale : undefined}>
                    <DateText value={p.publishedAt} locale={locale} timeZone={timeZone} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={project.licence} locale={locale} />
        <p>
          <a href={listPath}>{allLabel}</a>
        </p>
      </footer>
    </article>
  );
}

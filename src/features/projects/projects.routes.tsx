import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { itemPage, listPage } from '../content-types/public-pages.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { shareableImageUrl } from '../media/media.repository.js';
import { findPublicProjectPage, listPublicProjects } from './projects.repository.js';
import { PROJECT_LIST_PATHS, presentProject, presentProjectCards, projectPath } from './projects.presenter.js';
import { projectsMessages } from './projects.messages.js';
import { ProjectList, ProjectPage, projectListTitle } from './projects.views.js';
import { PROJECT_KINDS } from './projects.tables.js';

/** Current projects, past projects and campaigns: a list each, and one page per project. */
export async function projectsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = projectsMessages[locale];

  for (const kind of PROJECT_KINDS) {
    const path = PROJECT_LIST_PATHS[kind];
    listPage(app, locale, {
      path,
      async load(_query, page) {
        const rows = await listPublicProjects(app.db, [kind]);
        const images = await page.images(rows.map((r) => r.coverFileId));
        return presentProjectCards(rows, locale, order, images);
      },
      render(projects, { ctx }) {
        const intro = { current: t.currentIntro, past: t.pastIntro, campaign: t.campaignIntro }[kind];
        return {
          meta: { title: projectListTitle(kind, locale), description: intro(ctx.shortName), path },
          body: <ProjectList locale={locale} kind={kind} orgName={ctx.shortName} projects={projects} />,
        };
      },
    });
  }

  itemPage(app, locale, {
    type: 'project',
    async load(which, page) {
      const found = await findPublicProjectPage(app.db, which);
      if (!found) return undefined;
      const images = await page.images([found.project.coverFileId]);
      return presentProject(found.project, found.publications, locale, order, images);
    },
    render(project, { ctx }) {
      const path = projectPath(project.slug);
      const imageUrl = shareableImageUrl(ctx.publicUrl, project.cover);
      return {
        meta: {
          title: project.title,
          description: project.summary ?? undefined,
          path,
          availableIn: project.availableIn,
          contentLocale: project.isFallback ? project.contentLocale : undefined,
          ogType: 'article',
          image: imageUrl,
          jsonLd: [
            creativeWorkJsonLd(ctx, {
              type: 'CreativeWork',
              title: project.title,
              summary: project.summary,
              path,
              inLanguage: project.contentLocale,
              publishedAt: project.publishedAt,
              updatedAt: project.updatedAt,
              licence: project.licence,
              imageUrl,
            }),
          ],
        },
        body: <ProjectPage locale={locale} project={project} timeZone={ctx.timeZone} />,
      };
    },
  });
}

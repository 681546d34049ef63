import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { itemPage, pagedListPage } from '../content-types/public-pages.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { shareableImageUrl } from '../media/media.repository.js';
import { findPublicProjectPage, listPublicProjects } from './projects.repository.js';
import { PROJECT_LIST_PATHS, presentProject, presentProjectCard, projectPath } from './projects.presenter.js';
import { ProjectList, ProjectPage, projectListIntro, projectListTitle } from './projects.views.js';
import { PROJECT_KINDS } from './projects.tables.js';

/** Current projects, past projects and campaigns: a list each, and one page per project. */
export async function projectsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;

  for (const kind of PROJECT_KINDS) {
    const path = PROJECT_LIST_PATHS[kind];
    pagedListPage(app, locale, {
      path,
      list: () => listPublicProjects(app.db, [kind]),
      card: (row) => presentProjectCard(row, locale, order),
      render: ({ cards, images }, { ctx }) => ({
        meta: { title: projectListTitle(kind, locale), description: projectListIntro(kind, locale)(ctx.shortName), path },
        body: <ProjectList locale={locale} kind={kind} orgName={ctx.shortName} projects={cards} images={images} />,
      }),
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

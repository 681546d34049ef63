import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { findPublicProjectPage, listPublicProjects } from './projects.repository.js';
import { PROJECT_LIST_PATHS, presentProject, presentProjectCards, projectPath } from './projects.presenter.js';
import { projectsMessages } from './projects.messages.js';
import { ProjectList, ProjectPage, projectListTitle } from './projects.views.js';
import { PROJECT_KINDS } from './projects.tables.js';

/** Slugs are lowercase ASCII words joined by hyphens; anything else cannot name a project. */

/** Current projects, past projects and campaigns: a list each, and one page per project. */
export async function projectsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;

  for (const kind of PROJECT_KINDS) {
    const path = PROJECT_LIST_PATHS[kind];
    app.get(path, { config: { public: true, pageCache: true } }, async (_request, reply) => {
      const rows = await listPublicProjects(app.db, [kind]);
      const images = await findImages(app.db, rows.map((r) => r.coverFileId), locale, order);
      const ctx = await app.siteContexts.get(locale);
      const t = projectsMessages[locale];
      const intro = { current: t.currentIntro, past: t.pastIntro, campaign: t.campaignIntro }[kind];
      return reply.sendHtml(
        <Layout ctx={ctx} meta={{ title: projectListTitle(kind, locale), description: intro(ctx.shortName), path }}>
          <ProjectList locale={locale} kind={kind} orgName={ctx.shortName} projects={presentProjectCards(rows, locale, order, images)} />
        </Layout>,
      );
    });
  }

  app.get('/projects/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!isSlug(slug)) return reply.callNotFound();
    const found = await findPublicProjectPage(app.db, slug);
    if (!found) return reply.callNotFound();
    const images = await findImages(app.db, [found.project.coverFileId], locale, order);
    const project = presentProject(found.project, found.publications, locale, order, images);
    if (!project) return reply.callNotFound();
    const ctx = await app.siteContexts.get(locale);
    const path = projectPath(project.slug);
    const imageUrl = shareableImageUrl(ctx.publicUrl, project.cover);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
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
        }}
      >
        <ProjectPage locale={locale} project={project} timeZone={ctx.timeZone} />
      </Layout>,
    );
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { todayIn } from '../../i18n/format.js';
import { isLocale, type Locale } from '../../i18n/locales.js';
import { Layout } from '../../web/layout.js';
import { presentEvent } from '../events/events.presenter.js';
import { EventPage } from '../events/events.views.js';
import { findImages } from '../media/media.repository.js';
import { presentPage } from '../pages/pages.presenter.js';
import { PageBody } from '../pages/pages.views.js';
import { presentVacancy } from '../vacancies/vacancies.presenter.js';
import { VacancyPage } from '../vacancies/vacancies.views.js';
import type { PageMeta } from '../../web/page-meta.js';
import { AlbumPage } from '../gallery/gallery.views.js';
import { presentAlbum } from '../gallery/gallery.presenter.js';
import type { ImageView } from '../media/media.repository.js';
import { NewsPostPage } from '../news/news-post.views.js';
import { presentNewsPost } from '../news/news.presenter.js';
import { presentProject } from '../projects/projects.presenter.js';
import { listProjectPublications } from '../projects/projects.repository.js';
import { ProjectPage } from '../projects/projects.views.js';
import { PublicationPage } from '../publications/publication-page.views.js';
import { presentPublication } from '../publications/publications.presenter.js';
import { loadAuthorized, localeOf, sendAdmin } from './editor.http.js';
import { findPreviewAlbum, findPreviewNewsPost, findPreviewProject, findPreviewPublication } from './editor.preview.repository.js';
import { renderTopicPreview } from './editor.preview-topic.js';
import { editorMessages } from './editor.messages.js';
import { CONTENT_TYPES, type ContentTypeDescriptor } from './editor.types.js';

interface Rendered {
  title: string;
  body: VNode;
  /** What the public page also tells the layout (description, languages, fallback, print layout). */
  meta?: Omit<PageMeta, 'title' | 'path'>;
}

/** The layout's view of an item shown in some language, as the public routes pass it. */
const metaOf = (v: { summary?: string | null; availableIn: readonly Locale[]; isFallback: boolean; contentLocale: Locale }) => ({
  description: v.summary ?? undefined,
  availableIn: v.availableIn,
  contentLocale: v.isFallback ? v.contentLocale : undefined,
});
const coverOf = (images: Map<number, ImageView>, id: number | null) => (id === null ? undefined : images.get(id));

type Renderer = (app: FastifyInstance, id: number, locale: Locale) => Promise<Rendered | undefined>;

/**
 * Previews through the public features' own presenters and views, from the stored rows
 * whatever their status, so an editor sees what readers will.
 */
const RENDERERS: Partial<Record<ContentTypeDescriptor['key'], Renderer>> = {
  async pages(app, id, locale) {
    const row = await app.db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const translations = await app.db.selectFrom('pageTranslations').selectAll().where('itemId', '=', id).execute();
    const page = presentPage({ ...row, translations }, locale, app.config.locales);
    return page && { title: page.title, body: <PageBody locale={locale} page={page} section={[]} /> };
  },
  async events(app, id, locale) {
    const row = await app.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const translations = await app.db.selectFrom('eventTranslations').selectAll().where('itemId', '=', id).execute();
    const event = presentEvent({ ...row, translations }, locale, app.config.locales);
    if (!event) return undefined;
    const images = await findImages(app.db, [event.coverFileId], locale, app.config.locales);
    const cover = event.coverFileId === null ? undefined : images.get(event.coverFileId);
    return { title: event.title, body: <EventPage locale={locale} timeZone={app.config.timeZone} event={event} cover={cover} /> };
  },
  async publications(app, id, locale) {
    const found = await findPreviewPublication(app.db, id);
    const publication = found && presentPublication(found, locale, app.config.locales);
    if (!found || !publication) return undefined;
    const images = await findImages(app.db, [found.coverFileId], locale, app.config.locales);
    return {
      title: publication.title,
      meta: { ...metaOf(publication), ogType: 'article', bodyClass: 'publication' },
      body: <PublicationPage locale={locale} timeZone={app.config.timeZone} publication={publication} cover={coverOf(images, found.coverFileId)} />,
    };
  },
  async news(app, id, locale) {
    const found = await findPreviewNewsPost(app.db, id);
    const post = found && presentNewsPost(found, locale, app.config.locales);
    if (!found || !post) return undefined;
    const images = await findImages(app.db, [found.coverFileId], locale, app.config.locales);
    return {
      title: post.title,
      meta: { ...metaOf(post), ogType: 'article' },
      body: <NewsPostPage locale={locale} timeZone={app.config.timeZone} post={post} cover={coverOf(images, found.coverFileId)} />,
    };
  },
  async projects(app, id, locale) {
    const found = await findPreviewProject(app.db, id);
    if (!found) return undefined;
    const [publications, images] = await Promise.all([
      listProjectPublications(app.db, found.id),
      findImages(app.db, [found.coverFileId], locale, app.config.locales),
    ]);
    const project = presentProject(found, publications, locale, app.config.locales, images);
    return project && { title: project.title, meta: { ...metaOf(project), ogType: 'article' }, body: <ProjectPage locale={locale} project={project} timeZone={app.config.timeZone} /> };
  },
  async albums(app, id, locale) {
    const found = await findPreviewAlbum(app.db, id);
    const album = found && presentAlbum(found, locale, app.config.locales);
    if (!album) return undefined;
    const images = await findImages(app.db, [album.coverFileId, ...album.photoFileIds], locale, app.config.locales);
    const photos = album.photoFileIds.flatMap((fileId) => images.get(fileId) ?? []);
    return {
      title: album.title,
      meta: { ...metaOf({ ...album, summary: album.description }) },
      body: <AlbumPage locale={locale} timeZone={app.config.timeZone} album={album} photos={photos} />,
    };
  },
  topics: renderTopicPreview,
  async vacancies(app, id, locale) {
    const row = await app.db.selectFrom('vacancies').select(['id', 'slug', 'deadline', 'publishedAt', 'updatedAt']).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const translations = await app.db.selectFrom('vacancyTranslations').selectAll().where('itemId', '=', id).execute();
    const vacancy = presentVacancy({ ...row, translations }, todayIn(app.config.timeZone), locale, app.config.locales);
    return vacancy && { title: vacancy.title, body: <VacancyPage locale={locale} vacancy={vacancy} timeZone={app.config.timeZone} /> };
  },
};

async function sendPreview(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor) {
  const found = await loadAuthorized(app, request, reply, type, 'preview');
  if (!found) return reply;
  const locale = (request.params as { locale: string }).locale;
  if (!isLocale(locale, app.config.locales)) return reply.callNotFound();
  const t = editorMessages[localeOf(request)];
  const renderer = RENDERERS[type.key];
  const rendered = renderer && (await renderer(app, found.item.id, locale));
  if (!rendered) return sendAdmin(request, reply, t.preview, <p class="notice">{t.noPublicPage}</p>);
  const ctx = await app.siteContexts.get(locale);
  const slug = String(found.item.snapshot.item.slug);
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').sendHtml(
    <Layout ctx={ctx} meta={{ ...rendered.meta, title: rendered.title, path: type.publicPath(slug), noindex: true }}>
      <p class="notice editor-preview-notice" lang={localeOf(request)}>
        {t.previewNotice}
      </p>
      {rendered.body}
    </Layout>,
  );
}

/** `/admin/<type>/:id/preview/<locale>`: signed-in staff only, never cached, never indexed. */
export async function previewRoutes(app: FastifyInstance): Promise<void> {
  for (const type of CONTENT_TYPES) {
    app.get(`/admin/${type.key}/:id/preview/:locale`, (request, reply) => sendPreview(app, request, reply, type));
  }
}

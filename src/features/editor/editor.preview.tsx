import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/database.js';
import type { VNode } from 'preact';
import { todayIn } from '../../i18n/format.js';
import { isLocale, type Locale } from '../../i18n/locales.js';
import { Layout } from '../../web/layout.js';
import { presentEvent } from '../events/events.presenter.js';
import { EventPage } from '../events/events.views.js';
import { presentPage } from '../pages/pages.presenter.js';
import { PageBody } from '../pages/pages.views.js';
import { presentVacancy } from '../vacancies/vacancies.presenter.js';
import { VacancyPage } from '../vacancies/vacancies.views.js';
import { findImages } from '../media/media.repository.js';
import type { PageMeta } from '../../web/page-meta.js';
import { AlbumPage } from '../gallery/gallery.views.js';
import { presentAlbum } from '../gallery/gallery.presenter.js';
import type { ImageView } from '../media/media.repository.js';
import { NewsPostPage } from '../news/news-post.views.js';
import { presentNewsPost } from '../news/news.presenter.js';
import { presentProject } from '../projects/projects.presenter.js';
import { ProjectPage } from '../projects/projects.views.js';
import { PublicationPage } from '../publications/publication-page.views.js';
import { presentPublication } from '../publications/publications.presenter.js';
import { loadAuthorized, localeOf, sendAdmin } from './editor.http.js';
import { renderTopicPage } from '../topics/topic-page.js';
import {
  findPreviewAlbum, findPreviewEvent, findPreviewNewsPost, findPreviewPage, findPreviewProjectPage,
  findPreviewPublication, findPreviewTopicPage, findPreviewVacancy,
} from './editor.preview.repository.js';
import { editorMessages } from './editor.messages.js';
import { CONTENT_TYPES, type ContentTypeDescriptor, type ContentTypeKey } from './editor.types.js';

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

/** What rendering a preview needs: the database and the site's languages and time zone. */
interface PreviewDeps {
  db: DbOrTx;
  order: readonly Locale[];
  timeZone: string;
}

type Renderer = (deps: PreviewDeps, id: number, locale: Locale) => Promise<Rendered | undefined>;

/**
 * Previews through the public features' own presenters and views, from the stored rows
 * whatever their status, so an editor sees what readers will.
 */
const RENDERERS: Partial<Record<ContentTypeKey, Renderer>> = {
  async page({ db, order }, id, locale) {
    const found = await findPreviewPage(db, id);
    const page = found && presentPage(found, locale, order);
    return page && { title: page.title, body: <PageBody locale={locale} page={page} section={[]} /> };
  },
  async event({ db, order, timeZone }, id, locale) {
    const found = await findPreviewEvent(db, id);
    const event = found && presentEvent(found, locale, order);
    if (!event) return undefined;
    const images = await findImages(db, [event.coverFileId], locale, order);
    return { title: event.title, body: <EventPage locale={locale} timeZone={timeZone} event={event} cover={coverOf(images, event.coverFileId)} /> };
  },
  async publication({ db, order, timeZone }, id, locale) {
    const found = await findPreviewPublication(db, id);
    const publication = found && presentPublication(found, locale, order);
    if (!found || !publication) return undefined;
    const images = await findImages(db, [found.coverFileId], locale, order);
    return {
      title: publication.title,
      meta: { ...metaOf(publication), ogType: 'article', bodyClass: 'publication' },
      body: <PublicationPage locale={locale} timeZone={timeZone} publication={publication} cover={coverOf(images, found.coverFileId)} />,
    };
  },
  async news({ db, order, timeZone }, id, locale) {
    const found = await findPreviewNewsPost(db, id);
    const post = found && presentNewsPost(found, locale, order);
    if (!found || !post) return undefined;
    const images = await findImages(db, [found.coverFileId], locale, order);
    return {
      title: post.title,
      meta: { ...metaOf(post), ogType: 'article' },
      body: <NewsPostPage locale={locale} timeZone={timeZone} post={post} cover={coverOf(images, found.coverFileId)} />,
    };
  },
  async project({ db, order, timeZone }, id, locale) {
    const found = await findPreviewProjectPage(db, id, locale, order);
    const project = found && presentProject(found.project, found.publications, locale, order, found.images);
    return project && { title: project.title, meta: { ...metaOf(project), ogType: 'article' }, body: <ProjectPage locale={locale} project={project} timeZone={timeZone} /> };
  },
  async album({ db, order, timeZone }, id, locale) {
    const found = await findPreviewAlbum(db, id);
    const album = found && presentAlbum(found, locale, order);
    if (!album) return undefined;
    const images = await findImages(db, [album.coverFileId, ...album.photoFileIds], locale, order);
    const photos = album.photoFileIds.flatMap((fileId) => images.get(fileId) ?? []);
    return {
      title: album.title,
      meta: { ...metaOf({ ...album, summary: album.description }) },
      body: <AlbumPage locale={locale} timeZone={timeZone} album={album} photos={photos} />,
    };
  },
  async topic({ db, order, timeZone }, id, locale) {
    const found = await findPreviewTopicPage(db, id, locale, order);
    return found && renderTopicPage(found.row, found.items, { locale, order, timeZone });
  },
  async vacancy({ db, order, timeZone }, id, locale) {
    const found = await findPreviewVacancy(db, id);
    const vacancy = found && presentVacancy(found, todayIn(timeZone), locale, order);
    return vacancy && { title: vacancy.title, body: <VacancyPage locale={locale} vacancy={vacancy} timeZone={timeZone} /> };
  },
};

async function sendPreview(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor) {
  const found = await loadAuthorized(app, request, reply, type, 'preview');
  if (!found) return reply;
  const locale = (request.params as { locale: string }).locale;
  if (!isLocale(locale, app.config.locales)) return reply.callNotFound();
  const t = editorMessages[localeOf(request)];
  const renderer = RENDERERS[type.key];
  const rendered = renderer && (await renderer({ db: app.db, order: app.config.locales, timeZone: app.config.timeZone }, found.item.id, locale));
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
    app.get(`${type.adminPath}/:id/preview/:locale`, (request, reply) => sendPreview(app, request, reply, type));
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale } from '../../i18n/locales.js';
import { Layout } from '../../web/layout.js';
import { previewItem } from '../content-types/public-pages.js';
import { loadAuthorized, localeOf, sendAdmin } from './editor.http.js';
import { editorMessages } from './editor.messages.js';
import { CONTENT_TYPES, type ContentTypeDescriptor } from './editor.types.js';

/**
 * Previews through the public item pages' own hooks (`itemPage` in content-types/public-pages),
 * over the stored item loaded by id whatever its status and date, so an editor sees what readers
 * will: the same presenter, view, meta and layout.
 */
async function sendPreview(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor) {
  const found = await loadAuthorized(app, request, reply, type, 'preview');
  if (!found) return reply;
  const locale = (request.params as { locale: string }).locale;
  if (!isLocale(locale, app.config.locales)) return reply.callNotFound();
  const t = editorMessages[localeOf(request)];
  const slug = String(found.item.snapshot.item.slug);
  const preview = await previewItem(app, type.key, { id: found.item.id, slug }, locale);
  if (!preview) return sendAdmin(request, reply, t.preview, <p class="notice">{t.noPublicPage}</p>);
  const { ctx, rendered } = preview;
  // The public page's own meta and body; always 200 (a closed vacancy's preview too), never indexed.
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').sendHtml(
    <Layout ctx={ctx} meta={{ ...rendered.meta, noindex: true }}>
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

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { emailField, textField } from '../form-guard/form-schema.js';
import { answerGuardedForm } from '../form-guard/guarded-form.js';
import { enqueueMail } from '../mail/outbox.js';
import { composeModerationNotice } from './comments.mail.js';
import { commentsMessages } from './comments.messages.js';
import { findCommentableItem, insertComment, type CommentableItem } from './comments.repository.js';
import type { CommentItemType } from './comments.tables.js';
import { commentFormFor, commentFormId, commentItemPath } from './comments.thread.js';
import { COMMENT_BODY_MAX, COMMENT_NAME_MAX, CommentFormPage, CommentSentPage, type CommentFormState } from './comments.views.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 200;
const BASES: Record<CommentItemType, string> = { news: '/news', publication: '/publications' };

/** A reader's comment: what each field takes. */
const commentShape = {
  name: textField({ maxLength: COMMENT_NAME_MAX, required: true }),
  email: emailField(),
  comment: textField({ maxLength: COMMENT_BODY_MAX, multiline: true, required: true }),
};

/**
 * Readers' comments: the form on a news post or publication posts here. The item pages are
 * cached for everyone, so the form carries no per-visitor token: the route accepts a post the
 * browser marks as coming from this site (`csrf: 'same-origin'`). A comment is stored pending and
 * appears only once a moderator approves it (`/admin/comments`).
 */
export async function commentsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const t = commentsMessages[locale];

  const titleOf = (item: CommentableItem) => pickTranslation(item.translations, locale, app.config.locales)?.value.title ?? item.slug;

  async function sendFormPage(reply: FastifyReply, type: CommentItemType, item: CommentableItem, form: CommentFormState, status: number) {
    const ctx = await app.siteContexts.get(locale);
    const title = titleOf(item);
    const itemPath = commentItemPath(type, item.slug);
    reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.commentOn(title), path: itemPath, noindex: true }}>
        <CommentFormPage locale={locale} title={title} itemPath={itemPath} form={form} />
      </Layout>,
      status,
    );
  }

  for (const type of ['news', 'publication'] as const) {
    const base = BASES[type];

    app.post<{ Params: { slug: string } }>(
      `${base}/:slug/comments`,
      { config: { public: true, csrf: 'same-origin', formProblemsInForm: true } },
      async (request, reply) => {
        const { slug } = request.params;
        if (slug.length > MAX_SLUG_LENGTH || !SLUG.test(slug)) return reply.callNotFound();
        const item = await findCommentableItem(app.db, type, slug);
        if (!item) return reply.callNotFound();
        if (!item.commentsEnabled) return sendErrorPage(app, request, reply, 'forbidden');

        const staffLocale = app.config.defaultLocale;
        // Read before the transaction: on SQLite a query outside it would wait for it.
        const settings = await app.siteContexts.get(staffLocale);
        return answerGuardedForm(app, request, reply, {
          form: 'comment',
          shape: commentShape,
          target: `${type}:${item.id}`,
          formId: commentFormId(type, item.id),
          emailOf: (v) => v.email,
          textOf: (v) => v.comment,
          locale,
          fieldIdPrefix: 'comment',
          render: (state, status) => sendFormPage(reply, type, item, { ...commentFormFor(app, type, item.id, slug, locale), ...state }, status),
          // Nothing public changed: the comment waits for moderation, so the cache stays as it is.
          sentPath: localePath(locale, `${commentItemPath(type, slug)}/comments/sent`),
          save: async (tx, v) => {
            const commentId = await insertComment(tx, { itemType: type, itemId: item.id, locale, authorName: v.name, authorEmail: v.email, body: v.comment });
            // Moderators hear of it at the organisation's address, when the settings have one.
            if (!settings.email) return;
            const itemTitle = pickTranslation(item.translations, staffLocale, app.config.locales)?.value.title ?? item.slug;
            const notice = { commentId, to: settings.email, itemTitle, authorName: v.name, body: v.comment, staffLocale, brand: settings };
            await enqueueMail(tx, composeModerationNotice(notice));
          },
        });
      },
    );

    app.get<{ Params: { slug: string } }>(`${base}/:slug/comments/sent`, { config: { public: true } }, async (request, reply) => {
      const { slug } = request.params;
      if (slug.length > MAX_SLUG_LENGTH || !SLUG.test(slug)) return reply.callNotFound();
      const item = await findCommentableItem(app.db, type, slug);
      if (!item) return reply.callNotFound();
      const ctx = await app.siteContexts.get(locale);
      const title = titleOf(item);
      const itemPath = commentItemPath(type, slug);
      reply.header('cache-control', 'no-store');
      return reply.sendHtml(
        <Layout ctx={ctx} meta={{ title: t.awaitingTitle, path: itemPath, noindex: true }}>
          <CommentSentPage locale={locale as Locale} title={title} itemPath={itemPath} />
        </Layout>,
      );
    });
  }
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { field } from '../accounts/form-input.js';
import { readEmail, readText, type ReadField } from '../form-guard/form-fields.js';
import { checkSubmission, formGuardKey, GUARD_POLICIES, HONEYPOT_FIELD, recordSubmission, STAMP_FIELD } from '../form-guard/form-guard.js';
import { fieldErrorText, refusalStatus, refusalText, type FormProblem } from '../form-guard/form-guard.views.js';
import { enqueueMail } from '../mail/outbox.js';
import { composeModerationNotice } from './comments.mail.js';
import { commentsMessages } from './comments.messages.js';
import { findCommentableItem, insertComment, type CommentableItem } from './comments.repository.js';
import type { CommentItemType } from './comments.tables.js';
import { commentFormFor, commentFormId, commentItemPath } from './comments.thread.js';
import {
  COMMENT_BODY_MAX,
  COMMENT_NAME_MAX,
  CommentFormPage,
  CommentSentPage,
  type CommentField,
  type CommentFormState,
} from './comments.views.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 200;
const BASES: Record<CommentItemType, string> = { news: '/news', publication: '/publications' };

const LIMITS: Record<CommentField, number> = { name: COMMENT_NAME_MAX, email: 254, comment: COMMENT_BODY_MAX };

/**
 * Readers' comments: the form on a news post or publication posts here. The item pages are
 * cached for everyone, so the form carries no per-visitor token: the route accepts a post the
 * browser marks as coming from this site (`csrf: 'same-origin'`). A comment is stored pending and
 * appears only once a moderator approves it (`/admin/comments`).
 */
export async function commentsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const t = commentsMessages[locale];
  const key = formGuardKey(app.config);

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

        const body = request.body;
        const read: Record<CommentField, ReadField> = {
          name: readText(body, 'name', { maxLength: COMMENT_NAME_MAX, required: true }),
          email: readEmail(body, 'email'),
          comment: readText(body, 'comment', { maxLength: COMMENT_BODY_MAX, multiline: true, required: true }),
        };
        const values = { name: read.name.value, email: read.email.value, comment: read.comment.value };
        const fresh = () => commentFormFor(app, type, item.id, slug, locale);
        const fieldErrors = Object.fromEntries(
          (Object.keys(read) as CommentField[]).flatMap((f) => (read[f].error ? [[f, fieldErrorText(read[f].error!, locale, LIMITS[f])]] : [])),
        ) as Partial<Record<CommentField, string>>;
        if (Object.keys(fieldErrors).length > 0) {
          const problems: FormProblem[] = Object.entries(fieldErrors).map(([f, text]) => ({ fieldId: `comment-${f}`, text: text! }));
          return sendFormPage(reply, type, item, { ...fresh(), values, errors: fieldErrors, problems }, 400);
        }

        const verdict = await checkSubmission(app.db, key, {
          form: 'comment',
          target: `${type}:${item.id}`,
          formId: commentFormId(type, item.id),
          stamp: field(body, STAMP_FIELD, 200),
          honeypot: field(body, HONEYPOT_FIELD, 2000),
          ip: request.ip,
          email: values.email,
          text: values.comment,
        });
        const sentPath = localePath(locale, `${commentItemPath(type, slug)}/comments/sent`);
        // A bot that filled the honeypot is told nothing: it sees what a person would, and nothing is kept.
        if (!verdict.ok) {
          if (verdict.reason === 'honeypot') return reply.redirect(sentPath, 303);
          const problems = [{ text: refusalText(verdict.reason, locale, GUARD_POLICIES.comment.maxLinks) }];
          return sendFormPage(reply, type, item, { ...fresh(), values, problems }, refusalStatus(verdict.reason));
        }

        const staffLocale = app.config.defaultLocale;
        const settings = await app.siteContexts.get(staffLocale);
        await app.db.transaction().execute(async (tx) => {
          const commentId = await insertComment(tx, { itemType: type, itemId: item.id, locale, authorName: values.name, authorEmail: values.email, body: values.comment });
          await recordSubmission(tx, verdict.fingerprint);
          // Moderators hear of it at the organisation's address, when the settings have one.
          if (settings.email) {
            const itemTitle = pickTranslation(item.translations, staffLocale, app.config.locales)?.value.title ?? item.slug;
            await enqueueMail(
              tx,
              composeModerationNotice({ commentId, to: settings.email, itemTitle, authorName: values.name, body: values.comment, staffLocale, brand: settings }),
            );
          }
        });
        // Nothing public changed: the comment waits for moderation, so the cache stays as it is.
        return reply.redirect(sentPath, 303);
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

import type { JSX } from 'preact';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { ErrorSummary, FormField, FormSentPage, GuardFields, type ControlAttrs, type GuardedFormState } from '../form-guard/form-guard.views.js';
import { formGuardMessages } from '../form-guard/form-guard.messages.js';
import type { CommentView, TextPart } from './comments.presenter.js';
import { commentsMessages } from './comments.messages.js';

export const COMMENT_NAME_MAX = 100;
export const COMMENT_BODY_MAX = 5000;

export type CommentField = 'name' | 'email' | 'comment';

export type CommentFormState = GuardedFormState<CommentField>;

/** The comment form; the hidden stamp and honeypot come from the spam defence. */
export function CommentForm({ locale, form }: { locale: Locale; form: CommentFormState }) {
  const t = commentsMessages[locale];
  const g = formGuardMessages[locale];
  const values = form.values ?? {};
  const errors = form.errors ?? {};
  const field = (name: CommentField, label: string, render: (attrs: ControlAttrs) => JSX.Element) => (
    <FormField id={`comment-${name}`} name={name} label={label} error={errors[name]} render={render} />
  );
  return (
    <form class="public-form comment-form" method="post" action={form.action} accept-charset="utf-8">
      <ErrorSummary problems={form.problems ?? []} locale={locale} />
      <p class="public-form__note">
        {t.emailNotPublished} {g.requiredMark}
      </p>
      <GuardFields stamp={form.stamp} locale={locale} />
      {field('comment', t.comment, (c) => (
        <textarea {...c} rows={6} maxLength={COMMENT_BODY_MAX} value={values.comment ?? ''} />
      ))}
      {field('name', t.name, (c) => (
        <input {...c} type="text" autoComplete="name" maxLength={COMMENT_NAME_MAX} value={values.name ?? ''} />
      ))}
      {field('email', t.email, (c) => (
        <input {...c} type="email" autoComplete="email" maxLength={254} value={values.email ?? ''} />
      ))}
      <p>
        <button type="submit" class="button">
          {t.send}
        </button>
      </p>
    </form>
  );
}

function Part({ part }: { part: TextPart }) {
  // Readers' links: no endorsement (nofollow) and marked as user content (ugc).
  return 'href' in part ? (
    <a href={part.href} rel="nofollow ugc">
      {part.text}
    </a>
  ) : (
    <>{part.text}</>
  );
}

export function CommentItem({ comment, locale, timeZone }: { comment: CommentView; locale: Locale; timeZone: string }) {
  return (
    <li class="comment" id={`comment-${comment.id}`} lang={comment.locale}>
      <p class="comment__meta">
        <span class="comment__author">{comment.authorName}</span>{' '}
        <span class="comment__sep" aria-hidden="true">·</span>{' '}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, locale, timeZone)}</time>
      </p>
      <div class="comment__body">
        {comment.paragraphs.map((lines) => (
          <p>
            {lines.map((parts, i) => (
              <>
                {i > 0 && <br />}
                {parts.map((part) => (
                  <Part part={part} />
                ))}
              </>
            ))}
          </p>
        ))}
      </div>
    </li>
  );
}

export interface CommentThreadProps {
  locale: Locale;
  timeZone: string;
  /** Approved comments written in this page's language, oldest first. */
  comments: CommentView[];
  /** Approved comments in the other languages, with the item's page in that language. */
  otherLocales: Array<{ locale: Locale; count: number; href: string }>;
  /** The form, when the item takes comments. */
  form: CommentFormState | undefined;
}

/**
 * The comments under an item. Each language's page shows the comments written on it, so a page
 * never mixes languages; a line links to the other language's comments when there are any.
 */
export function CommentsSection({ locale, timeZone, comments, otherLocales, form }: CommentThreadProps) {
  const t = commentsMessages[locale];
  const w = webMessages[locale];
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title" lang={locale}>
      <h2 id="comments-title">
        {t.commentsTitle}
        {comments.length > 0 && ` (${formatNumber(comments.length, locale)})`}
      </h2>
      {comments.length > 0 ? (
        <ol class="comment-list">
          {comments.map((c) => (
            <CommentItem comment={c} locale={locale} timeZone={timeZone} />
          ))}
        </ol>
      ) : (
        form && <p>{t.noComments}</p>
      )}
      {otherLocales.length > 0 && (
        <ul class="comments__other">
          {otherLocales.map((o) => (
            <li>
              <a href={o.href} hrefLang={o.locale}>
                {t.otherLanguage(formatNumber(o.count, locale), w.languageName(o.locale))}
              </a>
            </li>
          ))}
        </ul>
      )}
      {form ? (
        <>
          <h3 id="leave-comment">{t.leaveComment}</h3>
          <CommentForm locale={locale} form={form} />
        </>
      ) : (
        <p class="comments__closed">{t.closed}</p>
      )}
    </section>
  );
}

/** The form again, with what was typed and what to fix; on its own page, never cached. */
export function CommentFormPage({ locale, title, itemPath, form }: { locale: Locale; title: string; itemPath: string; form: CommentFormState }) {
  const t = commentsMessages[locale];
  return (
    <article class="comment-page">
      <header class="page-header">
        <h1>{t.commentOn(title)}</h1>
      </header>
      <CommentForm locale={locale} form={form} />
      <p>
        <a href={localePath(locale, itemPath)}>{t.backTo(title)}</a>
      </p>
    </article>
  );
}

export function CommentSentPage({ locale, title, itemPath }: { locale: Locale; title: string; itemPath: string }) {
  const t = commentsMessages[locale];
  return <FormSentPage className="comment-page" title={t.awaitingTitle} body={t.awaitingBody} back={{ href: localePath(locale, itemPath), label: t.backTo(title) }} />;
}

import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { commentsMessages } from './comments.messages.js';
import type { ModerationRow } from './comments.repository.js';
import { COMMENT_STATUSES, type CommentStatus } from './comments.tables.js';

export const MODERATION_ACTIONS = ['approve', 'reject', 'spam', 'delete'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** The actions offered in a tab: everything except moving a comment to where it already is. */
export function actionsFor(status: CommentStatus): ModerationAction[] {
  const into: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };
  return MODERATION_ACTIONS.filter((a) => a === 'delete' || into[a] !== status);
}

function actionLabel(action: ModerationAction, locale: Locale): string {
  const t = commentsMessages[locale];
  return { approve: t.approve, reject: t.reject, spam: t.markSpam, delete: t.delete }[action];
}

export interface ModerationPageProps {
  locale: Locale;
  timeZone: string;
  csrfToken: string;
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  rows: ModerationRow[];
  titles: Map<string, string>;
  page: number;
  totalPages: number;
  notice?: string;
}

/** The moderation queue: one tab per status, one form for the row buttons and the bulk action. */
export function ModerationPage(p: ModerationPageProps) {
  const t = commentsMessages[p.locale];
  const w = webMessages[p.locale];
  const actions = actionsFor(p.status);
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      {p.notice && (
        <p class="notice notice--success" role="status">
          {p.notice}
        </p>
      )}
      <nav class="admin-tabs" aria-label={t.title}>
        <ul>
          {COMMENT_STATUSES.map((s) => (
            <li>
              <a href={`/admin/comments${queryString({ status: s })}`} aria-current={s === p.status ? 'page' : undefined}>
                {t[s]} ({formatNumber(p.counts[s], p.locale)})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <form method="post" action="/admin/comments" class="moderation-form">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <input type="hidden" name="status" value={p.status} />
          <input type="hidden" name="page" value={String(p.page)} />
          <table class="admin-table moderation-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{t.selectAll}</span>
                </th>
                <th scope="col">{t.comment}</th>
                <th scope="col">{t.author}</th>
                <th scope="col">{t.item}</th>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => {
                const title = p.titles.get(`${r.itemType}:${r.itemId}`);
                const path = r.itemType === 'news' ? `/news/${r.itemSlug}` : `/publications/${r.itemSlug}`;
                return (
                  <tr id={`c${r.id}`}>
                    <td>
                      <input type="checkbox" name="ids" value={String(r.id)} id={`select-${r.id}`} aria-label={t.selectComment(String(r.id))} />
                    </td>
                    <td lang={r.locale}>
                      <div class="moderation-table__body">{r.body}</div>
                    </td>
                    <td>
                      {r.authorName}
                      <br />
                      <a href={`mailto:${encodeURIComponent(r.authorEmail)}`}>{r.authorEmail}</a>
                    </td>
                    <td>
                      {title && r.itemSlug ? (
                        <a href={localePath(r.locale as Locale, path)}>{title}</a>
                      ) : (
                        t.deletedItem
                      )}
                      <br />
                      <span class="muted">
                        {t.language}: {w.languageName(r.locale)}
                      </span>
                    </td>
                    <td>{formatDateTime(r.createdAt, p.locale, p.timeZone)}</td>
                    <td class="moderation-table__actions">
                      {actions.map((a) => (
                        <button type="submit" name="one" value={`${a}:${r.id}`} class={a === 'delete' ? 'button--danger' : 'button--secondary'}>
                          {actionLabel(a, p.locale)}
                        </button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="moderation-form__bulk">
            <label for="bulk-action">{t.withSelected}</label>
            <select id="bulk-action" name="action">
              {actions.map((a) => (
                <option value={a}>{actionLabel(a, p.locale)}</option>
              ))}
            </select>{' '}
            <button type="submit" name="bulk" value="1">
              {t.apply}
            </button>
          </p>
        </form>
      )}
      <Pagination locale={p.locale} page={p.page} totalPages={p.totalPages} hrefFor={(n) => `/admin/comments${queryString({ status: p.status, page: n > 1 ? n : undefined })}`} />
    </>
  );
}

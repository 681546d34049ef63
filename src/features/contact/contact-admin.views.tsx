import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { webMessages } from '../../web/web.messages.js';
import { contactMessages } from './contact.messages.js';
import type { ContactListRow, ContactMessageRow } from './contact.repository.js';
import { CONTACT_STATUSES, type ContactStatus } from './contact.tables.js';

function StatusTabs({ locale, status, counts }: { locale: Locale; status: ContactStatus; counts: Record<ContactStatus, number> }) {
  const t = contactMessages[locale];
  return (
    <nav class="admin-tabs" aria-label={t.status}>
      <ul>
        {CONTACT_STATUSES.map((s) => (
          <li>
            <a href={`/admin/contact${queryString({ status: s })}`} aria-current={s === status ? 'page' : undefined}>
              {t[s]} ({formatNumber(counts[s], locale)})
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface InboxPageProps {
  locale: Locale;
  timeZone: string;
  status: ContactStatus;
  counts: Record<ContactStatus, number>;
  rows: ContactListRow[];
  page: number;
  totalPages: number;
}

export function ContactInboxPage(p: InboxPageProps) {
  const t = contactMessages[p.locale];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <StatusTabs locale={p.locale} status={p.status} counts={p.counts} />
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table class="admin-table contact-table">
          <thead>
            <tr>
              <th scope="col">{t.subject}</th>
              <th scope="col">{t.from}</th>
              <th scope="col">{t.received}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td lang={r.locale}>
                  <a href={`/admin/contact/${r.id}`}>{r.subject}</a>
                </td>
                <td>
                  {r.name} &lt;{r.email}&gt;
                </td>
                <td>{formatDateTime(r.createdAt, p.locale, p.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination locale={p.locale} page={p.page} totalPages={p.totalPages} hrefFor={(n) => `/admin/contact${queryString({ status: p.status, page: n > 1 ? n : undefined })}`} />
    </>
  );
}

export function ContactMessagePage({ locale, timeZone, csrfToken, message: m, notice }: { locale: Locale; timeZone: string; csrfToken: string; message: ContactMessageRow; notice?: string | undefined }) {
  const t = contactMessages[locale];
  const w = webMessages[locale];
  const reply = `mailto:${encodeURIComponent(m.email)}?subject=${encodeURIComponent(`Re: ${m.subject}`)}`;
  return (
    <>
      <p>
        <a href={`/admin/contact?status=${m.status}`}>{t.backToInbox}</a>
      </p>
      <h1 lang={m.locale}>{m.subject}</h1>
      {notice && (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      )}
      <dl class="contact-message__meta">
        <dt>{t.from}</dt>
        <dd>
          {m.name} &lt;<a href={reply}>{m.email}</a>&gt;
        </dd>
        <dt>{t.received}</dt>
        <dd>{formatDateTime(m.createdAt, locale, timeZone)}</dd>
        <dt>{t.language}</dt>
        <dd>{w.languageName(m.locale)}</dd>
        <dt>{t.status}</dt>
        <dd>{t[m.status]}</dd>
      </dl>
      <div class="contact-message__body" lang={m.locale}>
        {m.message}
      </div>
      <p>
        <a class="button" href={reply}>
          {t.replyByEmail}
        </a>
      </p>
      <form method="post" action={`/admin/contact/${m.id}/status`} class="contact-message__status">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <span>{t.markAs}:</span>{' '}
        {CONTACT_STATUSES.filter((s) => s !== m.status).map((s) => (
          <>
            <button type="submit" name="status" value={s} class="button--secondary">
              {t[s]}
            </button>{' '}
          </>
        ))}
      </form>
    </>
  );
}

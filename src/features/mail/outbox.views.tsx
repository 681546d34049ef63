import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { outboxMessages } from './mail.messages.js';
import { MAIL_KINDS } from './outbox.js';
import { OUTBOX_STATES, type OutboxFilter, type OutboxListRow, type OutboxMessage } from './outbox.repository.js';
import type { OutboxState } from './mail.tables.js';

function StateBadge({ locale, state }: { locale: Locale; state: string }) {
  return <span class={`badge badge--outbox-${state}`}>{outboxMessages[locale].stateName(state)}</span>;
}

export function filterQuery(f: OutboxFilter, page?: number): string {
  return queryString({ state: f.state, kind: f.kind, to: f.to, page: page && page > 1 ? page : undefined });
}

interface OutboxListProps {
  locale: Locale;
  timeZone: string;
  filter: OutboxFilter;
  counts: Record<OutboxState, number>;
  rows: OutboxListRow[];
  total: number;
  page: number;
  totalPages: number;
  /** The .eml folder when there is no SMTP server. */
  folder: string | undefined;
}

export function OutboxListPage(p: OutboxListProps) {
  const t = outboxMessages[p.locale];
  const f = p.filter;
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <p>{p.folder ? t.viaFolder(p.folder) : t.viaSmtp}</p>
      <ul class="outbox-counts">
        {OUTBOX_STATES.map((s) => (
          <li>
            <a href={`/admin/outbox${filterQuery({ state: s })}`} aria-current={f.state === s ? 'true' : undefined}>
              {t.stateName(s)}: {formatNumber(p.counts[s], p.locale)}
            </a>
          </li>
        ))}
      </ul>
      <form class="filters" method="get" action="/admin/outbox">
        <label for="outbox-state">{t.state}</label>
        <select id="outbox-state" name="state">
          <option value="">{t.any}</option>
          {OUTBOX_STATES.map((s) => (
            <option value={s} selected={s === f.state}>
              {t.stateName(s)}
            </option>
          ))}
        </select>
        <label for="outbox-kind">{t.kind}</label>
        <select id="outbox-kind" name="kind">
          <option value="">{t.any}</option>
          {MAIL_KINDS.map((k) => (
            <option value={k} selected={k === f.kind}>
              {t.kindName(k)}
            </option>
          ))}
        </select>
        <label for="outbox-to">{t.recipient}</label>
        <input id="outbox-to" type="search" name="to" value={f.to ?? ''} maxLength={254} />
        <button type="submit">{t.filter}</button>
      </form>
      <p>{t.total(formatNumber(p.total, p.locale))}</p>
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table class="admin-table outbox-table">
          <thead>
            <tr>
              <th scope="col">{t.created}</th>
              <th scope="col">{t.recipient}</th>
              <th scope="col">{t.subject}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.attempts}</th>
              <th scope="col">{t.lastError}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>{formatDateTime(r.createdAt, p.locale, p.timeZone)}</td>
                <td lang="en">{r.toAddress}</td>
                <td>
                  <a href={`/admin/outbox/${r.id}`}>{r.subject}</a>
                </td>
                <td>{t.kindName(r.kind)}</td>
                <td>
                  <StateBadge locale={p.locale} state={r.state} />
                </td>
                <td>{formatNumber(r.attempts, p.locale)}</td>
                <td lang="en">{r.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination locale={p.locale} page={p.page} totalPages={p.totalPages} hrefFor={(n) => `/admin/outbox${filterQuery(f, n)}`} />
    </>
  );
}

interface OutboxShowProps {
  locale: Locale;
  timeZone: string;
  message: OutboxMessage;
  messageId: string;
  suppressions: Array<{ reason: string; detail: string | null; createdAt: string }>;
  /** The .eml file's text when the message went to the local folder. */
  eml: string | undefined;
  folderMode: boolean;
  csrfToken: string;
  notice?: string | undefined;
}

export function OutboxShowPage(p: OutboxShowProps) {
  const t = outboxMessages[p.locale];
  const m = p.message;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, p.locale, p.timeZone) : '');
  const headers = m.headers ? (JSON.parse(m.headers) as Record<string, string>) : {};
  const canRetry = m.state === 'failed' || m.state === 'suppressed';
  const bounced = p.suppressions.some((s) => s.reason === 'bounce');
  return (
    <>
      <p>
        <a href="/admin/outbox">{t.back}</a>
      </p>
      <h1>{t.messageTitle(String(m.id))}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <h2>{t.details}</h2>
      <dl class="outbox-details">
        <dt>{t.subject}</dt>
        <dd>{m.subject}</dd>
        <dt>{t.recipient}</dt>
        <dd lang="en">{m.toAddress}</dd>
        {m.replyTo ? (
          <>
            <dt>{t.replyTo}</dt>
            <dd lang="en">{m.replyTo}</dd>
          </>
        ) : null}
        <dt>{t.kind}</dt>
        <dd>{t.kindName(m.kind)}</dd>
        <dt>{t.state}</dt>
        <dd>
          <StateBadge locale={p.locale} state={m.state} />
        </dd>
        <dt>{t.created}</dt>
        <dd>{when(m.createdAt)}</dd>
        <dt>{t.attempts}</dt>
        <dd>{formatNumber(m.attempts, p.locale)}</dd>
        {m.state === 'queued' ? (
          <>
            <dt>{t.nextAttempt}</dt>
            <dd>{when(m.nextAttemptAt)}</dd>
          </>
        ) : null}
        {m.sentAt ? (
          <>
            <dt>{t.sentAt}</dt>
            <dd>{when(m.sentAt)}</dd>
          </>
        ) : null}
        {m.smtpResponse ? (
          <>
            <dt>{t.serverReply}</dt>
            <dd lang="en">
              <code>{m.smtpResponse}</code>
            </dd>
          </>
        ) : null}
        {m.lastError ? (
          <>
            <dt>{t.lastError}</dt>
            <dd lang="en">
              <code>{m.lastError}</code>
            </dd>
          </>
        ) : null}
        <dt>{t.idempotencyKey}</dt>
        <dd lang="en">
          <code>{m.idempotencyKey}</code>
        </dd>
        <dt>{t.messageId}</dt>
        <dd lang="en">
          <code>{p.messageId}</code>
        </dd>
        {Object.keys(headers).length ? (
          <>
            <dt>{t.headers}</dt>
            <dd lang="en">
              <pre>{Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
            </dd>
          </>
        ) : null}
      </dl>
      {p.suppressions.length ? (
        <>
          <h2>{t.suppressions}</h2>
          <ul>
            {p.suppressions.map((s) => (
              <li>
                {t.reasonName(s.reason)} · {when(s.createdAt)}
                {s.detail ? (
                  <>
                    {' · '}
                    <code lang="en">{s.detail}</code>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canRetry || bounced ? (
        <div class="outbox-actions">
          {canRetry ? (
            <form method="post" action={`/admin/outbox/${m.id}/retry`}>
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <button type="submit">{t.retry}</button>
              <p class="hint">{t.retryHelp}</p>
            </form>
          ) : null}
          {bounced ? (
            <form method="post" action={`/admin/outbox/${m.id}/lift-bounce`}>
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <button type="submit">{t.liftBounce}</button>
              <p class="hint">{t.liftBounceHelp}</p>
            </form>
          ) : null}
        </div>
      ) : null}
      <h2>{t.htmlVersion}</h2>
      <iframe
        class="outbox-preview"
        title={t.htmlPreviewTitle}
        src={`/admin/outbox/${m.id}/html`}
        sandbox=""
        referrerpolicy="no-referrer"
        width="100%"
        height="600"
      />
      <h2>{t.textVersion}</h2>
      <pre class="outbox-text">{m.text}</pre>
      {p.folderMode ? (
        <>
          <h2>{t.emlFile}</h2>
          {p.eml === undefined ? (
            <p>{t.noEmlFile}</p>
          ) : (
            <>
              <p>
                <a href={`/admin/outbox/${m.id}/eml`}>{t.downloadEml}</a>
              </p>
              <details>
                <summary>{t.emlSource}</summary>
                <pre class="outbox-eml" lang="en">{p.eml}</pre>
              </details>
            </>
          )}
        </>
      ) : null}
    </>
  );
}

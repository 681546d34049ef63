import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { formatCaseDate } from '../hrd-cases/case-dates.js';
import { reportAdminMessages } from './reports-admin.messages.js';
import type { OpenedReport } from './reports.service.js';
import { REPORT_STATUSES, type ReportStatus } from './reports.tables.js';

export interface ReportListRow {
  id: number;
  status: ReportStatus;
  locale: string;
  receivedOn: string;
  caseId: number | null;
}

export function ReportListPage(p: { locale: Locale; status: ReportStatus | null; rows: ReportListRow[]; page: number; totalPages: number }) {
  const t = reportAdminMessages[p.locale];
  const tabs: Array<ReportStatus | null> = [null, ...REPORT_STATUSES];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <nav class="admin-tabs" aria-label={t.status}>
        <ul>
          {tabs.map((s) => (
            <li>
              <a href={`/admin/reports${s ? queryString({ status: s }) : ''}`} aria-current={s === p.status ? 'page' : undefined}>
                {s ? t[`status_${s}`] : t.all}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table class="admin-table reports-table">
          <thead>
            <tr>
              <th scope="col">{t.report('')}</th>
              <th scope="col">{t.received}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.language}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/reports/${r.id}`}>{t.report(formatNumber(r.id, p.locale))}</a>
                </td>
                <td>{formatDate(r.receivedOn, p.locale, 'UTC')}</td>
                <td>{t[`status_${r.status}`]}</td>
                <td>{r.locale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination locale={p.locale} page={p.page} totalPages={p.totalPages} hrefFor={(n) => `/admin/reports${queryString({ status: p.status ?? undefined, page: n > 1 ? n : undefined })}`} />
    </>
  );
}

export interface ReportDetail {
  report: OpenedReport;
  kindLabel: string | null;
  placeNames: string[];
  caseReference: string | null;
  duplicateOfCaseReference: string | null;
  staffNames: Map<number, string>;
}

export type TriageForm = 'reply' | 'duplicate' | 'reject' | 'case';

export interface TriageState {
  form?: TriageForm;
  values?: Record<string, string>;
  error?: string;
  notice?: string;
}

function Flag({ on, locale }: { on: boolean; locale: Locale }) {
  const t = reportAdminMessages[locale];
  return <>{on ? t.yes : t.no}</>;
}

export function ReportDetailPage({ locale, csrfToken, detail, state }: { locale: Locale; csrfToken: string; detail: ReportDetail; state: TriageState }) {
  const t = reportAdminMessages[locale];
  const r = detail.report;
  const errorFor = (form: TriageForm) =>
    state.form === form && state.error ? (
      <p class="form-field__error" role="alert">
        {state.error}
      </p>
    ) : null;
  const value = (form: TriageForm, name: string) => (state.form === form ? (state.values?.[name] ?? '') : '');
  const open = r.status !== 'case';
  return (
    <>
      <h1>{t.report(formatNumber(r.id, locale))}</h1>
      {state.notice && (
        <p class="notice notice--success" role="status">
          {state.notice}
        </p>
      )}
      <dl class="report-facts">
        <dt>{t.received}</dt>
        <dd>{formatDate(r.receivedOn, locale, 'UTC')}</dd>
        <dt>{t.status}</dt>
        <dd>{t[`status_${r.status}`]}</dd>
        <dt>{t.language}</dt>
        <dd>{r.locale}</dd>
        <dt>{t.kind}</dt>
        <dd>{detail.kindLabel ?? '—'}</dd>
        <dt>{t.when}</dt>
        <dd>{r.when.date && r.when.accuracy !== 'unknown' ? formatCaseDate(r.when.date, r.when.accuracy, locale) : t.unknownDate}</dd>
        <dt>{t.where}</dt>
        <dd>{detail.placeNames.length ? detail.placeNames.join(', ') : '—'}</dd>
        <dt>{t.detail}</dt>
        <dd lang={r.locale}>{r.where.detail ?? '—'}</dd>
      </dl>
      {detail.caseReference && r.caseId && (
        <p class="notice">
          {t.becameCase} <a href={`/admin/cases/${r.caseId}`}>{detail.caseReference}</a>
        </p>
      )}
      {r.status === 'duplicate' && (
        <p class="notice">
          {t.duplicateOf}{' '}
          {r.duplicateOfReportId && <a href={`/admin/reports/${r.duplicateOfReportId}`}>{t.report(formatNumber(r.duplicateOfReportId, locale))}</a>}
          {r.duplicateOfCaseId && <a href={`/admin/cases/${r.duplicateOfCaseId}`}>{detail.duplicateOfCaseReference}</a>}
        </p>
      )}
      {r.status === 'rejected' && (
        <p class="notice">
          {t.rejectedBecause} {r.rejectReason}
        </p>
      )}
      <h2>{t.what}</h2>
      <div class="report-what" lang={r.locale}>
        {r.what.split(/\n{2,}/).map((p) => (
          <p style="white-space:pre-wrap">{p}</p>
        ))}
      </div>
      <h2>{t.who}</h2>
      {r.who ? (
        <dl class="report-facts">
          <dt>{t.name}</dt>
          <dd lang={r.locale}>{r.who.name ?? '—'}</dd>
          <dt>{t.contact}</dt>
          <dd>{r.who.contact ?? '—'}</dd>
          <dt>{t.mayContact}</dt>
          <dd>
            <Flag on={r.who.mayContact} locale={locale} />
          </dd>
          <dt>{t.contactBy}</dt>
          <dd lang={r.locale}>{r.who.contactBy ?? '—'}</dd>
          <dt>{t.mayPublish}</dt>
          <dd>
            <Flag on={r.who.mayPublishAnonymously} locale={locale} />
          </dd>
        </dl>
      ) : (
        <p>{t.anonymous}</p>
      )}
      <h2>{t.files}</h2>
      {r.attachments.length === 0 ? (
        <p>{t.noFiles}</p>
      ) : (
        <ul class="report-files">
          {r.attachments.map((a) => (
            <li>
              <a href={`/admin/reports/${r.id}/files/${a.id}`}>{a.name}</a> ({a.mediaType}, {formatNumber(a.size, locale)} B) <code>SHA-256 {a.sha256}</code>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.thread}</h2>
      {r.messages.length === 0 ? (
        <p>{t.noMessages}</p>
      ) : (
        <ol class="report-thread__messages">
          {r.messages.map((m) => (
            <li class={`report-message report-message--${m.author}`}>
              <p class="report-message__meta">
                <strong>{m.author === 'staff' ? `${t.fromStaff}${m.userId ? `: ${detail.staffNames.get(m.userId) ?? ''}` : ''}` : t.fromReporter}</strong> · {formatDate(m.sentOn, locale, 'UTC')}
              </p>
              <p style="white-space:pre-wrap">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <section id="reply">
        <h2>{t.reply}</h2>
        <p>{t.replyHint}</p>
        <form method="post" action={`/admin/reports/${r.id}/reply#reply`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {errorFor('reply')}
          <label for="reply-text">{t.replyText}</label>
          <textarea id="reply-text" name="text" rows={6} required value={value('reply', 'text')} />
          <p>
            <button type="submit" class="button">
              {t.sendReply}
            </button>
          </p>
        </form>
      </section>
      {open && (
        <>
          <section id="duplicate">
            <h2>{t.duplicate}</h2>
            <form method="post" action={`/admin/reports/${r.id}/duplicate#duplicate`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              {errorFor('duplicate')}
              <label for="duplicate-report">{t.duplicateOfReport}</label>
              <input id="duplicate-report" name="report" type="text" inputMode="numeric" value={value('duplicate', 'report')} />
              <label for="duplicate-case">{t.duplicateOfCase}</label>
              <input id="duplicate-case" name="case" type="text" value={value('duplicate', 'case')} />
              <p>
                <button type="submit" class="button button--secondary">
                  {t.markDuplicate}
                </button>
              </p>
            </form>
          </section>
          <section id="reject">
            <h2>{t.reject}</h2>
            <form method="post" action={`/admin/reports/${r.id}/reject#reject`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              {errorFor('reject')}
              <label for="reject-reason">{t.rejectReason}</label>
              <textarea id="reject-reason" name="reason" rows={3} required value={value('reject', 'reason')} />
              <p>
                <button type="submit" class="button button--secondary">
                  {t.rejectButton}
                </button>
              </p>
            </form>
          </section>
          <section id="case">
            <h2>{t.toCase}</h2>
            <p>{t.toCaseHint}</p>
            <form method="post" action={`/admin/reports/${r.id}/case#case`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              {errorFor('case')}
              <label for="case-title">{t.caseTitle}</label>
              <input id="case-title" name="title" type="text" required value={value('case', 'title') || t.report(String(r.id))} />
              <p>
                <button type="submit" class="button">
                  {t.createCase}
                </button>
              </p>
            </form>
          </section>
        </>
      )}
    </>
  );
}

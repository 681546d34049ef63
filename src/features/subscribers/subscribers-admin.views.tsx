import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import type { ImportProblem } from './subscribers-csv.js';
import type { ImportSummary } from './subscribers-import.js';
import { subscribersAdminMessages } from './subscribers-admin.messages.js';
import { subscribersMessages, topicLabel } from './subscribers.messages.js';
import type { Subscriber, SubscriberFilter } from './subscribers.repository.js';
import { SUBSCRIBER_STATUSES, SUBSCRIPTION_TOPICS, type SubscriberStatus } from './subscribers.tables.js';

const n = (x: number, locale: Locale) => formatNumber(x, locale);

export function SubscriberList(props: {
  locale: Locale;
  locales: readonly Locale[];
  timeZone: string;
  rows: Subscriber[];
  total: number;
  counts: Record<SubscriberStatus, number>;
  filter: SubscriberFilter;
  page: number;
  totalPages: number;
  canImport: boolean;
  canExport: boolean;
  notice?: string | undefined;
}) {
  const { locale, filter } = props;
  const t = subscribersAdminMessages[locale];
  const pub = subscribersMessages[locale];
  const query = { q: filter.q, status: filter.status, locale: filter.locale, topic: filter.topic };
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p>{t.counts(n(props.counts.active, locale), n(props.counts.pending, locale), n(props.counts.unsubscribed, locale))}</p>
        <nav class="section-nav">
          {props.canImport && <a href="/admin/subscribers/import">{t.importCsv}</a>}
          {props.canExport && <a href={`/admin/subscribers/export.csv${queryString(query)}`}>{t.exportCsv}</a>}
        </nav>
      </header>
      {props.notice && (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      )}
      <form method="get" action="/admin/subscribers" class="filters">
        <div class="filters__field">
          <label for="s-q">{t.search}</label>
          <input type="search" id="s-q" name="q" value={filter.q ?? ''} maxLength={200} />
        </div>
        <div class="filters__field">
          <label for="s-status">{t.status}</label>
          <select id="s-status" name="status">
            <option value="">{t.any}</option>
            {SUBSCRIBER_STATUSES.map((s) => (
              <option value={s} selected={filter.status === s}>
                {t[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="filters__field">
          <label for="s-locale">{t.language}</label>
          <select id="s-locale" name="locale">
            <option value="">{t.any}</option>
            {props.locales.map((l) => (
              <option value={l} selected={filter.locale === l}>
                {LOCALE_INFO[l].nativeName}
              </option>
            ))}
          </select>
        </div>
        <div class="filters__field">
          <label for="s-topic">{t.topic}</label>
          <select id="s-topic" name="topic">
            <option value="">{t.any}</option>
            {SUBSCRIPTION_TOPICS.map((topic) => (
              <option value={topic} selected={filter.topic === topic}>
                {topicLabel(pub, topic)}
              </option>
            ))}
          </select>
        </div>
        <div class="filters__actions">
          <button type="submit">{t.filter}</button>
        </div>
      </form>
      {props.rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        // On a phone the seven columns scroll inside this box (focusable, so by keyboard too), not the page.
        <div class="table-scroll" role="region" aria-label={t.title} tabindex={0}>
        <table class="subscriber-table">
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.language}</th>
              <th scope="col">{t.topics}</th>
              <th scope="col">{t.source}</th>
              <th scope="col">{t.since}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((s) => (
              <tr>
                <td>
                  <a href={`/admin/subscribers/${s.id}`}>{s.email}</a>
                </td>
                <td>{s.name ?? ''}</td>
                <td>{t[`status_${s.status}`]}</td>
                <td lang={s.locale}>{LOCALE_INFO[s.locale].nativeName}</td>
                <td>{s.topics.map((topic) => topicLabel(pub, topic)).join(', ')}</td>
                <td>{t[`source_${s.consentSource}`]}</td>
                <td>{formatDateTime(s.createdAt, locale, props.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <Pagination locale={locale} page={props.page} totalPages={props.totalPages} hrefFor={(p) => `/admin/subscribers${queryString({ ...query, page: p > 1 ? p : undefined })}`} />
    </>
  );
}

export function SubscriberDetail({ locale, timeZone, s, csrfToken, canErase }: { locale: Locale; timeZone: string; s: Subscriber; csrfToken: string; canErase: boolean }) {
  const t = subscribersAdminMessages[locale];
  const pub = subscribersMessages[locale];
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, timeZone) : '—');
  return (
    <>
      <header class="page-header">
        <h1>{s.email}</h1>
        <p>
          <a href="/admin/subscribers">{t.back}</a>
        </p>
      </header>
      <dl class="item-meta">
        <div><dt>{t.name}</dt><dd>{s.name ?? '—'}</dd></div>
        <div><dt>{t.status}</dt><dd>{t[`status_${s.status}`]}</dd></div>
        <div><dt>{t.language}</dt><dd>{LOCALE_INFO[s.locale].nativeName}</dd></div>
        <div><dt>{t.topics}</dt><dd>{s.topics.map((topic) => topicLabel(pub, topic)).join(', ') || '—'}</dd></div>
        <div><dt>{t.source}</dt><dd>{t[`source_${s.consentSource}`]}</dd></div>
        <div><dt>{t.sourceNote}</dt><dd>{s.sourceNote ?? '—'}</dd></div>
        <div><dt>{t.consentedAt}</dt><dd>{when(s.consentedAt)}</dd></div>
        <div><dt>{t.createdAt}</dt><dd>{when(s.createdAt)}</dd></div>
        <div><dt>{t.unsubscribedAt}</dt><dd>{when(s.unsubscribedAt)}</dd></div>
      </dl>
      {canErase && (
        <section class="danger-zone">
          <h2>{t.eraseTitle}</h2>
          <p>{t.eraseLead}</p>
          <form method="post" action={`/admin/subscribers/${s.id}/erase`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit">{t.eraseButton}</button>
          </form>
        </section>
      )}
    </>
  );
}

export interface ImportFormValues {
  sourceNote: string;
  defaultLocale: string;
  consented: boolean;
}

export function ImportPage(props: {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  values: ImportFormValues;
  errors: Partial<Record<'sourceNote' | 'file', 'sourceRequired' | 'sourceTooLong' | 'sourceInvalid' | 'fileRequired' | 'fileTooLarge'>>;
  problems: ImportProblem[];
  summary?: ImportSummary | undefined;
}) {
  const { locale, values, errors } = props;
  const t = subscribersAdminMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.importTitle}</h1>
        <p>{t.importLead}</p>
        <p>
          <a href="/admin/subscribers">{t.back}</a>
        </p>
      </header>
      {props.summary && (
        <div class="notice notice--success" role="status">
          <p>{t.imported(n(props.summary.added, locale), n(props.summary.active, locale), n(props.summary.pending, locale))}</p>
          <p>{t.skipped(n(props.summary.skippedExisting, locale), n(props.summary.skippedErased, locale))}</p>
        </div>
      )}
      {props.problems.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{t.importRefused}</p>
          <ul class="import-problems">
            {props.problems.map((p) => (
              <li>{p.line ? `${t.line(n(p.line, locale))}: ${t[`problem_${p.problem}`]}` : t[`problem_${p.problem}`]}</li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="field">
          <label for="imp-file">{t.file}</label>
          <input type="file" id="imp-file" name="file" accept=".csv,text/csv" required />
          {errors.file && <p class="field-error">{t[errors.file]}</p>}
        </div>
        <div class="field">
          <label for="imp-source">{t.sourceNote}</label>
          <input type="text" id="imp-source" name="sourceNote" value={values.sourceNote} maxLength={300} required aria-describedby="imp-source-help" />
          <p class="field-help" id="imp-source-help">{t.sourceNoteHelp}</p>
          {errors.sourceNote && <p class="field-error">{t[errors.sourceNote]}</p>}
        </div>
        <div class="field">
          <label for="imp-locale">{t.defaultLanguage}</label>
          <select id="imp-locale" name="defaultLocale">
            {props.locales.map((l) => (
              <option value={l} selected={values.defaultLocale === l}>
                {LOCALE_INFO[l].nativeName}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="imp-consented" name="consented" value="1" checked={values.consented} aria-describedby="imp-consented-help" />
          <label for="imp-consented">{t.consented}</label>
          <p class="field-help" id="imp-consented-help">{t.consentedHelp}</p>
        </div>
        <button type="submit">{t.importButton}</button>
      </form>
    </>
  );
}

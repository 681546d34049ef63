import type { Locale } from '../../i18n/locales.js';
import { adminMessages } from '../admin/admin.messages.js';
import type { RedirectFormValues } from './redirect-form.js';
import { redirectsMessages, type RedirectErrorKey } from './redirects.messages.js';
import { REDIRECTS_PER_PAGE, type RedirectRow } from './redirects.repository.js';

interface ListProps {
  locale: Locale;
  rows: RedirectRow[];
  total: number;
  page: number;
  q: string;
  notice?: string | undefined;
}

const pageHref = (q: string, page: number) => `/admin/redirects?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;

export function RedirectsPage({ locale, rows, total, page, q, notice }: ListProps) {
  const t = redirectsMessages[locale];
  const pages = Math.max(1, Math.ceil(total / REDIRECTS_PER_PAGE));
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
      </header>
      {notice && <p class="notice" role="status">{notice}</p>}
      <p>
        <a class="button" href="/admin/redirects/new">{t.add}</a>
      </p>
      <form method="get" action="/admin/redirects" class="filter-form">
        <label>
          {t.filter} <input type="search" name="q" value={q} maxLength={200} />
        </label>{' '}
        <button type="submit">{t.filter}</button>
      </form>
      <p>{t.count(total)}</p>
      {rows.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.from}</th>
              <th scope="col">{t.to}</th>
              <th scope="col">{t.origin}</th>
              <th scope="col"><span class="visually-hidden">{t.edit}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td><code>{r.fromPath}</code></td>
                <td><code>{r.toPath}</code></td>
                <td>{r.origin === 'import' ? t.originImport : t.originEditor}</td>
                <td>
                  <a href={`/admin/redirects/${r.id}/edit`} aria-label={t.editLabel(r.fromPath)}>{t.edit}</a>{' '}
                  <a href={`/admin/redirects/${r.id}/delete`} aria-label={t.deleteLabel(r.fromPath)}>{adminMessages[locale].delete}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager">
        {page > 1 && <a href={pageHref(q, page - 1)}>{t.previous}</a>} {page < pages && <a href={pageHref(q, page + 1)}>{t.next}</a>}
      </nav>
    </>
  );
}

interface FormProps {
  locale: Locale;
  csrfToken: string;
  id?: number | undefined;
  values: RedirectFormValues;
  errors: Partial<Record<keyof RedirectFormValues, RedirectErrorKey>>;
}

export function RedirectFormPage({ locale, csrfToken, id, values, errors }: FormProps) {
  const t = redirectsMessages[locale];
  const a = adminMessages[locale];
  const field = (name: keyof RedirectFormValues, label: string, hint: string) => (
    <p class={errors[name] ? 'field field--error' : 'field'}>
      <label for={`redirect-${name}`}>{label}</label>
      <span class="hint" id={`redirect-${name}-hint`}>{hint}</span>
      {errors[name] && <span class="field-error" id={`redirect-${name}-error`}>{t[errors[name]!]}</span>}
      <input
        id={`redirect-${name}`}
        name={name}
        value={values[name]}
        required
        maxLength={1000}
        aria-describedby={`redirect-${name}-hint${errors[name] ? ` redirect-${name}-error` : ''}`}
        aria-invalid={errors[name] ? 'true' : undefined}
      />
    </p>
  );
  return (
    <>
      <h1>{id === undefined ? t.add : t.editTitle}</h1>
      {Object.keys(errors).length > 0 && <p class="error-summary" role="alert">{a.errorSummary}</p>}
      <form method="post" action={id === undefined ? '/admin/redirects/new' : `/admin/redirects/${id}/edit`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {field('from', t.from, t.fromHint)}
        {field('to', t.to, t.toHint)}
        <p>
          <button type="submit">{a.save}</button> <a href="/admin/redirects">{a.cancel}</a>
        </p>
      </form>
    </>
  );
}

export function DeleteRedirectPage({ locale, csrfToken, redirect }: { locale: Locale; csrfToken: string; redirect: RedirectRow }) {
  const t = redirectsMessages[locale];
  const a = adminMessages[locale];
  return (
    <>
      <h1>{t.deleteTitle}</h1>
      <p>
        <code>{redirect.fromPath}</code> → <code>{redirect.toPath}</code>
      </p>
      <p>{t.deleteExplain(redirect.fromPath)}</p>
      <form method="post" action={`/admin/redirects/${redirect.id}/delete`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit">{a.delete}</button> <a href="/admin/redirects">{a.cancel}</a>
      </form>
    </>
  );
}

import { formatNumber, formatYear } from '../../i18n/format.js';
import { formatCaseDate } from './case-dates.js';
import type { Locale } from '../../i18n/locales.js';
import { Csrf, FormProblems, SelectField, TextArea, TextField, type FormState } from './case-form-controls.js';
import type { Lookups } from './case-page.presenter.js';
import { casesMessages } from './cases.messages.js';
import type { CaseListRow } from './cases.repository.js';
import { CASE_STATUSES } from './cases.tables.js';

export interface ListFilterValues {
  status?: string;
  province?: string;
  year?: string;
  actType?: string;
  q?: string;
}

export function filterQuery(f: ListFilterValues, page?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, String(v));
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface ListProps {
  locale: Locale;
  rows: CaseListRow[];
  total: number;
  page: number;
  pages: number;
  filter: ListFilterValues;
  years: number[];
  lookups: Lookups;
  canCreate: boolean;
  canExport: boolean;
  notice?: string;
}

export function CaseList({ locale, rows, total, page, pages, filter, years, lookups, canCreate, canExport, notice }: ListProps) {
  const t = casesMessages[locale];
  const actTypes = lookups.terms.act_type ?? [];
  return (
    <>
      <div class="page-header">
        <h1>{t.casesTitle}</h1>
        {canCreate && (
          <a class="button" href="/admin/cases/new">
            {t.newCase}
          </a>
        )}
        <p class="lead">{t.casesLead}</p>
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form method="get" action="/admin/cases" class="case-filters">
        <div class="field">
          <label for="f-status">{t.status}</label>
          <select id="f-status" name="status">
            <option value="">{t.all}</option>
            {CASE_STATUSES.map((s) => (
              <option value={s} selected={filter.status === s}>
                {t[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-province">{t.province}</label>
          <select id="f-province" name="province">
            <option value="">{t.all}</option>
            {lookups.provinces.map((p) => (
              <option value={String(p.id)} selected={filter.province === String(p.id)}>
                {lookups.placeLabel(p.id)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-year">{t.year}</label>
          <select id="f-year" name="year">
            <option value="">{t.all}</option>
            {years.map((y) => (
              <option value={String(y)} selected={filter.year === String(y)}>
                {formatYear(y, locale)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-act">{t.actType}</label>
          <select id="f-act" name="actType">
            <option value="">{t.all}</option>
            {actTypes.map((a) => (
              <option value={String(a.id)} selected={filter.actType === String(a.id)}>
                {a.parentId ? `– ${lookups.label(a.id)}` : lookups.label(a.id)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-q">{t.searchReference}</label>
          <input id="f-q" name="q" type="search" value={filter.q ?? ''} maxLength={40} />
        </div>
        <button type="submit">{t.filter}</button>
        <a href="/admin/cases">{t.clearFilters}</a>
      </form>
      <p>
        {t.caseCount(total, formatNumber(total, locale))}
        {canExport && (
          <>
            {' · '}
            <a href={`/admin/cases/export.csv${filterQuery(filter)}`} download>
              {t.exportCsv}
            </a>
          </>
        )}
      </p>
      {rows.length === 0 ? (
        <p>{t.noCases}</p>
      ) : (
        <table class="admin-table case-table">
          <thead>
            <tr>
              <th scope="col">{t.reference}</th>
              <th scope="col">{t.title}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.firstEvent}</th>
              <th scope="col">{t.provinces}</th>
              <th scope="col">{t.actTypes}</th>
              <th scope="col">{t.victimsCount}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/cases/${r.id}`}>
                    <code>{r.reference}</code>
                  </a>
                </td>
                <td>{r.title ?? '—'}</td>
                <td>
                  <span class={`badge badge--case-${r.status}`}>{t[`status_${r.status}`]}</span>
                </td>
                <td>{r.firstEventOn ? formatCaseDate(r.firstEventOn, r.firstEventAccuracy ?? 'day', locale) : '—'}</td>
                <td>{r.provinceIds.map((id) => lookups.placeLabel(id)).join(', ') || '—'}</td>
                <td>{r.actTypeIds.map((id) => lookups.label(id)).join(', ') || '—'}</td>
                <td>{formatNumber(r.victimCount, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t.pageOf(formatNumber(page, locale), formatNumber(pages, locale))}>
          {page > 1 && <a href={`/admin/cases${filterQuery(filter, page - 1)}`}>{t.previous}</a>}
          <span>{t.pageOf(formatNumber(page, locale), formatNumber(pages, locale))}</span>
          {page < pages && <a href={`/admin/cases${filterQuery(filter, page + 1)}`}>{t.next}</a>}
        </nav>
      )}
    </>
  );
}

/** The fields of the case itself, for a new case and on the case page. */
export function CaseFields({ locale, form, prefix }: { locale: Locale; form: FormState; prefix: string }) {
  const t = casesMessages[locale];
  return (
    <>
      <TextField locale={locale} form={form} prefix={prefix} name="title" label={t.title} hint={t.titleHint} required maxLength={300} />
      <TextArea locale={locale} form={form} prefix={prefix} name="summary" label={t.summary} rows={5} />
      <SelectField locale={locale} form={form} prefix={prefix} name="status" label={t.status} options={CASE_STATUSES.map((s) => ({ value: s, label: t[`status_${s}`] }))} />
      <TextField locale={locale} form={form} prefix={prefix} name="openedOn" label={t.openedOn} hint={t.dateHint} required maxLength={10} />
      <TextField locale={locale} form={form} prefix={prefix} name="closedOn" label={t.closedOn} hint={t.dateHint} maxLength={10} />
    </>
  );
}

export function NewCaseForm({ locale, csrfToken, form }: { locale: Locale; csrfToken: string; form: FormState }) {
  const t = casesMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.newCase}</h1>
      <FormProblems locale={locale} form={form} />
      <form method="post" action="/admin/cases/new" novalidate>
        <Csrf token={csrfToken} />
        <CaseFields locale={locale} form={form} prefix="new" />
        <button type="submit">{t.createCase}</button>
      </form>
    </section>
  );
}

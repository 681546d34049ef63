import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { uprAdminMessages } from './upr.admin.messages.js';
import { labelOf } from './upr.messages.js';
import type { AssessmentView, RecommendationView } from './upr.presenter.js';
import type { Cycle } from './upr.repository.js';
import { ASSESSMENT_STATUSES } from './upr.tables.js';

type AdminMessages = (typeof uprAdminMessages)[Locale];
export type CycleField = 'number' | 'session' | 'sessionDate' | 'received' | 'accepted' | 'noted' | 'recommendingStates';
export type CycleErrorKey = 'errorCycle' | 'errorSessionDate' | 'errorNumber' | 'errorTotals';
export type AssessField = 'status' | 'assessedOn' | 'noteEn' | 'noteKm' | 'links';
export type AssessErrorKey = 'errorStatus' | 'errorDate' | 'errorNote' | 'errorLinks';

function Field(props: { id: string; label: string; name: string; value: string; error?: string | undefined; type?: 'text' | 'number' | 'date'; multiline?: boolean }) {
  const { id, label, name, value, error, type, multiline } = props;
  return (
    <div class={`form-field${error ? ' form-field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {error && (
        <p class="form-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {multiline ? (
        <textarea id={id} name={name} rows={4} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          {value}
        </textarea>
      ) : (
        <input {...({ type: type ?? 'text' } as { type: 'text' })} id={id} name={name} value={value} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      )}
    </div>
  );
}

export interface UprAdminProps {
  locale: Locale;
  csrfToken: string;
  cycles: Array<Cycle & { entered: number }>;
  items: RecommendationView[];
  notice?: string | undefined;
  problems?: string[];
  importError?: string | undefined;
  cycleValues: Record<CycleField, string>;
  cycleErrors: Partial<Record<CycleField, CycleErrorKey>>;
}

export function UprAdminPage(props: UprAdminProps) {
  const { locale, csrfToken, cycles, items, notice, problems, importError, cycleValues, cycleErrors } = props;
  const t = uprAdminMessages[locale];
  const cycleError = (f: CycleField) => (cycleErrors[f] ? t[cycleErrors[f]!] : undefined);
  return (
    <div class="upr-admin">
      <h1>{t.title}</h1>
      {notice && (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="upr-import">
        <h2 id="upr-import">{t.importTitle}</h2>
        <p>{t.importHelp}</p>
        {problems && problems.length > 0 && (
          <div class="notice notice--error" role="alert">
            <p>{t.nothingImported}</p>
            <ul class="upr-problems">
              {problems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <form method="post" action="/admin/upr/import" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <div class={`form-field${importError ? ' form-field--invalid' : ''}`}>
            <label for="upr-file">{t.file}</label>
            {importError && <p class="form-field__error">{importError}</p>}
            <input id="upr-file" type="file" name="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit">{t.import}</button>
        </form>
      </section>
      <section aria-labelledby="upr-cycles">
        <h2 id="upr-cycles">{t.cyclesTitle}</h2>
        <p>{t.cycleHelp}</p>
        {cycles.length > 0 && (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.cycleNumber}</th>
                <th scope="col">{t.sessionDate}</th>
                <th scope="col">{t.received}</th>
                <th scope="col">{t.accepted}</th>
                <th scope="col">{t.noted}</th>
                <th scope="col">{t.recommendingStates}</th>
                <th scope="col">{t.entered}</th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((c) => (
                <tr>
                  <td>{formatNumber(c.number, locale)}</td>
                  <td>{c.sessionDate ? formatDate(c.sessionDate, locale, 'UTC') : '—'}</td>
                  <td>{c.received ?? '—'}</td>
                  <td>{c.accepted ?? '—'}</td>
                  <td>{c.noted ?? '—'}</td>
                  <td>{c.recommendingStates ?? '—'}</td>
                  <td>{formatNumber(c.entered, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/admin/upr/cycles" class="admin-form" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field id="cycle-number" label={t.cycleNumber} name="number" value={cycleValues.number} error={cycleError('number')} type="number" />
          <Field id="cycle-session" label={t.session} name="session" value={cycleValues.session} />
          <Field id="cycle-date" label={t.sessionDate} name="sessionDate" value={cycleValues.sessionDate} error={cycleError('sessionDate')} type="date" />
          <Field id="cycle-received" label={t.received} name="received" value={cycleValues.received} error={cycleError('received')} type="number" />
          <Field id="cycle-accepted" label={t.accepted} name="accepted" value={cycleValues.accepted} error={cycleError('accepted')} type="number" />
          <Field id="cycle-noted" label={t.noted} name="noted" value={cycleValues.noted} error={cycleError('noted')} type="number" />
          <Field id="cycle-states" label={t.recommendingStates} name="recommendingStates" value={cycleValues.recommendingStates} error={cycleError('recommendingStates')} type="number" />
          <button type="submit">{t.saveCycle}</button>
        </form>
      </section>
      <section aria-labelledby="upr-list">
        <h2 id="upr-list">{t.listTitle}</h2>
        {items.length === 0 ? (
          <p>{t.noRecommendations}</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.cycleNumber}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.status}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr>
                  <td>{formatNumber(item.cycle, locale)}</td>
                  <td lang="en">{item.state}</td>
                  <td>{item.status}</td>
                  <td>
                    <a href={`/admin/upr/${item.id}`}>{t.assess}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export interface AssessPageProps {
  locale: Locale;
  csrfToken: string;
  item: RecommendationView;
  assessments: AssessmentView[];
  notice?: string | undefined;
  values: Record<AssessField, string>;
  errors: Partial<Record<AssessField, AssessErrorKey>>;
}

export function AssessPage({ locale, csrfToken, item, assessments, notice, values, errors }: AssessPageProps) {
  const t: AdminMessages = uprAdminMessages[locale];
  const error = (f: AssessField) => (errors[f] ? t[errors[f]!] : undefined);
  return (
    <div class="upr-admin">
      <p>
        <a href="/admin/upr">{t.title}</a>
      </p>
      <h1>{t.assessTitle}</h1>
      {notice && (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      )}
      <blockquote lang={item.textLocale}>
        <p>{item.text}</p>
      </blockquote>
      <p>
        <span lang="en">{item.state}</span> · {item.response} · {item.status}
      </p>
      {Object.keys(errors).length > 0 && (
        <p class="notice notice--error" role="alert">
          {t.errorSummary}
        </p>
      )}
      <form method="post" action={`/admin/upr/${item.id}/assessments`} class="admin-form" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div class={`form-field${errors.status ? ' form-field--invalid' : ''}`}>
          <label for="assess-status">{t.assessmentStatus}</label>
          {errors.status && <p class="form-field__error">{t[errors.status]}</p>}
          <select id="assess-status" name="status">
            <option value="" />
            {ASSESSMENT_STATUSES.map((s) => (
              <option value={s} selected={values.status === s}>
                {labelOf('status', s, locale)}
              </option>
            ))}
          </select>
        </div>
        <Field id="assess-date" label={t.assessedOn} name="assessedOn" value={values.assessedOn} error={error('assessedOn')} type="date" />
        <Field id="assess-note-en" label={t.noteEn} name="noteEn" value={values.noteEn} error={error('noteEn')} multiline />
        <Field id="assess-note-km" label={t.noteKm} name="noteKm" value={values.noteKm} multiline />
        <Field id="assess-links" label={t.links} name="links" value={values.links} error={error('links')} multiline />
        <button type="submit">{t.save}</button>
      </form>
      {assessments.length > 0 && (
        <section aria-labelledby="upr-admin-history">
          <h2 id="upr-admin-history">{t.history}</h2>
          <ul>
            {assessments.map((a) => (
              <li>
                {formatDate(a.assessedOn, locale, 'UTC')}: {a.status}
                {a.note && <span lang={a.noteLocale}> — {a.note}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

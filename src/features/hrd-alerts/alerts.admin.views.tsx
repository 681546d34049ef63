import type { ComponentChildren } from 'preact';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { Csrf } from '../accounts/accounts.views.js';
import type { CaseForAlert } from '../hrd-cases/cases.repository.js';
import { CASE_STATUSES, type CaseStatus } from '../hrd-cases/cases.tables.js';
import { alertDoneMessages, alertFormErrors, alertsAdminMessages, victimKindLabels, type AlertDone } from './alerts.admin.messages.js';
import type { FormErrors, FormValues } from './alerts.form.js';
import { caseProvinceIds, caseTermIds, eventField, initialsOf, MAX_LABEL, MAX_TITLE, victimField } from './alerts.form.js';
import { caseStatusLabels } from './alerts.messages.js';
import { alertPath, formatAlertDate, labelIn } from './alerts.presenter.js';
import type { AlertRecord, LabelRow } from './alerts.repository.js';

function ErrorText({ locale, errors, name }: { locale: Locale; errors: FormErrors; name: string }) {
  const error = errors[name];
  return error ? (
    <p class="field__error" id={`field-${name}-error`}>
      {alertFormErrors[locale][error]}
    </p>
  ) : null;
}

function Checkbox({ name, values, children }: { name: string; values: FormValues; children: ComponentChildren }) {
  return (
    <div class="field field--checkbox">
      <input type="checkbox" id={`field-${name}`} name={name} value="1" checked={values[name] === '1'} />
      <label for={`field-${name}`}>{children}</label>
    </div>
  );
}

function TextField(p: { locale: Locale; name: string; label: string; values: FormValues; errors: FormErrors; textarea?: boolean; maxLength?: number; hint?: string; lang?: string }) {
  const id = `field-${p.name}`;
  const error = p.errors[p.name];
  const common = { id, name: p.name, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? `${id}-error` : undefined, lang: p.lang };
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint && <p class="field__hint">{p.hint}</p>}
      <ErrorText locale={p.locale} errors={p.errors} name={p.name} />
      {p.textarea ? <textarea rows={8} {...common}>{p.values[p.name] ?? ''}</textarea> : <input type="text" maxLength={p.maxLength} value={p.values[p.name] ?? ''} {...common} />}
    </div>
  );
}

function StatusSelect({ locale, values, errors }: { locale: Locale; values: FormValues; errors: FormErrors }) {
  const t = alertsAdminMessages[locale];
  return (
    <div class="field">
      <label for="field-status">{t.caseStatus}</label>
      <ErrorText locale={locale} errors={errors} name="status" />
      <select id="field-status" name="status">
        {CASE_STATUSES.map((s) => (
          <option value={s} selected={values.status === s}>
            {caseStatusLabels[locale][s as CaseStatus]}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextsFieldset({ locale, locales, values, errors, prefix = '' }: { locale: Locale; locales: readonly Locale[]; values: FormValues; errors: FormErrors; prefix?: string }) {
  const t = alertsAdminMessages[locale];
  return (
    <fieldset>
      <legend>{t.textsLegend}</legend>
      <p class="field__hint">{t.textsHelp}</p>
      <ErrorText locale={locale} errors={errors} name={`${prefix}texts`} />
      {locales.map((l) => (
        <>
          <TextField locale={locale} name={`title_${l}`} label={t.titleIn(LOCALE_INFO[l].nativeName)} values={values} errors={errors} maxLength={MAX_TITLE} lang={l} />
          <TextField locale={locale} name={`summary_${l}`} label={t.summaryIn(LOCALE_INFO[l].nativeName)} hint={t.summaryHelp} values={values} errors={errors} textarea lang={l} />
        </>
      ))}
    </fieldset>
  );
}

export function AlertsAdminList({ locale, alerts, notFound, done }: { locale: Locale; alerts: AlertRecord[]; notFound: boolean; done: AlertDone | undefined }) {
  const t = alertsAdminMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
      </header>
      {done && (
        <p class="notice" role="status">
          {alertDoneMessages[locale][done]}
        </p>
      )}
      <form method="get" action="/admin/hrd-alerts/new" class="inline-form">
        <label for="field-reference">{t.caseReference}</label> <input type="text" id="field-reference" name="reference" maxLength={40} required />{' '}
        <button type="submit">{t.open}</button>
        {notFound && (
          <p class="field__error" role="alert">
            {t.caseNotFound}
          </p>
        )}
      </form>
      {alerts.length === 0 ? (
        <p class="notice">{t.none}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th>{t.alertTitle}</th>
              <th>{t.status}</th>
              <th>{t.published}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => {
              const text = pickTranslation(a.translations, locale, [locale, ...SUPPORTED_LOCALES]);
              return (
                <tr>
                  <td lang={text?.locale}>
                    <a href={`/admin/hrd-alerts/${a.id}`}>{text?.value.title ?? a.slug}</a>
                  </td>
                  <td>{a.status === 'withdrawn' ? t.withdrawn : t.live}</td>
                  <td>{formatDate(a.publishedAt, locale, 'UTC')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

interface PublishFormProps {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  record: CaseForAlert;
  labels: { places: Map<number, LabelRow>; terms: Map<number, LabelRow> };
  values: FormValues;
  errors: FormErrors;
}

/** The publish form. Sealed values appear here, to the monitor only, beside the box that would copy them. */
export function PublishForm({ locale, locales, csrfToken, record, labels, values, errors }: PublishFormProps) {
  const t = alertsAdminMessages[locale];
  const term = (id: number) => (labels.terms.get(id) ? labelIn(labels.terms.get(id)!, locale) : String(id));
  const place = (id: number) => (labels.places.get(id) ? labelIn(labels.places.get(id)!, locale) : String(id));
  const { actTypeIds, perpetratorTypeIds } = caseTermIds(record);
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <section class="admin-form hrd-alert-form">
      <header class="page-header">
        <h1>{t.publishTitle(record.reference)}</h1>
        <p class="lead">{t.publishIntro}</p>
      </header>
      {hasErrors && (
        <p class="notice notice--error" role="alert">
          {alertFormErrors[locale][Object.values(errors)[0]!]}
        </p>
      )}
      <form method="post" action={`/admin/hrd-alerts/new?case=${record.id}`} novalidate>
        <Csrf token={csrfToken} />
        {/* The version the choices below were made for, and this form's one-time key. */}
        <input type="hidden" name="version" value={String(record.version)} />
        <input type="hidden" name="submission" value={values.submission ?? ''} />
        <TextsFieldset locale={locale} locales={locales} values={values} errors={errors} />
        <fieldset>
          <legend>{t.victimsLegend}</legend>
          {record.victims.map((v, i) => {
            const name = (part: Parameters<typeof victimField>[1]) => victimField(v.id, part);
            return (
              <fieldset class="hrd-alert-form__victim">
                <legend>
                  {t.victimN(formatNumber(i + 1, locale))} ({victimKindLabels[locale][v.kind]}): {v.name}
                </legend>
                <Checkbox name={name('include')} values={values}>
                  {t.includeVictim}
                </Checkbox>
                <div class="field" role="radiogroup" aria-label={t.labelMode}>
                  <p>{t.labelMode}</p>
                  <ErrorText locale={locale} errors={errors} name={name('mode')} />
                  {(['pseudonym', 'initials', 'name'] as const).map((mode) => (
                    <div class="field--checkbox">
                      <input type="radio" id={`field-${name('mode')}-${mode}`} name={name('mode')} value={mode} checked={(values[name('mode')] ?? 'pseudonym') === mode} />
                      <label for={`field-${name('mode')}-${mode}`}>{mode === 'initials' ? t.initials(initialsOf(v.name)) : mode === 'pseudonym' ? t.pseudonym : t.fullName}</label>
                    </div>
                  ))}
                </div>
                <TextField locale={locale} name={name('label')} label={t.label} values={values} errors={errors} maxLength={MAX_LABEL} />
                <Checkbox name={name('profile')} values={values}>
                  {t.publishProfile}
                </Checkbox>
                {v.affiliation && (
                  <Checkbox name={name('affiliation')} values={values}>
                    {t.publishAffiliation(v.affiliation)} <small>{t.sealedNote}</small>
                  </Checkbox>
                )}
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>{t.placeLegend}</legend>
          <div class="field">
            <label for="field-province">{t.province}</label>
            <ErrorText locale={locale} errors={errors} name="province" />
            <select id="field-province" name="province">
              <option value="">{t.noProvince}</option>
              {caseProvinceIds(record).map((id) => (
                <option value={String(id)} selected={values.province === String(id)}>
                  {place(id)}
                </option>
              ))}
            </select>
          </div>
          {record.events.some((e) => e.place?.districtId) && (
            <Checkbox name="district" values={values}>
              {t.publishDistrict} <small>{t.sealedNote}</small>
            </Checkbox>
          )}
        </fieldset>
        {record.events.length > 0 && (
          <fieldset>
            <legend>{t.datesLegend}</legend>
            {record.events.map((e) => (
              <Checkbox name={eventField(e.id)} values={values}>
                {formatAlertDate(e.occurredOn, e.dateAccuracy, locale)}
              </Checkbox>
            ))}
          </fieldset>
        )}
        {actTypeIds.length > 0 && (
          <fieldset>
            <legend>{t.actsLegend}</legend>
            {actTypeIds.map((id) => (
              <Checkbox name={`act_${id}`} values={values}>
                {term(id)}
              </Checkbox>
            ))}
          </fieldset>
        )}
        {perpetratorTypeIds.length > 0 && (
          <fieldset>
            <legend>{t.perpetratorsLegend}</legend>
            {perpetratorTypeIds.map((id) => (
              <Checkbox name={`perp_${id}`} values={values}>
                {term(id)}
              </Checkbox>
            ))}
          </fieldset>
        )}
        <StatusSelect locale={locale} values={values} errors={errors} />
        <Checkbox name="notify" values={values}>
          {t.notify}
        </Checkbox>
        <button type="submit">{t.publish}</button>
      </form>
    </section>
  );
}

interface ManageProps {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  alert: AlertRecord;
  done: AlertDone | undefined;
  queued: number | undefined;
  editValues: FormValues;
  editErrors: FormErrors;
  updateValues: FormValues;
  updateErrors: FormErrors;
  withdrawErrors: FormErrors;
}

/** One alert: its public links, its text and status, the timeline's updates, and withdrawal. */
export function ManageAlert(p: ManageProps) {
  const { locale, alert } = p;
  const t = alertsAdminMessages[locale];
  const title = pickTranslation(alert.translations, locale, p.locales)?.value.title ?? alert.slug;
  const live = alert.status === 'published';
  return (
    <section class="admin-form hrd-alert-manage">
      <header class="page-header">
        <h1>{t.manageTitle(title)}</h1>
      </header>
      {p.done && (
        <p class="notice" role="status">
          {alertDoneMessages[locale][p.done]} {p.queued !== undefined && p.queued > 0 && t.queued(formatNumber(p.queued, locale))}
        </p>
      )}
      {live ? (
        <p>
          {p.locales.map((l) => (
            <>
              <a href={`/${l}${alertPath(alert.slug)}`}>{t.viewPublic(LOCALE_INFO[l].nativeName)}</a>{' '}
            </>
          ))}
        </p>
      ) : (
        <p class="notice">{t.withdrawnOn(formatDate(alert.withdrawnAt ?? alert.updatedAt, locale, 'UTC'))}</p>
      )}
      {live && (
        <>
          <form method="post" action={`/admin/hrd-alerts/${alert.id}/edit`} novalidate>
            <h2>{t.editLegend}</h2>
            <Csrf token={p.csrfToken} />
            <TextsFieldset locale={locale} locales={p.locales} values={p.editValues} errors={p.editErrors} />
            <StatusSelect locale={locale} values={p.editValues} errors={p.editErrors} />
            <button type="submit">{t.save}</button>
          </form>
          <form method="post" action={`/admin/hrd-alerts/${alert.id}/updates`} novalidate>
            <h2>{t.updateLegend}</h2>
            <p class="field__hint">{t.updateHelp}</p>
            <Csrf token={p.csrfToken} />
            {alert.updates.length > 0 && (
              <ol class="hrd-alert-manage__updates">
                {alert.updates.map((u) => (
                  <li>
                    {formatDate(u.occurredOn, locale, 'UTC')}: {pickTranslation(u.translations, locale, p.locales)?.value.title}
                  </li>
                ))}
              </ol>
            )}
            <div class="field">
              <label for="field-occurred_on">{t.occurredOn}</label>
              <ErrorText locale={locale} errors={p.updateErrors} name="occurred_on" />
              <input type="date" id="field-occurred_on" name="occurred_on" value={p.updateValues.occurred_on ?? ''} />
            </div>
            <ErrorText locale={locale} errors={p.updateErrors} name="update_texts" />
            {p.locales.map((l) => (
              <>
                <TextField locale={locale} name={`update_title_${l}`} label={t.updateTitleIn(LOCALE_INFO[l].nativeName)} values={p.updateValues} errors={p.updateErrors} maxLength={MAX_TITLE} lang={l} />
                <TextField locale={locale} name={`update_body_${l}`} label={t.updateBodyIn(LOCALE_INFO[l].nativeName)} values={p.updateValues} errors={p.updateErrors} textarea lang={l} />
              </>
            ))}
            <Checkbox name="notify" values={p.updateValues}>
              {t.notify}
            </Checkbox>
            <button type="submit">{t.addUpdate}</button>
          </form>
          <form method="post" action={`/admin/hrd-alerts/${alert.id}/withdraw`} novalidate>
            <h2>{t.withdrawLegend}</h2>
            <p class="field__hint">{t.withdrawHelp}</p>
            <Csrf token={p.csrfToken} />
            <TextField locale={locale} name="reason" label={t.withdrawReason} values={{}} errors={{}} maxLength={500} />
            <ErrorText locale={locale} errors={p.withdrawErrors} name="confirm" />
            <Checkbox name="confirm" values={{}}>
              {t.withdrawConfirm}
            </Checkbox>
            <button type="submit" class="button--danger">
              {t.withdraw}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

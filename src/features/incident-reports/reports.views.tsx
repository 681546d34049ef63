import type { ComponentChildren } from 'preact';
import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { ErrorSummary, GuardFields, type FormProblem } from '../form-guard/form-guard.views.js';
import { MAX_REPORT_FILE_BYTES, MAX_REPORT_FILES } from './report-files.js';
import { reportMessages } from './reports.messages.js';
import type { ReportStatus } from './reports.tables.js';

/*
 * The public report pages. Plain HTML forms (multipart where files go), no script of their own
 * (the quick exit's small file is the layout's), nothing from another site.
 */

export const REPORT_LIMITS = { what: 20_000, detail: 300, name: 200, contact: 300, contactBy: 300, date: 10, passphrase: 200, addText: 20_000 } as const;
export const REPORT_ACCURACIES = ['day', 'month', 'year', 'unknown'] as const;

export interface Option {
  value: string;
  label: string;
}

export interface PlaceChoices {
  provinces: Option[];
  districts: Option[];
  communes: Option[];
  provinceId: number | null;
  districtId: number | null;
  /** The chosen place's names, widest first, for the sentence above the form. */
  chosen: string[];
}

export interface ReportFormState {
  action: string;
  stamp: string;
  values: Partial<Record<string, string>>;
  errors: Partial<Record<string, string>>;
  problems: FormProblem[];
}

const megabytes = (locale: Locale) => formatNumber(MAX_REPORT_FILE_BYTES / 1024 / 1024, locale);

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={`form-field${error ? ' form-field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="form-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="form-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

function Select({ id, name, options, value, blank }: { id: string; name: string; options: Option[]; value: string; blank: string }) {
  return (
    <select id={id} name={name}>
      <option value="">{blank}</option>
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Step one, a GET form: the place narrows province → district → commune without any script. */
function PlaceChooser({ locale, places }: { locale: Locale; places: PlaceChoices }) {
  const t = reportMessages[locale];
  return (
    <section class="report-place" aria-labelledby="report-where">
      <h2 id="report-where">{t.whereTitle}</h2>
      <p>{t.whereIntro}</p>
      <form method="get" action={localePath(locale, '/report')} class="public-form">
        <Field id="place-province" label={t.province}>
          <Select id="place-province" name="province" options={places.provinces} value={String(places.provinceId ?? '')} blank={t.notKnown} />
        </Field>
        {places.provinceId !== null && (
          <Field id="place-district" label={t.district}>
            <Select id="place-district" name="district" options={places.districts} value={String(places.districtId ?? '')} blank={t.notKnown} />
          </Field>
        )}
        <p>
          <button type="submit" class="button button--secondary">
            {places.provinceId === null ? t.showDistricts : t.showCommunes}
          </button>
        </p>
      </form>
    </section>
  );
}

export function ReportPage({ locale, form, places, kinds }: { locale: Locale; form: ReportFormState; places: PlaceChoices; kinds: Option[] }) {
  const t = reportMessages[locale];
  const v = form.values;
  const e = form.errors;
  const accuracy = v.accuracy ?? 'day';
  return (
    <article class="report" lang={locale}>
      <header class="page-header">
        <h1>{t.title}</h1>
      </header>
      <p>{t.intro}</p>
      <p class="public-form__note">{t.noTracking}</p>
      <p>
        <a href={localePath(locale, '/report/follow-up')}>{t.followUpLink}</a>
      </p>
      <PlaceChooser locale={locale} places={places} />
      <section aria-labelledby="report-form-title">
        <h2 id="report-form-title">{t.formTitle}</h2>
        <form class="public-form" method="post" action={form.action} enctype="multipart/form-data" accept-charset="utf-8">
          <ErrorSummary problems={form.problems} locale={locale} />
          <GuardFields stamp={form.stamp} locale={locale} />
          {places.chosen.length > 0 && (
            <p>
              {t.chosenPlace} <strong>{places.chosen.join(', ')}</strong>
            </p>
          )}
          <input type="hidden" name="province" value={String(places.provinceId ?? '')} />
          <input type="hidden" name="district" value={String(places.districtId ?? '')} />
          {places.districtId !== null && (
            <Field id="report-commune" label={t.commune} error={e.commune}>
              <Select id="report-commune" name="commune" options={places.communes} value={v.commune ?? ''} blank={t.notKnown} />
            </Field>
          )}
          <Field id="report-detail" label={t.placeDetail} error={e.detail}>
            <input id="report-detail" name="detail" type="text" maxLength={REPORT_LIMITS.detail} value={v.detail ?? ''} />
          </Field>
          <Field id="report-what" label={`${t.what} *`} hint={t.whatHint} error={e.what}>
            <textarea id="report-what" name="what" rows={10} required maxLength={REPORT_LIMITS.what} aria-describedby="report-what-hint" value={v.what ?? ''} />
          </Field>
          <Field id="report-kind" label={t.kind} error={e.kind}>
            <Select id="report-kind" name="kind" options={kinds} value={v.kind ?? ''} blank={t.kindNone} />
          </Field>
          <fieldset>
            <legend>{t.when}</legend>
            <Field id="report-date" label={t.whenDate} hint={t.whenHint} error={e.date}>
              <input id="report-date" name="date" type="text" inputMode="numeric" maxLength={REPORT_LIMITS.date} aria-describedby="report-date-hint" value={v.date ?? ''} />
            </Field>
            <p class="form-field__label">{t.accuracy}</p>
            {e.accuracy && <p class="form-field__error">{e.accuracy}</p>}
            {REPORT_ACCURACIES.map((a) => (
              <label class="choice">
                <input type="radio" name="accuracy" value={a} checked={accuracy === a} /> {t[`accuracy${a[0]!.toUpperCase()}${a.slice(1)}` as 'accuracyDay']}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t.whoTitle}</legend>
            <p class="public-form__note">{t.whoIntro}</p>
            <Field id="report-name" label={t.name} error={e.name}>
              <input id="report-name" name="name" type="text" autoComplete="off" maxLength={REPORT_LIMITS.name} value={v.name ?? ''} />
            </Field>
            <Field id="report-contact" label={t.contact} error={e.contact}>
              <input id="report-contact" name="contact" type="text" autoComplete="off" maxLength={REPORT_LIMITS.contact} value={v.contact ?? ''} />
            </Field>
            <label class="choice">
              <input type="checkbox" name="mayContact" checked={v.mayContact === 'on'} /> {t.mayContact}
            </label>
            <Field id="report-contactBy" label={t.contactBy} error={e.contactBy}>
              <input id="report-contactBy" name="contactBy" type="text" autoComplete="off" maxLength={REPORT_LIMITS.contactBy} value={v.contactBy ?? ''} />
            </Field>
            <label class="choice">
              <input type="checkbox" name="mayPublish" checked={v.mayPublish === 'on'} /> {t.mayPublish}
            </label>
          </fieldset>
          <Field id="report-files" label={t.filesTitle} hint={t.files(formatNumber(MAX_REPORT_FILES, locale), megabytes(locale))} error={e.files}>
            <input id="report-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf" aria-describedby="report-files-hint" />
          </Field>
          <fieldset>
            <legend>{t.passphraseTitle}</legend>
            <p class="public-form__note">{t.passphraseIntro}</p>
            <Field id="report-passphrase" label={t.passphrase} error={e.passphrase}>
              <input id="report-passphrase" name="passphrase" type="password" autoComplete="new-password" maxLength={REPORT_LIMITS.passphrase} value="" />
            </Field>
          </fieldset>
          <p>
            <button type="submit" class="button">
              {t.send}
            </button>
          </p>
        </form>
      </section>
    </article>
  );
}

/** Shown once, right after the report arrived: the receipt and passphrase, easy to copy or write down. */
export function ReceiptPage({ locale, receipt, passphrase }: { locale: Locale; receipt: string; passphrase: string }) {
  const t = reportMessages[locale];
  return (
    <article class="report-receipt" lang={locale}>
      <header class="page-header">
        <h1>{t.receivedTitle}</h1>
      </header>
      <p class="notice notice--success" role="status">
        {t.receivedIntro}
      </p>
      <p class="notice notice--warning">
        <strong>{t.receiptWarning}</strong>
      </p>
      <dl class="receipt">
        <dt>{t.receiptLabel}</dt>
        <dd>
          <code class="receipt__code" lang="en">
            {receipt}
          </code>
        </dd>
        <dt>{t.passphraseLabel}</dt>
        <dd>
          <code class="receipt__code" lang="en">
            {passphrase}
          </code>
        </dd>
      </dl>
      <p>{t.receiptNext}</p>
      <p>
        <a href={localePath(locale, '/report/follow-up')}>{t.followUpLink}</a>
      </p>
    </article>
  );
}

export function FollowUpPage({ locale, stamp, receipt, problems }: { locale: Locale; stamp: string; receipt: string; problems: FormProblem[] }) {
  const t = reportMessages[locale];
  return (
    <article class="report-follow-up" lang={locale}>
      <header class="page-header">
        <h1>{t.followUpTitle}</h1>
      </header>
      <p>{t.followUpIntro}</p>
      <form class="public-form" method="post" action={localePath(locale, '/report/follow-up')} accept-charset="utf-8">
        <ErrorSummary problems={problems} locale={locale} />
        <GuardFields stamp={stamp} locale={locale} />
        <Field id="follow-up-receipt" label={t.receipt}>
          <input id="follow-up-receipt" name="receipt" type="text" autoComplete="off" autoCapitalize="characters" spellcheck={false} maxLength={40} required value={receipt} />
        </Field>
        <Field id="follow-up-passphrase" label={t.passphraseLabel}>
          <input id="follow-up-passphrase" name="passphrase" type="password" autoComplete="off" maxLength={REPORT_LIMITS.passphrase} required value="" />
        </Field>
        <p>
          <button type="submit" class="button">
            {t.open}
          </button>
        </p>
      </form>
    </article>
  );
}

export interface ReporterView {
  status: ReportStatus;
  receivedOn: string;
  what: string;
  messages: Array<{ author: 'reporter' | 'staff'; body: string; sentOn: string }>;
}

/** The reporter's own report with the replies, and the form to add to it (carrying a signed token). */
export function ReporterThreadPage({ locale, report, token, notice, problems }: { locale: Locale; report: ReporterView; token: string; notice?: string | undefined; problems: FormProblem[] }) {
  const t = reportMessages[locale];
  const date = (d: string) => formatDate(d, locale, 'UTC');
  return (
    <article class="report-thread" lang={locale}>
      <header class="page-header">
        <h1>{t.yourReport}</h1>
      </header>
      {notice && (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      )}
      <p>
        {t.sentOn(date(report.receivedOn))} · {t.statusLabel}: <strong>{t[`status_${report.status}`]}</strong>
      </p>
      <blockquote class="report-thread__what">
        {report.what.split(/\n{2,}/).map((p) => (
          <p style="white-space:pre-wrap">{p}</p>
        ))}
      </blockquote>
      <h2>{t.thread}</h2>
      {report.messages.every((m) => m.author !== 'staff') && <p>{t.noReplies}</p>}
      <ol class="report-thread__messages">
        {report.messages.map((m) => (
          <li class={`report-message report-message--${m.author}`}>
            <p class="report-message__meta">
              <strong>{m.author === 'staff' ? t.fromUs : t.fromYou}</strong> · {date(m.sentOn)}
            </p>
            <p style="white-space:pre-wrap">{m.body}</p>
          </li>
        ))}
      </ol>
      <h2>{t.addTitle}</h2>
      <form class="public-form" method="post" action={localePath(locale, '/report/follow-up/add')} enctype="multipart/form-data" accept-charset="utf-8">
        <ErrorSummary problems={problems} locale={locale} />
        <input type="hidden" name="token" value={token} />
        <Field id="add-text" label={t.addText}>
          <textarea id="add-text" name="text" rows={6} maxLength={REPORT_LIMITS.addText} value="" />
        </Field>
        <Field id="add-files" label={t.filesTitle} hint={t.files(formatNumber(MAX_REPORT_FILES, locale), megabytes(locale))}>
          <input id="add-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf" aria-describedby="add-files-hint" />
        </Field>
        <p>
          <button type="submit" class="button">
            {t.addSend}
          </button>
        </p>
      </form>
      <p>
        <a href={localePath(locale, '/report/follow-up')}>{t.leave}</a>
      </p>
    </article>
  );
}

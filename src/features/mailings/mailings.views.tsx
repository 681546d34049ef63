import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { subscribersMessages, topicLabel } from '../subscribers/subscribers.messages.js';
import { SUBSCRIPTION_TOPICS } from '../subscribers/subscribers.tables.js';
import type { MailingErrors, MailingForm } from './mailing-form.js';
import { mailingsMessages } from './mailings.messages.js';
import type { Mailing, MailingSummary } from './mailings.repository.js';
import type { SendPlan } from './mailings.service.js';

/** Language names as the staff member's interface names them. */
const LANGUAGE_NAMES = defineMessages<Record<Locale, string>>({
  en: { en: 'English', km: 'Khmer' },
  km: { en: 'ភាសាអង់គ្លេស', km: 'ភាសាខ្មែរ' },
});
export const languageName = (of: Locale, ui: Locale) => LANGUAGE_NAMES[ui][of];

const n = (x: number, locale: Locale) => formatNumber(x, locale);

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

export function MailingList({ locale, timeZone, rows, notice }: { locale: Locale; timeZone: string; rows: MailingSummary[]; notice?: string | undefined }) {
  const t = mailingsMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p>
          <a class="button" href="/admin/mailings/new">
            {t.newMailing}
          </a>
        </p>
      </header>
      {notice && (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.subject}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.recipients}</th>
              <th scope="col">{t.updatedAt}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const subjectLocale = (m.subjects[locale] ? locale : (Object.keys(m.subjects)[0] as Locale | undefined)) ?? locale;
              return (
                <tr>
                  <td lang={subjectLocale}>
                    <a href={`/admin/mailings/${m.id}`}>{m.subjects[subjectLocale] ?? `#${m.id}`}</a>
                  </td>
                  <td>{t[`status_${m.status}`]}</td>
                  <td>{m.recipientCount === null ? '—' : n(m.recipientCount, locale)}</td>
                  <td>{formatDateTime(m.sentAt ?? m.updatedAt, locale, timeZone)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

export function MailingFormView(props: {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  action: string;
  form: MailingForm;
  errors: MailingErrors;
}) {
  const { locale, form, errors } = props;
  const t = mailingsMessages[locale];
  const pub = subscribersMessages[locale];
  const message = (key: string) => (errors[key] ? t[errors[key]!] : undefined);
  const aria = (key: string, id: string) => (errors[key] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {});
  return (
    <form method="post" action={props.action} class="mailing-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {Object.keys(errors).length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{t.formHasErrors}</p>
          {errors.languages && <p>{t[errors.languages]}</p>}
        </div>
      )}
      <p>{t.languageHelp}</p>
      {props.locales.map((l) => (
        <fieldset lang={l}>
          <legend lang={locale}>{t.inLanguage(languageName(l, locale))}</legend>
          <div class="field">
            <label for={`m-subject-${l}`} lang={locale}>
              {t.subject}
            </label>
            <input type="text" id={`m-subject-${l}`} name={`subject_${l}`} value={form.texts[l]?.subject ?? ''} maxLength={200} {...aria(`subject_${l}`, `m-subject-${l}`)} />
            <FieldError id={`m-subject-${l}`} message={message(`subject_${l}`)} />
          </div>
          <div class="field">
            <label for={`m-body-${l}`} lang={locale}>
              {t.body}
            </label>
            <textarea id={`m-body-${l}`} name={`body_${l}`} rows={16} data-rich-text="" {...aria(`body_${l}`, `m-body-${l}`)}>
              {form.texts[l]?.body ?? ''}
            </textarea>
            <FieldError id={`m-body-${l}`} message={message(`body_${l}`)} />
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend>{t.segment}</legend>
        <fieldset class="field field--choices">
          <legend>{t.topics}</legend>
          {SUBSCRIPTION_TOPICS.map((topic) => (
            <label>
              <input type="checkbox" name="topics" value={topic} checked={form.topics.includes(topic)} /> {topicLabel(pub, topic)}
            </label>
          ))}
          <FieldError id="m-topics" message={message('topics')} />
        </fieldset>
        <div class="field">
          <label for="m-segment-locale">{t.segmentLocale}</label>
          <select id="m-segment-locale" name="segmentLocale">
            <option value="all" selected={form.segmentLocale === 'all'}>
              {t.allLanguages}
            </option>
            {props.locales.map((l) => (
              <option value={l} selected={form.segmentLocale === l}>
                {languageName(l, locale)}
              </option>
            ))}
          </select>
          <FieldError id="m-segment-locale" message={message('segmentLocale')} />
        </div>
      </fieldset>
      <div class="editor-form__actions">
        <button type="submit">{t.save}</button>
        <button type="submit" name="addRecent" value="1" class="button--secondary">
          {t.addRecent}
        </button>
      </div>
    </form>
  );
}

/** Preview links, a test to oneself and the way to the send step, beside a saved draft. */
export function MailingActions({ locale, locales, m, csrfToken, email }: { locale: Locale; locales: readonly Locale[]; m: Mailing; csrfToken: string; email: string }) {
  const t = mailingsMessages[locale];
  const written = locales.filter((l) => m.translations[l]);
  return (
    <section class="mailing-actions">
      <ul class="section-nav">
        {written.map((l) => (
          <li>
            <a href={`/admin/mailings/${m.id}/preview/${l}`} target="_blank" rel="noopener">
              {t.preview(languageName(l, locale))}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action={`/admin/mailings/${m.id}/test`} class="inline-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>{t.testSendHelp(email)}</p>
        <label for="m-test-locale" class="visually-hidden">
          {subscribersMessages[locale].language}
        </label>
        <select id="m-test-locale" name="locale">
          {written.map((l) => (
            <option value={l}>{languageName(l, locale)}</option>
          ))}
        </select>
        <button type="submit" class="button--secondary">
          {t.testSend}
        </button>
      </form>
      {m.status === 'draft' && (
        <p>
          <a class="button" href={`/admin/mailings/${m.id}/send`}>
            {t.sendStep}
          </a>
        </p>
      )}
      {m.status === 'draft' && (
        <form method="post" action={`/admin/mailings/${m.id}/delete`} class="inline-form">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="button--secondary">
            {t.deleteDraft}
          </button>
        </form>
      )}
    </section>
  );
}

export function SentSummary({ locale, timeZone, m }: { locale: Locale; timeZone: string; m: Mailing }) {
  const t = mailingsMessages[locale];
  return (
    <dl class="item-meta">
      <div>
        <dt>{t.status}</dt>
        <dd>{t[`status_${m.status}`]}</dd>
      </div>
      <div>
        <dt>{t.sentAt}</dt>
        <dd>{m.sentAt ? formatDateTime(m.sentAt, locale, timeZone) : '—'}</dd>
      </div>
      <div>
        <dt>{t.recipients}</dt>
        <dd>{m.recipientCount === null ? '—' : n(m.recipientCount, locale)}</dd>
      </div>
    </dl>
  );
}

export function SendConfirm({ locale, locales, m, plan, csrfToken, changed }: { locale: Locale; locales: readonly Locale[]; m: Mailing; plan: SendPlan; csrfToken: string; changed: boolean }) {
  const t = mailingsMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.sendTitle}</h1>
        <p>
          <a href={`/admin/mailings/${m.id}`}>{t.back}</a>
        </p>
      </header>
      {changed && (
        <p class="notice notice--warning" role="alert">
          {t.sendChanged}
        </p>
      )}
      {plan.total === 0 ? (
        <p class="notice">{t.sendNobody}</p>
      ) : (
        <>
          <p>{t.sendCount(n(plan.total, locale))}</p>
          <ul>
            {locales
              .filter((l) => plan.byLanguage[l])
              .map((l) => (
                <li>{t.sendCountIn(n(plan.byLanguage[l]!, locale), languageName(l, locale))}</li>
              ))}
          </ul>
          {plan.fallbacks > 0 && <p>{t.sendFallback(n(plan.fallbacks, locale), locales.filter((l) => m.translations[l]).map((l) => languageName(l, locale)).join(', '))}</p>}
          <form method="post" action={`/admin/mailings/${m.id}/send`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <input type="hidden" name="expected" value={String(plan.total)} />
            <button type="submit">{t.sendConfirm(n(plan.total, locale))}</button>
          </form>
        </>
      )}
    </>
  );
}

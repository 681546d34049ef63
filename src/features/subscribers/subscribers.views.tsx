import type { ComponentChildren } from 'preact';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { HONEYPOT_FIELD, type SubscribeErrors, type SubscribeForm } from './subscribe-form.js';
import { subscribersMessages, topicLabel } from './subscribers.messages.js';
import { SUBSCRIPTION_TOPICS } from './subscribers.tables.js';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** Left empty by people (they never see it); a bot that fills every field gives itself away. */
function Honeypot({ id }: { id: string }) {
  return (
    <div class="subscribe-form__trap" aria-hidden="true">
      <label for={id}>Website</label>
      <input type="text" id={id} name={HONEYPOT_FIELD} value="" tabIndex={-1} autocomplete="off" />
    </div>
  );
}

const invalid = (id: string, error: unknown) => (error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {});

function LanguageChoice({ locale, locales, value, error }: { locale: Locale; locales: readonly Locale[]; value: string; error?: string | undefined }) {
  const t = subscribersMessages[locale];
  return (
    <fieldset class="subscribe-form__choices" {...invalid('sub-locale', error)}>
      <legend>{t.language}</legend>
      {locales.map((l) => (
        <label lang={l}>
          <input type="radio" name="locale" value={l} checked={value === l} /> {LOCALE_INFO[l].nativeName}
        </label>
      ))}
      <FieldError id="sub-locale" message={error} />
    </fieldset>
  );
}

function TopicChoice({ locale, values, error }: { locale: Locale; values: readonly string[]; error?: string | undefined }) {
  const t = subscribersMessages[locale];
  return (
    <fieldset class="subscribe-form__choices" {...invalid('sub-topics', error)}>
      <legend>{t.topics}</legend>
      {SUBSCRIPTION_TOPICS.map((topic) => (
        <label>
          <input type="checkbox" name="topics" value={topic} checked={values.includes(topic)} /> {topicLabel(t, topic)}
        </label>
      ))}
      <FieldError id="sub-topics" message={error} />
    </fieldset>
  );
}

/** The full subscribe form at /<locale>/subscribe; the same page shows a refused form again. */
export function SubscribePage(props: { locale: Locale; locales: readonly Locale[]; org: string; form: SubscribeForm; errors: SubscribeErrors }) {
  const { locale, locales, form, errors } = props;
  const t = subscribersMessages[locale];
  const message = (key: SubscribeErrors[keyof SubscribeErrors]) => (key ? t[key] : undefined);
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <article class="page subscribe-page">
      <header class="page-header">
        <h1>{t.subscribeTitle}</h1>
        <p class="lead">{t.subscribeLead(props.org)}</p>
      </header>
      {hasErrors && (
        <div class="notice notice--error" role="alert">
          <p>{errors.form ? t[errors.form] : t.formHasErrors}</p>
        </div>
      )}
      <form method="post" action={localePath(locale, '/subscribe')} class="subscribe-form" novalidate>
        <div class="field">
          <label for="sub-email">{t.email}</label>
          <input type="email" id="sub-email" name="email" value={form.email} required maxLength={254} autocomplete="email" {...invalid('sub-email', errors.email)} />
          <FieldError id="sub-email" message={message(errors.email)} />
        </div>
        <div class="field">
          <label for="sub-name">{t.name}</label>
          <input type="text" id="sub-name" name="name" value={form.name} maxLength={100} autocomplete="name" {...invalid('sub-name', errors.name)} />
          <FieldError id="sub-name" message={message(errors.name)} />
        </div>
        <LanguageChoice locale={locale} locales={locales} value={form.locale} error={message(errors.locale)} />
        <TopicChoice locale={locale} values={form.topics} error={message(errors.topics)} />
        <Honeypot id="sub-website" />
        <p class="subscribe-form__note">{t.privacyNote}</p>
        <button type="submit">{t.subscribeButton}</button>
      </form>
    </article>
  );
}

/**
 * The compact form in every page's footer. It carries no per-visitor token, so cached pages
 * stay the same for everyone; the route accepts it as a same-site form (Sec-Fetch-Site/Origin).
 */
export function SubscribeFooterForm({ locale, org }: { locale: Locale; org: string }) {
  const t = subscribersMessages[locale];
  return (
    <section aria-labelledby="footer-subscribe" class="footer-subscribe">
      <h2 id="footer-subscribe">{t.footerTitle(org)}</h2>
      <form method="post" action={localePath(locale, '/subscribe')} class="footer-subscribe__form">
        <label for="footer-subscribe-email">{t.email}</label>
        <div class="footer-subscribe__row">
          <input type="email" id="footer-subscribe-email" name="email" required maxLength={254} autocomplete="email" />
          <input type="hidden" name="locale" value={locale} />
          {SUBSCRIPTION_TOPICS.map((topic) => (
            <input type="hidden" name="topics" value={topic} />
          ))}
          <button type="submit">{t.subscribeButton}</button>
        </div>
        <Honeypot id="footer-subscribe-website" />
      </form>
      <p>
        <a href={localePath(locale, '/subscribe')}>{t.footerMore}</a>
      </p>
    </section>
  );
}

/** A short page with a heading, a paragraph and links: the answers behind the mailed links. */
export function MessagePage({ title, body, children }: { title: string; body: string; children?: ComponentChildren }) {
  return (
    <article class="page subscribe-page">
      <header class="page-header">
        <h1>{title}</h1>
      </header>
      <p class="lead">{body}</p>
      {children}
    </article>
  );
}

/** What the confirmation link opens: a button, so a mail scanner that follows links confirms nothing. */
export function ConfirmPage({ locale, token }: { locale: Locale; token: string }) {
  const t = subscribersMessages[locale];
  return (
    <MessagePage title={t.confirmTitle} body={t.confirmLead}>
      <form method="post" action={`${localePath(locale, '/subscribe/confirm')}?token=${encodeURIComponent(token)}`}>
        <button type="submit">{t.confirmButton}</button>
      </form>
    </MessagePage>
  );
}

export function UnsubscribeConfirmPage({ locale, token }: { locale: Locale; token: string }) {
  const t = subscribersMessages[locale];
  return (
    <MessagePage title={t.unsubscribeConfirmTitle} body={t.unsubscribeLead}>
      <form method="post" action={`${localePath(locale, '/subscribe/unsubscribe')}?token=${encodeURIComponent(token)}`}>
        <button type="submit">{t.unsubscribeButton}</button>
      </form>
    </MessagePage>
  );
}

export function PreferencesPage(props: {
  locale: Locale;
  locales: readonly Locale[];
  token: string;
  email: string;
  status: string;
  form: Pick<SubscribeForm, 'locale' | 'topics'>;
  errors: SubscribeErrors;
  notice?: string | undefined;
}) {
  const { locale, token, form, errors } = props;
  const t = subscribersMessages[locale];
  const query = `?token=${encodeURIComponent(token)}`;
  const message = (key: SubscribeErrors[keyof SubscribeErrors]) => (key ? t[key] : undefined);
  return (
    <article class="page subscribe-page">
      <header class="page-header">
        <h1>{t.preferencesTitle}</h1>
        <p class="lead">{t.preferencesLead(props.email)}</p>
      </header>
      {props.notice && (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{errors.form ? t[errors.form] : t.formHasErrors}</p>
        </div>
      )}
      {props.status === 'unsubscribed' && (
        <p class="notice">
          {t.notSubscribedBody} <a href={localePath(locale, '/subscribe')}>{t.subscribeAgain}</a>
        </p>
      )}
      <form method="post" action={`${localePath(locale, '/subscribe/preferences')}${query}`} class="subscribe-form">
        <LanguageChoice locale={locale} locales={props.locales} value={form.locale} error={message(errors.locale)} />
        <TopicChoice locale={locale} values={form.topics} error={message(errors.topics)} />
        <button type="submit">{t.saveButton}</button>
      </form>
      {props.status !== 'unsubscribed' && (
        <section class="subscribe-page__leave">
          <h2>{t.unsubscribeHeading}</h2>
          <p>{t.unsubscribeLead}</p>
          <form method="post" action={`${localePath(locale, '/subscribe/unsubscribe')}${query}`}>
            <button type="submit" class="button--secondary">
              {t.unsubscribeButton}
            </button>
          </form>
        </section>
      )}
    </article>
  );
}

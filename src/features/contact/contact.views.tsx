import type { JSX } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { ErrorSummary, FormField, FormSentPage, GuardFields, type ControlAttrs, type GuardedFormState } from '../form-guard/form-guard.views.js';
import { formGuardMessages } from '../form-guard/form-guard.messages.js';
import { contactMessages } from './contact.messages.js';

export const CONTACT_FIELDS = ['name', 'email', 'subject', 'message'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const CONTACT_LIMITS: Record<ContactField, number> = { name: 100, email: 254, subject: 200, message: 10_000 };

export type ContactFormState = GuardedFormState<ContactField>;

/** The Contact Us form, under the organisation's details on the contact page. */
export function ContactForm({ locale, form }: { locale: Locale; form: ContactFormState }) {
  const t = contactMessages[locale];
  const g = formGuardMessages[locale];
  const values = form.values ?? {};
  const errors = form.errors ?? {};
  const field = (name: ContactField, render: (attrs: ControlAttrs) => JSX.Element) => (
    <FormField id={`contact-${name}`} name={name} label={t[name]} error={errors[name]} render={render} />
  );
  return (
    <section class="contact-form" id="contact-form" aria-labelledby="contact-form-title" lang={locale}>
      <h2 id="contact-form-title">{t.formTitle}</h2>
      <form class="public-form" method="post" action={form.action} accept-charset="utf-8">
        <ErrorSummary problems={form.problems ?? []} locale={locale} />
        <p class="public-form__note">
          {t.formNote} {g.requiredMark}
        </p>
        <GuardFields stamp={form.stamp} locale={locale} />
        {field('name', (a) => <input {...a} type="text" autoComplete="name" maxLength={CONTACT_LIMITS.name} value={values.name ?? ''} />)}
        {field('email', (a) => <input {...a} type="email" autoComplete="email" maxLength={CONTACT_LIMITS.email} value={values.email ?? ''} />)}
        {field('subject', (a) => <input {...a} type="text" maxLength={CONTACT_LIMITS.subject} value={values.subject ?? ''} />)}
        {field('message', (a) => <textarea {...a} rows={8} maxLength={CONTACT_LIMITS.message} value={values.message ?? ''} />)}
        <p>
          <button type="submit" class="button">
            {t.send}
          </button>
        </p>
      </form>
    </section>
  );
}

export function ContactSentPage({ locale }: { locale: Locale }) {
  const t = contactMessages[locale];
  return <FormSentPage className="contact-sent" title={t.sentTitle} body={t.sentBody} back={{ href: localePath(locale, '/contact'), label: t.backToContact }} />;
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { field } from '../accounts/form-input.js';
import { readEmail, readText, type ReadField } from '../form-guard/form-fields.js';
import { checkSubmission, formGuardKey, GUARD_POLICIES, HONEYPOT_FIELD, recordSubmission, STAMP_FIELD } from '../form-guard/form-guard.js';
import { fieldErrorText, refusalStatus, refusalText, type FormProblem } from '../form-guard/form-guard.views.js';
import { enqueueMail } from '../mail/outbox.js';
import { findPageIntro, introDescription, introTitle } from '../site/page-intro.js';
import { ContactPage } from '../site/site-pages.views.js';
import { siteMessages } from '../site/site.messages.js';
import { CONTACT_FORM_ID, contactFormFor } from './contact.form.js';
import { composeContactMail } from './contact.mail.js';
import { contactMessages } from './contact.messages.js';
import { insertContactMessage } from './contact.repository.js';
import { CONTACT_FIELDS, CONTACT_LIMITS, ContactSentPage, type ContactField, type ContactFormState } from './contact.views.js';

/**
 * Contact Us: the form on the (cached) contact page posts here. Each message is stored and, in
 * the same transaction, queued in the outbox for the organisation's address from the settings.
 */
export async function contactRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const key = formGuardKey(app.config);
  const order = app.config.locales;

  /** The contact page again, with the form's values and what to fix; never cached. */
  async function sendContactPage(reply: FastifyReply, form: ContactFormState, status: number) {
    const [intro, ctx] = await Promise.all([findPageIntro(app.db, 'contact', locale, order), app.siteContexts.get(locale)]);
    reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: introTitle(intro, siteMessages[locale].contactTitle), description: introDescription(intro), path: '/contact', noindex: true }}>
        <ContactPage ctx={ctx} intro={intro} contactForm={form} />
      </Layout>,
      status,
    );
  }

  app.post('/contact', { config: { public: true, csrf: 'same-origin', formProblemsInForm: true } }, async (request, reply) => {
    const body = request.body;
    const read: Record<ContactField, ReadField> = {
      name: readText(body, 'name', { maxLength: CONTACT_LIMITS.name, required: true }),
      email: readEmail(body, 'email'),
      subject: readText(body, 'subject', { maxLength: CONTACT_LIMITS.subject, required: true }),
      message: readText(body, 'message', { maxLength: CONTACT_LIMITS.message, multiline: true, required: true }),
    };
    const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, read[f].value])) as Record<ContactField, string>;
    const errors: Partial<Record<ContactField, string>> = {};
    for (const f of CONTACT_FIELDS) if (read[f].error) errors[f] = fieldErrorText(read[f].error!, locale, CONTACT_LIMITS[f]);
    if (Object.keys(errors).length > 0) {
      const problems: FormProblem[] = CONTACT_FIELDS.filter((f) => errors[f]).map((f) => ({ fieldId: `contact-${f}`, text: errors[f]! }));
      return sendContactPage(reply, { ...contactFormFor(app, locale), values, errors, problems }, 400);
    }

    const verdict = await checkSubmission(app.db, key, {
      form: 'contact',
      target: 'contact',
      formId: CONTACT_FORM_ID,
      stamp: field(body, STAMP_FIELD, 200),
      honeypot: field(body, HONEYPOT_FIELD, 2000),
      ip: request.ip,
      email: values.email,
      text: `${values.subject}\n${values.message}`,
    });
    const sentPath = localePath(locale, '/contact/sent');
    // A bot that filled the honeypot sees what a person would; nothing is stored or sent.
    if (!verdict.ok) {
      if (verdict.reason === 'honeypot') return reply.redirect(sentPath, 303);
      const problems = [{ text: refusalText(verdict.reason, locale, GUARD_POLICIES.contact.maxLinks) }];
      return sendContactPage(reply, { ...contactFormFor(app, locale), values, problems }, refusalStatus(verdict.reason));
    }

    const staffLocale = app.config.defaultLocale;
    const settings = await app.siteContexts.get(staffLocale);
    await app.db.transaction().execute(async (tx) => {
      const message = { locale, ...values };
      const id = await insertContactMessage(tx, message);
      await recordSubmission(tx, verdict.fingerprint);
      // Without an address in the settings the message waits in the admin inbox alone.
      if (settings.email) {
        await enqueueMail(
          tx,
          composeContactMail({
            id,
            to: settings.email,
            message,
            staffLocale,
            brand: settings,
            languageName: webMessages[staffLocale].languageName(locale),
          }),
        );
      }
    });
    return reply.redirect(sentPath, 303);
  });

  app.get('/contact/sent', { config: { public: true } }, async (_request, reply) => {
    const ctx = await app.siteContexts.get(locale);
    reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: contactMessages[locale].sentTitle, path: '/contact', noindex: true }}>
        <ContactSentPage locale={locale} />
      </Layout>,
    );
  });
}

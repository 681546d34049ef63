import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { emailField, textField } from '../form-guard/form-schema.js';
import { answerGuardedForm } from '../form-guard/guarded-form.js';
import { enqueueMail } from '../mail/outbox.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { CONTACT_FORM_ID, contactFormFor } from './contact.form.js';
import { ContactPage } from './contact-page.views.js';
import { composeContactMail } from './contact.mail.js';
import { contactMessages } from './contact.messages.js';
import { insertContactMessage } from './contact.repository.js';
import { CONTACT_LIMITS, ContactSentPage, type ContactFormState } from './contact.views.js';

/** The Contact Us form: what each field takes. */
const contactShape = {
  name: textField({ maxLength: CONTACT_LIMITS.name, required: true }),
  email: emailField(),
  subject: textField({ maxLength: CONTACT_LIMITS.subject, required: true }),
  message: textField({ maxLength: CONTACT_LIMITS.message, multiline: true, required: true }),
};

/**
 * Contact Us: the (cached) contact page, and its form, which posts here. Each message is stored and, in
 * the same transaction, queued in the outbox for the organisation's address from the settings.
 */
export async function contactRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;

  /**
   * The contact page: empty and cached for everyone, or again with the form's values and what
   * to fix (never cached, not indexed).
   */
  async function sendContactPage(reply: FastifyReply, form: ContactFormState, answer?: { status: number }) {
    const [intro, ctx] = await Promise.all([findPageIntro(app.db, 'contact', locale, order), app.siteContexts.get(locale)]);
    const title = introTitle(intro, contactMessages[locale].pageTitle);
    if (answer) reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title, description: introDescription(intro), path: '/contact', ...(answer ? { noindex: true } : {}) }}>
        <ContactPage ctx={ctx} intro={intro} contactForm={form} />
      </Layout>,
      answer?.status ?? 200,
    );
  }

  app.get('/contact', { config: { public: true, pageCache: true } }, async (_request, reply) => sendContactPage(reply, contactFormFor(app, locale)));

  app.post('/contact', { config: { public: true, csrf: 'same-origin', formProblemsInForm: true } }, async (request, reply) => {
    const staffLocale = app.config.defaultLocale;
    // Read before the transaction: on SQLite a query outside it would wait for it.
    const settings = await app.siteContexts.get(staffLocale);
    return answerGuardedForm(app, request, reply, {
      form: 'contact',
      shape: contactShape,
      target: 'contact',
      formId: CONTACT_FORM_ID,
      emailOf: (v) => v.email,
      textOf: (v) => `${v.subject}\n${v.message}`,
      locale,
      fieldIdPrefix: 'contact',
      render: (state, status) => sendContactPage(reply, { ...contactFormFor(app, locale), ...state }, { status }),
      sentPath: localePath(locale, '/contact/sent'),
      save: async (tx, values) => {
        const message = { locale, ...values };
        const id = await insertContactMessage(tx, message);
        // Without an address in the settings the message waits in the admin inbox alone.
        if (!settings.email) return;
        const languageName = webMessages[staffLocale].languageName(locale);
        await enqueueMail(tx, composeContactMail({ id, to: settings.email, message, staffLocale, brand: settings, languageName }));
      },
    });
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

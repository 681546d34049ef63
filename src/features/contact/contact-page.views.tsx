import type { SiteContext } from '../../web/site-context.js';
import { webMessages } from '../../web/web.messages.js';
import { PageIntro } from '../pages/page-intro.views.js';
import type { PageView } from '../pages/pages.presenter.js';
import { contactMessages } from './contact.messages.js';
import { ContactForm, type ContactFormState } from './contact.views.js';

/** Contact Us: the organisation's details from the settings, the editors' intro and the form. */
export function ContactPage({ ctx, intro, contactForm }: { ctx: SiteContext; intro: PageView | undefined; contactForm: ContactFormState }) {
  const { locale } = ctx;
  const t = contactMessages[locale];
  const w = webMessages[locale];
  const hasDetails = Boolean(ctx.address || ctx.email || ctx.phone);
  return (
    <div class="contact-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.pageTitle}>
        {hasDetails && (
          <section class="contact-details" aria-labelledby="contact-details">
            <h2 id="contact-details">{t.reachUs}</h2>
            <p class="contact-details__name">{ctx.name}</p>
            <dl class="contact-details__list">
              {ctx.address && (
                <div>
                  <dt>{w.address}</dt>
                  <dd>
                    <address>{ctx.address.split('\n').map((line, i) => (i ? [<br />, line] : line))}</address>
                  </dd>
                </div>
              )}
              {ctx.email && (
                <div>
                  <dt>{w.email}</dt>
                  <dd>
                    <a href={`mailto:${ctx.email}`}>{ctx.email}</a>
                  </dd>
                </div>
              )}
              {ctx.phone && (
                <div>
                  <dt>{w.phone}</dt>
                  <dd>
                    <a href={`tel:${ctx.phone.replace(/[^+\d]/g, '')}`}>{ctx.phone}</a>
                  </dd>
                </div>
              )}
            </dl>
          </section>
        )}
      </PageIntro>
      <ContactForm locale={locale} form={contactForm} />
    </div>
  );
}

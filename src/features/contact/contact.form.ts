import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { createStamp, formGuardKey } from '../form-guard/form-guard.js';
import type { ContactFormState } from './contact.views.js';

export const CONTACT_FORM_ID = 'contact';

/** The empty form the contact page carries; the same for every visitor, so the page can be cached. */
export function contactFormFor(app: FastifyInstance, locale: Locale): ContactFormState {
  return { action: localePath(locale, '/contact'), stamp: createStamp(formGuardKey(app.config), CONTACT_FORM_ID) };
}

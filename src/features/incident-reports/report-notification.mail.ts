import { isLocale, SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { escapeMailHtml, renderMail, type MailBrand } from '../mail/mail-layout.js';
import type { OutgoingMail } from '../mail/outbox.js';
import { reportMessages } from './reports.messages.js';

/**
 * The notice to monitors and admins that a report arrived. It says only that: no words of the
 * report, not its place or date, not even its number, so a mailbox read by someone else (or a
 * mail server on the way) learns nothing but that the form was used.
 */
export function composeReportNotice(input: { to: { id: number; email: string; locale: string }; reportId: number; brand: MailBrand; fallbackLocale: Locale }): OutgoingMail {
  const locale = isLocale(input.to.locale, SUPPORTED_LOCALES) ? input.to.locale : input.fallbackLocale;
  const t = reportMessages[locale];
  const link = `${input.brand.publicUrl.replace(/\/+$/, '')}/admin/reports`;
  const bodyHtml = `<p>${escapeMailHtml(t.mailBody)}</p><p><a href="${escapeMailHtml(link)}">${escapeMailHtml(t.mailOpen)}</a></p>`;
  const { html, text } = renderMail({ locale, settings: input.brand, title: t.mailTitle, preheader: t.mailBody, bodyHtml });
  return { to: input.to.email, subject: t.mailSubject, html, text, kind: 'system', idempotencyKey: `incident-report:${input.reportId}:${input.to.id}` };
}

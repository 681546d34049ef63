import { isLocale, SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { escapeMailHtml, renderMail, type MailBrand } from '../mail/mail-layout.js';
import type { OutgoingMail } from '../mail/outbox.js';
import { reportMessages } from './reports.messages.js';

/**
 * What the notice is about: a report arrived, or its reporter added information through the
 * receipt (`key` tells one addition from the next, so each is mailed once).
 */
export type ReportNoticeEvent = { kind: 'arrived' } | { kind: 'added'; key: string };

/**
 * The notice to monitors and admins that a report arrived, or that a reporter added to one. It
 * says only that: no words of the report, not its place or date, not even its number, so a
 * mailbox read by someone else (or a mail server on the way) learns nothing but that the form
 * was used.
 */
export function composeReportNotice(input: {
  to: { id: number; email: string; locale: string };
  reportId: number;
  event?: ReportNoticeEvent;
  brand: MailBrand;
  fallbackLocale: Locale;
}): OutgoingMail {
  const locale = isLocale(input.to.locale, SUPPORTED_LOCALES) ? input.to.locale : input.fallbackLocale;
  const t = reportMessages[locale];
  const event = input.event ?? { kind: 'arrived' };
  const words = event.kind === 'added' ? { subject: t.mailAddedSubject, body: t.mailAddedBody } : { subject: t.mailSubject, body: t.mailBody };
  const link = `${input.brand.publicUrl.replace(/\/+$/, '')}/admin/reports`;
  const bodyHtml = `<p>${escapeMailHtml(words.body)}</p><p><a href="${escapeMailHtml(link)}">${escapeMailHtml(t.mailOpen)}</a></p>`;
  const { html, text } = renderMail({ locale, settings: input.brand, title: words.subject, preheader: words.body, bodyHtml });
  const key = event.kind === 'added' ? `incident-report:${input.reportId}:added:${event.key}:${input.to.id}` : `incident-report:${input.reportId}:${input.to.id}`;
  return { to: input.to.email, subject: words.subject, html, text, kind: 'system', idempotencyKey: key };
}

import type { Locale } from '../../i18n/locales.js';
import { escapeMailHtml, renderMail, type MailBrand } from '../mail/mail-layout.js';
import type { OutgoingMail } from '../mail/outbox.js';
import { contactMessages } from './contact.messages.js';
import type { NewContactMessage } from './contact.repository.js';

/**
 * The message as the organisation receives it, in the site's first language: a Reply-To of the
 * sender, so answering the mail answers them. Everything the sender typed is escaped, and the
 * subject had its line breaks refused at the form, so no header can be added through it.
 */
export function composeContactMail(input: {
  id: number;
  to: string;
  message: NewContactMessage;
  staffLocale: Locale;
  brand: MailBrand;
  languageName: string;
}): OutgoingMail {
  const t = contactMessages[input.staffLocale];
  const m = input.message;
  const inbox = `${input.brand.publicUrl.replace(/\/+$/, '')}/admin/contact/${input.id}`;
  const paragraphs = m.message
    .split(/\n{2,}/)
    .map((p) => `<p style="white-space:pre-wrap">${escapeMailHtml(p)}</p>`)
    .join('');
  const bodyHtml =
    `<p><strong>${escapeMailHtml(t.mailFrom)}:</strong> ${escapeMailHtml(m.name)} &lt;${escapeMailHtml(m.email)}&gt;<br>` +
    `<strong>${escapeMailHtml(t.subject)}:</strong> ${escapeMailHtml(m.subject)}<br>` +
    `<strong>${escapeMailHtml(t.mailLanguage)}:</strong> ${escapeMailHtml(input.languageName)}</p>` +
    `<div lang="${escapeMailHtml(m.locale)}">${paragraphs}</div>` +
    `<p>${escapeMailHtml(t.mailReplyNote)} <a href="${escapeMailHtml(inbox)}">${escapeMailHtml(t.mailOpenInbox)}</a></p>`;
  const { html, text } = renderMail({ locale: input.staffLocale, settings: input.brand, title: t.mailTitle, preheader: m.subject, bodyHtml });
  return {
    to: input.to,
    subject: t.mailSubject(m.subject),
    html,
    text,
    kind: 'contact',
    idempotencyKey: `contact:${input.id}`,
    replyTo: m.email,
  };
}

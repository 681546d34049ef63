import type { Locale } from '../../i18n/locales.js';
import { escapeMailHtml, renderMail, type MailBrand } from '../mail/mail-layout.js';
import type { OutgoingMail } from '../mail/outbox.js';
import { commentsMessages } from './comments.messages.js';

/**
 * A note to the organisation's address that a comment waits for moderation, in the site's first
 * language. It names the item and quotes the text (escaped); the commenter's email stays in the
 * admin. The moderation link is the only action: nothing is approved from a mail.
 */
export function composeModerationNotice(input: {
  commentId: number;
  to: string;
  itemTitle: string;
  authorName: string;
  body: string;
  staffLocale: Locale;
  brand: MailBrand;
}): OutgoingMail {
  const t = commentsMessages[input.staffLocale];
  const queue = `${input.brand.publicUrl.replace(/\/+$/, '')}/admin/comments`;
  const bodyHtml =
    `<p>${escapeMailHtml(t.noticeIntro(input.authorName, input.itemTitle))}</p>` +
    `<blockquote style="white-space:pre-wrap;margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${escapeMailHtml(input.body)}</blockquote>` +
    `<p><a href="${escapeMailHtml(queue)}">${escapeMailHtml(t.noticeOpenQueue)}</a></p>`;
  const { html, text } = renderMail({ locale: input.staffLocale, settings: input.brand, title: t.noticeTitle, bodyHtml });
  return {
    to: input.to,
    // Titles are single-line text from the editor; line breaks are flattened all the same.
    subject: t.noticeSubject(input.itemTitle.replace(/[\r\n]+/g, ' ')),
    html,
    text,
    kind: 'system',
    idempotencyKey: `comment:${input.commentId}`,
  };
}

import type { DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { pickLocalized } from '../../web/localized-text.js';
import { escapeMailHtml, renderMail, type MailBrand } from '../mail/mail-layout.js';
import type { MailKind, OutgoingMail } from '../mail/outbox.js';
import { findSiteSettings } from '../site-settings/site-settings.repository.js';
import type { LinkPurpose, SubscriberLinks } from './signed-link.js';
import { subscribersMessages } from './subscribers.messages.js';
import type { Recipient } from './subscribers.repository.js';

/** The organisation as mail shows it, in one language, from the site settings. */
export async function mailBrand(db: DbOrTx, locale: Locale, publicUrl: string, order: readonly Locale[] = SUPPORTED_LOCALES): Promise<MailBrand> {
  const settings = await findSiteSettings(db);
  const text = (map: Record<string, string> | undefined) => pickLocalized(map ?? {}, locale, order);
  return {
    name: text(settings?.shortName) ?? text(settings?.name) ?? 'Dove',
    publicUrl,
    address: text(settings?.address)?.replace(/\s*\n\s*/g, ', '),
    email: settings?.email,
  };
}

/** `/en/subscribe/<page>?token=…`, absolute. */
export function subscriberLinkUrl(publicUrl: string, locale: Locale, page: 'confirm' | 'preferences' | 'unsubscribe', token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${locale}/subscribe/${page}?token=${token}`;
}

const PAGE_OF: Record<LinkPurpose, 'confirm' | 'preferences' | 'unsubscribe'> = { confirm: 'confirm', manage: 'preferences', unsubscribe: 'unsubscribe' };

export function signedUrl(links: SubscriberLinks, publicUrl: string, locale: Locale, subscriberId: number, purpose: LinkPurpose): string {
  return subscriberLinkUrl(publicUrl, locale, PAGE_OF[purpose], links.sign(subscriberId, purpose));
}

const button = (href: string, label: string) =>
  `<p><a href="${escapeMailHtml(href)}" style="display:inline-block;padding:10px 18px;background:#1d4e89;color:#ffffff;text-decoration:none;border-radius:4px">${escapeMailHtml(label)}</a></p>`;

const CONFIRM_MARK = 'https://dove-placeholder.invalid/confirm';

/**
 * Double opt-in messages: a link to a page whose button confirms (a link alone confirms
 * nothing). Rendered once per language, then each person's signed link is filled in.
 */
export async function confirmationMails(
  db: DbOrTx,
  ctx: { links: SubscriberLinks; publicUrl: string },
  subscribers: ReadonlyArray<{ id: number; email: string; locale: Locale }>,
  keyFor: (subscriberId: number) => string,
): Promise<OutgoingMail[]> {
  const rendered = new Map<Locale, { subject: string; html: string; text: string }>();
  const out: OutgoingMail[] = [];
  for (const s of subscribers) {
    let message = rendered.get(s.locale);
    if (!message) {
      const t = subscribersMessages[s.locale];
      const brand = await mailBrand(db, s.locale, ctx.publicUrl);
      const mail = renderMail({
        locale: s.locale,
        settings: brand,
        preheader: t.confirmMailBody(brand.name),
        title: t.confirmMailTitle,
        bodyHtml: `<p>${escapeMailHtml(t.confirmMailBody(brand.name))}</p>${button(CONFIRM_MARK, t.confirmMailButton)}<p>${escapeMailHtml(t.confirmMailIgnore)}</p>`,
      });
      message = { subject: t.confirmMailSubject(brand.name), ...mail };
      rendered.set(s.locale, message);
    }
    const url = signedUrl(ctx.links, ctx.publicUrl, s.locale, s.id, 'confirm');
    out.push({ to: s.email, subject: message.subject, html: message.html.replaceAll(CONFIRM_MARK, url), text: message.text.replaceAll(CONFIRM_MARK, url), kind: 'confirmation', idempotencyKey: keyFor(s.id) });
  }
  return out;
}

export async function confirmationMail(
  db: DbOrTx,
  ctx: { links: SubscriberLinks; publicUrl: string },
  subscriber: { id: number; email: string; locale: Locale },
  idempotencyKey: string,
): Promise<OutgoingMail> {
  return (await confirmationMails(db, ctx, [subscriber], () => idempotencyKey))[0]!;
}

/** For an address that is subscribed already: no change, only the way to the preferences. */
export async function alreadySubscribedMail(
  db: DbOrTx,
  ctx: { links: SubscriberLinks; publicUrl: string },
  subscriber: { id: number; email: string; locale: Locale },
  idempotencyKey: string,
): Promise<OutgoingMail> {
  const t = subscribersMessages[subscriber.locale];
  const brand = await mailBrand(db, subscriber.locale, ctx.publicUrl);
  const url = signedUrl(ctx.links, ctx.publicUrl, subscriber.locale, subscriber.id, 'manage');
  const { html, text } = renderMail({
    locale: subscriber.locale,
    settings: brand,
    title: t.alreadyMailTitle,
    bodyHtml: `<p>${escapeMailHtml(t.alreadyMailBody)}</p>${button(url, t.manageLink)}`,
  });
  return { to: subscriber.email, subject: t.alreadyMailSubject(brand.name), html, text, kind: 'confirmation', idempotencyKey };
}

export interface BulkContent {
  subject: string;
  title: string;
  bodyHtml: string;
  /** Why the person receives it, shown above the unsubscribe line. */
  reason: string;
}

// Stand-ins rendered into each language's message once, then replaced per recipient: a
// newsletter to thousands renders its layout twice, not thousands of times.
const UNSUBSCRIBE_MARK = 'https://dove-placeholder.invalid/unsubscribe';
const MANAGE_MARK = 'https://dove-placeholder.invalid/manage';

/**
 * One message per recipient, in the recipient's language or else the other one (`contentFor`
 * returns null for a language without text), each with its own signed links and the one-click
 * unsubscribe headers of RFC 8058. Recipients with no content in any language are left out.
 */
export async function bulkMessages(
  db: DbOrTx,
  ctx: { links: SubscriberLinks; publicUrl: string; locales?: readonly Locale[] },
  recipients: readonly Recipient[],
  contentFor: (locale: Locale) => BulkContent | null,
  kind: MailKind,
  keyFor: (recipient: Recipient) => string,
): Promise<OutgoingMail[]> {
  const order = ctx.locales ?? SUPPORTED_LOCALES;
  const rendered = new Map<Locale, { subject: string; html: string; text: string } | null>();
  const renderIn = async (locale: Locale) => {
    if (rendered.has(locale)) return rendered.get(locale)!;
    const content = contentFor(locale);
    let out: { subject: string; html: string; text: string } | null = null;
    if (content) {
      const t = subscribersMessages[locale];
      const brand = await mailBrand(db, locale, ctx.publicUrl, order);
      const footerHtml = `<p>${escapeMailHtml(content.reason)} <a href="${MANAGE_MARK}">${escapeMailHtml(t.manageLink)}</a></p>`;
      const mail = renderMail({ locale, settings: brand, title: content.title, bodyHtml: content.bodyHtml, footerHtml, unsubscribeUrl: UNSUBSCRIBE_MARK });
      out = { subject: content.subject.replace(/[\r\n]+/g, ' ').trim(), ...mail };
    }
    rendered.set(locale, out);
    return out;
  };
  const mails: OutgoingMail[] = [];
  for (const r of recipients) {
    let locale: Locale | undefined;
    let message = null;
    for (const candidate of [r.locale, ...order.filter((l) => l !== r.locale)]) {
      message = await renderIn(candidate);
      if (message) {
        locale = candidate;
        break;
      }
    }
    if (!message || !locale) continue;
    // The pages behind the links speak the language the person chose, whatever the message's.
    const unsubscribe = signedUrl(ctx.links, ctx.publicUrl, r.locale, r.id, 'unsubscribe');
    const manage = signedUrl(ctx.links, ctx.publicUrl, r.locale, r.id, 'manage');
    const fill = (s: string) => s.replaceAll(UNSUBSCRIBE_MARK, unsubscribe).replaceAll(MANAGE_MARK, manage);
    mails.push({
      to: r.email,
      subject: message.subject,
      html: fill(message.html),
      text: fill(message.text),
      kind,
      idempotencyKey: keyFor(r),
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }
  return mails;
}

import { renderToString } from 'preact-render-to-string';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { mailMessages } from './mail.messages.js';

/**
 * The one layout of every message the site sends: HTML that common mail clients draw the same
 * (tables, inline styles, no external CSS, no scripts) plus a plain-text version.
 * `settings` is anything shaped like the site context: `await app.siteContexts.get(locale)` fits.
 */
export interface MailBrand {
  /** The organisation's name in this locale. */
  name: string;
  /** PUBLIC_URL, without a trailing slash: the logo and every relative link are made absolute with it. */
  publicUrl: string;
  /** The logo as the site context has it (a path or URL); or give `logoUrl`. */
  logo?: { src: string; width?: number; height?: number } | undefined;
  logoUrl?: string | undefined;
  /** Postal address, shown in the footer (bulk mail must say who sends it). */
  address?: string | undefined;
  email?: string | undefined;
}

export interface MailLayoutInput {
  locale: Locale;
  settings: MailBrand;
  /** A line mail clients show after the subject in the inbox list; hidden in the message. */
  preheader?: string;
  title: string;
  /** Trusted HTML: build it with `escapeMailHtml` around anything a person typed. */
  bodyHtml: string;
  footerHtml?: string;
  unsubscribeUrl?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeMailHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function absoluteUrl(url: string, publicUrl: string): string {
  try {
    return new URL(url, `${publicUrl.replace(/\/+$/, '')}/`).toString();
  } catch {
    return url;
  }
}

const LOGO_HEIGHT = 48;

/** Mail clients have no base URL: every href and src must be absolute. */
export function absoluteLinks(html: string, publicUrl: string): string {
  return html.replace(/\b(href|src)=(["'])(\/[^"']*)\2/gi, (_m, attr: string, q: string, url: string) =>
    `${attr}=${q}${escapeMailHtml(absoluteUrl(url.replace(/&amp;/g, '&'), publicUrl))}${q}`,
  );
}

export function renderMail(input: MailLayoutInput): { html: string; text: string } {
  const { locale, settings } = input;
  const t = mailMessages[locale];
  const { fontStack: font, lineHeight } = LOCALE_INFO[locale];
  const publicUrl = settings.publicUrl.replace(/\/+$/, '');
  const logoSrc = settings.logo?.src ?? settings.logoUrl;
  const logo = logoSrc ? absoluteUrl(logoSrc, publicUrl) : undefined;
  const logoWidth = settings.logo?.width && settings.logo.height
    ? Math.round((settings.logo.width / settings.logo.height) * LOGO_HEIGHT)
    : undefined;
  const text = { fontFamily: font, lineHeight, color: '#1f2933', fontSize: '16px' };
  const small = { fontFamily: font, lineHeight, color: '#52606d', fontSize: '13px' };

  const body = (
    <body style={{ margin: '0', padding: '0', backgroundColor: '#f1f4f8', width: '100%' }}>
      {input.preheader ? (
        <div style={{ display: 'none', maxHeight: '0', overflow: 'hidden', msoHide: 'all', fontSize: '1px', lineHeight: '1px', color: '#f1f4f8' } as Record<string, string>}>
          {input.preheader}
        </div>
      ) : null}
      <table role="presentation" width="100%" cellPadding="0" cellSpacing="0" {...{ border: '0' }} style={{ backgroundColor: '#f1f4f8', width: '100%' }}>
        <tr>
          <td align="center" style={{ padding: '24px 12px' }}>
            <table role="presentation" width="600" cellPadding="0" cellSpacing="0" {...{ border: '0' }} style={{ width: '100%', maxWidth: '600px', backgroundColor: '#ffffff', borderRadius: '6px' }}>
              <tr>
                <td style={{ padding: '20px 28px', borderBottom: '3px solid #1d4e89' }}>
                  <a href={`${publicUrl}/${locale}`} style={{ textDecoration: 'none', color: '#1d4e89' }}>
                    {logo ? (
                      <img src={logo} height={LOGO_HEIGHT} {...(logoWidth ? { width: logoWidth } : {})} alt={settings.name}
                        style={{ display: 'block', border: '0', height: `${LOGO_HEIGHT}px`, ...(logoWidth ? { width: `${logoWidth}px` } : {}) }} />
                    ) : (
                      <span style={{ fontFamily: font, fontSize: '20px', fontWeight: 'bold', color: '#1d4e89', lineHeight }}>{settings.name}</span>
                    )}
                  </a>
                </td>
              </tr>
              <tr>
                <td style={{ padding: '28px 28px 8px 28px' }}>
                  <h1 style={{ margin: '0 0 16px 0', fontFamily: font, fontSize: '22px', lineHeight, color: '#102a43', fontWeight: 'bold' }}>{input.title}</h1>
                  <div style={text} dangerouslySetInnerHTML={{ __html: absoluteLinks(input.bodyHtml, publicUrl) }} />
                </td>
              </tr>
              <tr>
                <td style={{ padding: '20px 28px 28px 28px', borderTop: '1px solid #d9e2ec' }}>
                  {input.footerHtml ? <div style={{ ...small, marginBottom: '8px' }} dangerouslySetInnerHTML={{ __html: absoluteLinks(input.footerHtml, publicUrl) }} /> : null}
                  <p style={{ ...small, margin: '0 0 4px 0' }}>
                    <a href={`${publicUrl}/${locale}`} style={{ color: '#1d4e89' }}>{settings.name}</a>
                    {settings.address ? ` · ${settings.address}` : ''}
                  </p>
                  {input.unsubscribeUrl ? (
                    <p style={{ ...small, margin: '8px 0 0 0' }}>
                      {t.unsubscribeLead} <a href={input.unsubscribeUrl} style={{ color: '#1d4e89' }}>{t.unsubscribe}</a>
                    </p>
                  ) : null}
                </td>
              </tr>
            </table>
          </td>
        </tr>
      </table>
    </body>
  );

  const html =
    '<!DOCTYPE html>' +
    `<html lang="${locale}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml"><head>` +
    '<meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="x-apple-disable-message-reformatting">' +
    '<meta name="color-scheme" content="light">' +
    `<title>${escapeMailHtml(input.title)}</title>` +
    '</head>' +
    renderToString(body) +
    '</html>';

  const lines = [
    settings.name,
    '',
    input.title,
    '='.repeat(Math.min(60, [...input.title].length)),
    '',
    htmlToText(input.bodyHtml, publicUrl),
    '',
    '-- ',
    ...(input.footerHtml ? [htmlToText(input.footerHtml, publicUrl)] : []),
    [settings.name, settings.address].filter(Boolean).join(' · '),
    `${publicUrl}/${locale}`,
    ...(input.unsubscribeUrl ? ['', `${t.unsubscribeLead} ${t.unsubscribe}: ${input.unsubscribeUrl}`] : []),
  ];
  return { html, text: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n' };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A readable plain-text version of simple message HTML: paragraphs, lists, links as "text (url)". */
export function htmlToText(html: string, publicUrl: string): string {
  let s = html.replace(/\r\n?/g, '\n');
  s = s.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '');
  s = s.replace(/<a\b[^>]*?href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi, (_m, _q, dq: string | undefined, sq: string | undefined, inner: string) => {
    const href = absoluteUrl(decodeEntities(dq ?? sq ?? ''), publicUrl);
    const label = decodeEntities(inner.replace(/<[^>]+>/g, '')).trim();
    return !label || label === href ? href : `${label} (${href})`;
  });
  s = s.replace(/\s*\n\s*/g, ' ');
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<\/(p|div|h[1-6]|ul|ol|blockquote|table|tr)>/gi, '\n\n');
  s = s.replace(/<(p|div|h[1-6]|ul|ol|blockquote|table|tr)\b[^>]*>/gi, '\n');
  s = s.replace(/<[^>]+>/g, '');
  s = decodeEntities(s);
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

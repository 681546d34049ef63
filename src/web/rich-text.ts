import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list every rich-text body passes through before it is stored, whatever wrote it:
 * structure, emphasis, links, images, tables. No scripts, styles, event handlers or frames.
 */
const RICH_TEXT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 'b', 'i', 'u', 's', 'sub', 'sup', 'mark', 'small',
    'ul', 'ol', 'li', 'blockquote', 'q', 'cite', 'code', 'pre', 'a', 'img', 'figure', 'figcaption',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'abbr', 'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang', 'lang', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    abbr: ['title'],
    span: ['lang'],
    p: ['lang'],
    blockquote: ['cite'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  // Images come from the media library only: an outside image would tell a third party who
  // reads the page (and the CSP would block it anyway). A relative src has no scheme and stays.
  allowedSchemesByTag: { img: [] },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  allowProtocolRelative: false,
  transformTags: {
    // Outside links open in the same tab but must not pass the page as a referrer to trackers.
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
    h1: 'h2',
  },
  allowedClasses: {},
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, RICH_TEXT_POLICY);
}

/** Elements that are content by themselves, with no text: a picture or a table says something. */
const CONTENT_WITHOUT_TEXT = /<(img|table)\b/i;
/** Whitespace, including the no-break and zero-width spaces editors leave behind (Khmer uses the latter between words). */
const BLANK = /^(?:\s|\u200b|\u200c|\u200d|\u2060|\ufeff)*$/;

/**
 * Whether rich text says nothing: an empty editor posts `<p></p>`, `<p><br></p>` or a lone
 * `&nbsp;`, which is no content. Images and tables are content even with no text.
 */
export function isEmptyRichText(html: string): boolean {
  const safe = sanitizeRichText(html);
  return !CONTENT_WITHOUT_TEXT.test(safe) && BLANK.test(htmlToText(safe));
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A body from a rich-text field, sanitized. Without the editor script the field is a plain
 * textarea: text with no markup keeps its paragraphs (blank lines) and line breaks.
 */
export function richTextFromField(value: string): string {
  if (/<[a-z][^>]*>/i.test(value)) return sanitizeRichText(value);
  const paragraphs = value.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return sanitizeRichText(paragraphs.map((p) => `<p>${escapeText(p).replace(/\n/g, '<br>')}</p>`).join(''));
}

/** Markdown from the content files, turned into sanitized HTML. */
export function markdownToHtml(markdown: string): string {
  return sanitizeRichText(marked.parse(markdown, { async: false, gfm: true }));
}

/** Plain text of a rich-text body, for summaries and feeds. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}

/** Block elements whose end closes a paragraph of text (a line break does too). */
const BLOCK_END = /<\/(?:p|h[1-6]|li|blockquote|pre|figcaption|tr|div)\s*>|<br\s*\/?>/gi;
const PARAGRAPH_MARK = '\u2029';

/** The text of each block of rich text (paragraph, heading, list item …), for comparing versions. */
export function htmlToParagraphs(html: string): string[] {
  const marked = html.replace(BLOCK_END, (end) => `${end}${PARAGRAPH_MARK}`);
  return sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} })
    .split(PARAGRAPH_MARK)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Content files write internal links without a language (`/about/history`); in a body written
 * in one language they lead to the same language of the site.
 */
export function localizeInternalLinks(html: string, locale: string, locales: readonly string[]): string {
  // Locale-prefixed links, stored files and root documents (sitemap.xml, robots.txt) stay as they are.
  const known = new RegExp(`^/(${locales.join('|')})(/|$)|^/(media|files|assets)/|^/[^/]+\\.(xml|txt)$`);
  return html.replace(/href="(\/(?!\/)[^"]*)"/g, (whole, href: string) =>
    known.test(href) ? whole : `href="/${locale}${href === '/' ? '/' : href}"`,
  );
}

import { sanitizeRichText } from '../../web/rich-text.js';

/**
 * WordPress post content → Dove rich text: block comments dropped, shortcodes turned into
 * what Dove shows (or their inner text), classic-editor line breaks into paragraphs, old
 * addresses of images and pages into new ones; then Dove's sanitizer, as for every body.
 */

export interface ContentLinks {
  /** The new address of an image by its old URL (any of its sizes), if it was imported. */
  imageSrc(oldUrl: string): string | undefined;
  /** The new address of a page, post, archive or file by its old URL, when known. */
  pageHref(oldUrl: string): string | undefined;
  /** Images of the given attachment ids, or of the post's own attachments when none are given (galleries). */
  galleryImages(ids: readonly string[]): Array<{ src: string; alt: string }>;
}

const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->/g;
const SHORTCODE = /\[([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\](?:([\s\S]*?)\[\/\1\])?/g;
const ATTRIBUTE = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))/g;
const MEDIA_SOURCES = ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'mp4', 'm4v', 'webm', 'ogv', 'flv'];
/** Elements wpautop leaves unwrapped: a paragraph may not contain them. */
const BLOCK_START = /^<(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|figcaption|pre|div|hr|dl|address|section|article|aside|header|footer|nav|form|fieldset|iframe|video|audio|object)\b/i;

export function shortcodeAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const link = (href: string, text: string) => `<p><a href="${escapeAttr(href)}">${escapeAttr(text)}</a></p>`;

function renderShortcode(name: string, attrs: Record<string, string>, inner: string, links: ContentLinks): string {
  switch (name.toLowerCase()) {
    case 'caption':
    case 'wp_caption': {
      // The image (often inside a link) comes first; the rest of the inner text is the caption.
      const image = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)/i.exec(inner);
      const caption = (image ? inner.slice(image[0].length) : inner).trim() || attrs.caption || '';
      return `<figure>${image?.[1] ?? ''}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
    }
    case 'gallery': {
      const ids = (attrs.ids ?? attrs.include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const images = links.galleryImages(ids);
      return images.length ? `<figure>${images.map((i) => `<img src="${escapeAttr(i.src)}" alt="${escapeAttr(i.alt)}">`).join('')}</figure>` : '';
    }
    case 'embed': {
      const url = (inner || attrs.src || '').trim();
      return /^https?:\/\//i.test(url) ? link(url, url) : '';
    }
    case 'audio':
    case 'video': {
      const url = (MEDIA_SOURCES.map((k) => attrs[k]).find(Boolean) ?? inner).trim();
      if (!/^https?:\/\//i.test(url)) return inner;
      return link(links.pageHref(url) ?? url, decodeUriPart(url.split('/').pop() || url));
    }
    default:
      // An unknown shortcode (a plugin's) is dropped; what it enclosed is the author's text.
      return inner;
  }
}

/** Replaces every shortcode, inner ones first through repeated passes; `[[x]]` is the literal `[x]`. */
export function renderShortcodes(html: string, links: ContentLinks): string {
  const escaped: string[] = [];
  let text = html.replace(/\[\[([^\]]*)\]\]/g, (_m, inner: string) => `\ue000${escaped.push(`[${inner}]`) - 1}\ue000`);
  for (let pass = 0; pass < 5; pass += 1) {
    const next = text.replace(SHORTCODE, (_m, name: string, attrs: string, inner: string | undefined) =>
      renderShortcode(name, shortcodeAttributes(attrs), inner ?? '', links),
    );
    if (next === text) break;
    text = next;
  }
  return text.replace(/\ue000(\d+)\ue000/g, (_m, i: string) => escaped[Number(i)]!);
}

/** WordPress's classic editor stores paragraphs as blank lines and line breaks as newlines (its wpautop). */
export function autoParagraphs(html: string): string {
  return html
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/** An embed block keeps its address as bare text in a wrapper; a reader gets a link. */
function embedBlocksToLinks(html: string): string {
  return html.replace(/<div class="wp-block-embed__wrapper">\s*(https?:\/\/[^\s<]+)\s*<\/div>/g, (_m, url: string) => `<a href="${escapeAttr(url)}">${escapeAttr(url)}</a>`);
}

/** Old addresses in `src` and `href` become new ones where known; other links stay as written. */
function rewriteAddresses(html: string, links: ContentLinks): string {
  return html.replace(/\b(src|href)\s*=\s*(["'])([^"']*)\2/gi, (whole, attr: string, quote: string, url: string) => {
    const plain = url.replace(/&amp;/g, '&');
    const found = attr.toLowerCase() === 'src' ? links.imageSrc(plain) : (links.pageHref(plain) ?? links.imageSrc(plain));
    return found ? `${attr}=${quote}${escapeAttr(found)}${quote}` : whole;
  });
}

/** The body of a post or page as Dove stores it. */
export function cleanWordPressContent(raw: string, links: ContentLinks): string {
  const blocks = /<!--\s*wp:/.test(raw);
  let html = raw.replace(BLOCK_COMMENT, '');
  html = embedBlocksToLinks(renderShortcodes(html, links));
  if (!blocks) html = autoParagraphs(html);
  return sanitizeRichText(rewriteAddresses(html, links)).trim();
}

/** An excerpt as a plain summary: no tags, no shortcodes, one line. */
export function cleanExcerpt(raw: string): string | null {
  const text = raw.replace(SHORTCODE, (_m, _n, _a, inner: string | undefined) => inner ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? decodeEntities(text).slice(0, 1000) : null;
}

/** A percent-encoded part of an address, decoded; as written when it is not valid percent-encoding (`100%.pdf`). */
export function decodeUriPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The entities WordPress writes in titles and excerpts. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

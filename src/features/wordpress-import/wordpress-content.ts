import { decodeHTML, decodeHTMLAttribute } from 'entities';
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
  /** The content of a reusable block (a `wp_block` item of the export) by its id. */
  reusableBlock(id: string): string | undefined;
}

const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->/g;
const SHORTCODE = /\[([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\](?:([\s\S]*?)\[\/\1\])?/g;
const ATTRIBUTE = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))/g;
/** A shortcode's address given without a name (`[audio https://…/song.mp3]`), as WordPress also reads it. */
const POSITIONAL_URL = /(?:^|\s)(https?:\/\/[^\s\]"']+)/;
const MEDIA_SOURCES = ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'mp4', 'm4v', 'webm', 'ogv', 'flv'];
/** Elements wpautop leaves unwrapped: a paragraph may not contain them, so text around them is a paragraph of its own. */
const BLOCK_NAMES = 'p|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|blockquote|figure|figcaption|pre|div|hr|address|section|article|aside|header|footer|nav|main|details|summary|form|fieldset|legend|iframe|video|audio|object|math|style|script|noscript';
const BLOCK_TAG = new RegExp(`<\\/?(?:${BLOCK_NAMES})\\b[^>]*>`, 'gi');
const BLOCK_START = new RegExp(`^<\\/?(?:${BLOCK_NAMES})\\b`, 'i');
/** `<!--more-->` (the teaser's end, with its optional link text) and `<!--nextpage-->` break the text where they stand. */
const PAGE_BREAK = /<!--\s*(?:more\b[\s\S]*?|nextpage\s*)-->/gi;

/** The key under which shortcodeAttributes puts an address written without a name. */
const POSITIONAL = '0';

export function shortcodeAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  const positional = POSITIONAL_URL.exec(text.replace(ATTRIBUTE, ' '));
  if (positional) out[POSITIONAL] = positional[1]!;
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
      const url = decodeAddress(inner || attrs.src || attrs.url || '').trim();
      return /^https?:\/\//i.test(url) ? link(url, url) : '';
    }
    case 'audio':
    case 'video': {
      const url = decodeAddress(MEDIA_SOURCES.map((k) => attrs[k]).find(Boolean) ?? attrs[POSITIONAL] ?? inner).trim();
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

/**
 * WordPress's classic editor stores paragraphs as blank lines and line breaks as newlines (its
 * wpautop): block elements stand apart from the paragraphs around them, `<pre>` keeps its lines,
 * and an address alone on its line (which WordPress shows as an embedded player or post) is a link.
 */
export function autoParagraphs(html: string): string {
  const kept: string[] = [];
  const text = html
    .replace(/\r\n?/g, '\n')
    .replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => `\n\n\ue001${kept.push(pre) - 1}\ue001\n\n`)
    .replace(PAGE_BREAK, '\n\n')
    .replace(BLOCK_TAG, (tag) => (tag.startsWith('</') ? `${tag}\n\n` : `\n\n${tag}`));
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.replace(/<!--[\s\S]*?-->/g, '').trim() !== '')
    .map((chunk) => (BLOCK_START.test(chunk) || chunk.startsWith('\ue001') ? chunk : `<p>${linkLoneAddresses(chunk).replace(/\n/g, '<br>\n')}</p>`))
    .join('\n')
    .replace(/\ue001(\d+)\ue001/g, (_m, i: string) => kept[Number(i)]!);
}

/** A line that is only an address (WordPress's auto-embed) becomes a link to it. */
function linkLoneAddresses(chunk: string): string {
  return chunk.replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (_m, url: string) => {
    const plain = decodeAddress(url);
    return `<a href="${escapeAttr(plain)}">${escapeAttr(plain)}</a>`;
  });
}

/** An embed block keeps its address as bare text in a wrapper; a reader gets a link. */
function embedBlocksToLinks(html: string): string {
  return html.replace(/<div class="wp-block-embed__wrapper">\s*(https?:\/\/[^\s<]+)\s*<\/div>/g, (_m, written: string) => {
    // The address is HTML text there (`&amp;` for `&`): decoded once, escaped once.
    const url = decodeAddress(written);
    return `<a href="${escapeAttr(url)}">${escapeAttr(url)}</a>`;
  });
}

/** Old addresses in `src` and `href` become new ones where known; other links stay as written. */
function rewriteAddresses(html: string, links: ContentLinks): string {
  return html.replace(/\b(src|href)\s*=\s*(["'])([^"']*)\2/gi, (whole, attr: string, quote: string, url: string) => {
    const plain = url.replace(/&amp;/g, '&');
    const found = attr.toLowerCase() === 'src' ? links.imageSrc(plain) : (links.pageHref(plain) ?? links.imageSrc(plain));
    return found ? `${attr}=${quote}${escapeAttr(found)}${quote}` : whole;
  });
}

/** A reusable block's reference (`<!-- wp:block {"ref":12} /-->`) stands for that block's content. */
const REUSABLE_BLOCK = /<!--\s*wp:block\s+(\{[^]*?\})\s*\/-->/g;
/** How deep blocks may sit in blocks. */
const MAX_BLOCK_DEPTH = 5;
/**
 * The most characters inlining may add to one body: a block used many times by a block used many
 * times (a fan-out) grows as a power of the uses, and a body that large is a mistake, not an article.
 */
export const MAX_INLINED_CHARACTERS = 2_000_000;

/**
 * Puts each reusable block's content where it is referred to (a block in a block too, to a few
 * levels). A block is never put inside itself (`expanding` holds the blocks being expanded), and
 * once `budget` characters have been added, further references are dropped.
 */
export function inlineReusableBlocks(html: string, links: ContentLinks): string {
  return inlineWithin(html, links, new Set(), { left: MAX_INLINED_CHARACTERS });
}

function inlineWithin(html: string, links: ContentLinks, expanding: Set<string>, budget: { left: number }): string {
  return html.replace(REUSABLE_BLOCK, (_m, json: string) => {
    const id = reusableBlockId(json);
    if (id === undefined || expanding.has(id) || expanding.size >= MAX_BLOCK_DEPTH || budget.left <= 0) return '';
    const content = links.reusableBlock(id);
    if (content === undefined || content.length > budget.left) return '';
    budget.left -= content.length;
    expanding.add(id);
    try {
      return inlineWithin(content, links, expanding, budget);
    } finally {
      expanding.delete(id);
    }
  });
}

function reusableBlockId(json: string): string | undefined {
  try {
    const ref = (JSON.parse(json) as { ref?: unknown }).ref;
    return ref === undefined || ref === null ? undefined : String(ref);
  } catch {
    return undefined;
  }
}

/** The body of a post or page as Dove stores it. */
export function cleanWordPressContent(raw: string, links: ContentLinks): string {
  const blocks = /<!--\s*wp:/.test(raw);
  let html = inlineReusableBlocks(raw, links).replace(BLOCK_COMMENT, '');
  html = embedBlocksToLinks(renderShortcodes(html, links));
  if (!blocks) html = autoParagraphs(html);
  // An emptied paragraph (a shortcode that showed nothing, a `<!--more-->`) is no paragraph.
  return sanitizeRichText(rewriteAddresses(html, links)).replace(/<p>\s*<\/p>/g, '').trim();
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

/** HTML entities in titles, names and excerpts (`&amp;`, `&#8217;`, `&laquo;`, `&eacute;`), as text. */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

/**
 * HTML entities in an address or attribute value, decoded as a browser decodes attributes: a
 * legacy entity without its semicolon stays as written when a letter, digit or `=` follows, so
 * `?q=a&region=KH&section=2` keeps its `&region` and `&section` (text decoding would make them `®ion`, `§ion`).
 */
export function decodeAddress(text: string): string {
  return decodeHTMLAttribute(text);
}

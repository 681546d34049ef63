import { createHash } from 'node:crypto';
import { decodeAddress, decodeEntities } from './wordpress-content.js';
import { groupKeyOf, localeOfCode, localeOfItem, phpArrayPairs, polylangGroups } from './wordpress-languages.js';
import { readWxr, type WxrChannel, type WxrItem, type WxrTerm } from './wxr-reader.js';

/**
 * The first pass over an export: the whole file is parsed (so a malformed one stops here,
 * before anything is written) and what the second pass needs to place each object is kept -
 * ids, languages, groups, addresses - but no post bodies.
 */

export type PostKind = 'post' | 'page';

export interface ScannedPost {
  id: string;
  kind: PostKind;
  /** Its WordPress status; `private` for a password-protected post, which Dove cannot protect (see scanPost). */
  status: string;
  /** It was password-protected in WordPress. */
  passwordProtected: boolean;
  title: string;
  postName: string;
  link: string;
  guid: string;
  parent: string;
  locale: string | undefined;
  languageCode: string | undefined;
  group: string;
  thumbnailId: string;
  /** Topic terms (`category:slug`, `post_tag:slug`). */
  terms: string[];
  commentsOpen: boolean;
  /** post_date_gmt as ISO 8601, else post_date read as UTC (drafts have no GMT date). */
  date: string | undefined;
  /** SHA-256 of everything the export says of the item, comments included. */
  checksum: string;
  /** Links of its text to files in WordPress's uploads folder that are not pictures (`…/wp-content/uploads/2019/05/report.pdf`), as written. */
  uploadLinks: string[];
}

export interface ScannedAttachment {
  id: string;
  title: string;
  link: string;
  url: string;
  /** Its path below wp-content/uploads (`_wp_attached_file`). */
  file: string;
  alt: string;
  caption: string;
  parent: string;
  locale: string | undefined;
}

export interface ScannedTerm extends WxrTerm {
  name: string;
  /** The term's language, from Polylang's `term_translations` groups or its script. */
  locale: string | undefined;
  /** Its translations' group, when Polylang made one. */
  group: string;
}

export interface OtherItem {
  id: string;
  title: string;
  postType: string;
}

export interface Scan {
  channel: WxrChannel;
  authors: Map<string, string>;
  posts: ScannedPost[];
  attachments: Map<string, ScannedAttachment>;
  /** Categories and tags by `taxonomy:slug`. */
  terms: Map<string, ScannedTerm>;
  /** Items of types Dove does not import (menus, custom post types), for the report. */
  others: OtherItem[];
  /** The content of each reusable block (`wp_block` item) by id: posts that use one show it. */
  reusableBlocks: Map<string, string>;
  /** What the reader of the report should know about the file as a whole (an encoding read otherwise than declared). */
  notices: string[];
}

const TOPIC_TAXONOMIES = new Set(['category', 'post_tag']);

/** A title as text: WordPress lets a title hold markup (`Title <em>With</em> Markup`) and entities; Dove's titles are plain. */
export function plainTitle(raw: string): string {
  return decodeEntities(raw.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** A WordPress date (`2024-03-05 10:00:00`) read as UTC, as ISO 8601; undefined for WordPress's zero date. */
export function isoOfWordPressDate(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m || m[1] === '0000') return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function checksumOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : v))).digest('hex');
}

/** Reads the export at `file` once through; throws WxrError for a malformed or foreign file. */
export async function scanExport(file: string, locales: readonly string[], fallbackLocale: string): Promise<Scan> {
  let channel: WxrChannel | undefined;
  const authors = new Map<string, string>();
  const posts: ScannedPost[] = [];
  const attachments = new Map<string, ScannedAttachment>();
  const rawTerms: WxrTerm[] = [];
  const polylang = new Map<string, string>();
  const others: OtherItem[] = [];
  const reusableBlocks = new Map<string, string>();
  const reading = await readWxr(file, (record) => {
    if (record.kind === 'channel') channel = record.channel;
    else if (record.kind === 'author') authors.set(record.author.login, decodeEntities(record.author.displayName) || record.author.login);
    else if (record.kind === 'term') {
      rawTerms.push(record.term);
      polylangGroups(record.term, polylang);
    } else {
      const item = record.item;
      if (item.postType === 'attachment') attachments.set(item.postId, scanAttachment(item, locales, fallbackLocale));
      else if (item.postType === 'post' || item.postType === 'page') posts.push(scanPost(item, locales, fallbackLocale, polylang));
      else {
        if (item.postType === 'wp_block') reusableBlocks.set(item.postId, item.content);
        others.push({ id: item.postId, title: plainTitle(item.title), postType: item.postType });
      }
    }
  });
  const notices = reading.encodingNote ? [reading.encodingNote] : [];
  return { channel: channel!, authors, posts, attachments, terms: scanTerms(rawTerms, locales, fallbackLocale), others, reusableBlocks, notices };
}

function scanPost(item: WxrItem, locales: readonly string[], fallback: string, polylang: ReadonlyMap<string, string>): ScannedPost {
  const { locale, code } = localeOfItem(item, locales, fallback);
  return {
    id: item.postId,
    kind: item.postType as PostKind,
    // Dove has no per-item passwords: a protected post is imported as a private one (a draft),
    // never published, whatever its WordPress status.
    status: item.postPassword && item.status !== 'draft' && item.status !== 'pending' ? 'private' : item.status,
    passwordProtected: item.postPassword !== '',
    title: plainTitle(item.title),
    postName: item.postName,
    link: item.link.trim(),
    guid: item.guid.trim(),
    parent: item.postParent,
    locale,
    languageCode: code,
    group: groupKeyOf(item, polylang),
    thumbnailId: item.meta.get('_thumbnail_id')?.trim() ?? '',
    terms: item.categories.filter((c) => TOPIC_TAXONOMIES.has(c.domain)).map((c) => `${c.domain}:${c.nicename}`),
    commentsOpen: item.commentStatus !== 'closed',
    date: isoOfWordPressDate(item.postDateGmt) ?? isoOfWordPressDate(item.postDate),
    checksum: checksumOf(item),
    uploadLinks: uploadLinksOf(item.content),
  };
}

/** Pictures in the uploads folder are found through the attachments' addresses (`imageByPath`); every other upload a text links to is a document to bring along. */
const PICTURE = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|ico)$/i;

/** The distinct upload links of a post's text: `href` values and the URLs shortcodes name, whose path is under `/wp-content/uploads/`. */
export function uploadLinksOf(content: string): string[] {
  const found = new Set<string>();
  for (const m of content.matchAll(/(?:\bhref\s*=\s*|\burl\s*=\s*)(["'])([^"']*\/wp-content\/uploads\/[^"']+)\1/gi)) {
    const url = decodeAddress(m[2]!).trim();
    const pathname = url.split(/[?#]/, 1)[0]!;
    if (!PICTURE.test(pathname)) found.add(url);
  }
  return [...found];
}

function scanAttachment(item: WxrItem, locales: readonly string[], fallback: string): ScannedAttachment {
  return {
    id: item.postId,
    title: plainTitle(item.title),
    link: item.link.trim(),
    url: item.attachmentUrl.trim() || item.guid.trim(),
    file: item.meta.get('_wp_attached_file')?.trim() ?? '',
    alt: decodeEntities(item.meta.get('_wp_attachment_image_alt') ?? '').trim(),
    caption: decodeEntities(item.excerpt).replace(/<[^>]*>/g, '').trim(),
    parent: item.postParent,
    locale: localeOfItem(item, locales, fallback).locale,
  };
}

/** Categories and tags, each with its language when Polylang's `term_translations` says it. */
function scanTerms(raw: readonly WxrTerm[], locales: readonly string[], fallback: string): Map<string, ScannedTerm> {
  const languageOfId = new Map<string, { locale: string | undefined; group: string }>();
  for (const t of raw) {
    if (t.taxonomy !== 'term_translations') continue;
    for (const [code, id] of phpArrayPairs(t.description)) languageOfId.set(id, { locale: localeOfCode(code, locales), group: `pll:${t.slug}` });
  }
  const terms = new Map<string, ScannedTerm>();
  for (const t of raw) {
    if (!TOPIC_TAXONOMIES.has(t.taxonomy)) continue;
    const name = decodeEntities(t.name).trim() || t.slug;
    const known = languageOfId.get(t.id);
    const locale = known ? known.locale : localeOfItem({ title: name, content: '', categories: [], meta: new Map() } as unknown as WxrItem, locales, fallback).locale;
    terms.set(`${t.taxonomy}:${t.slug}`, { ...t, name, locale, group: known?.group ?? `term:${t.taxonomy}:${t.slug}` });
  }
  return terms;
}

import type { Locale } from '../../i18n/locales.js';
import { absoluteLink, detached, fileForUrl, linkBetween, linkTarget, MIRROR_FOLDER, relativeLinkTo, type LinkTarget } from './mirror.paths.js';
import { renderBanner, renderFormNotice, type FormKind } from './mirror.views.js';

/** Staff pages are never in a copy; links to them (there should be none on public pages) go to the live site. */
export function isStaffPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/** What the rewriting of one page needs to know about the site and the copy, as data (it goes to the rendering threads). */
export type RewriteSettings = Omit<RewriteContext, 'isExcluded'>;

/** What the rewriting of one page needs to know about the site and the copy. */
export interface RewriteContext {
  /** The live site's address (PUBLIC_URL): its links become links into the copy. */
  publicUrl: string;
  /** Absolute links under this address instead of relative ones. */
  baseUrl: string | undefined;
  locales: readonly Locale[];
  defaultLocale: Locale;
  /** The organisation's address per locale, offered where a form cannot work. */
  emails: Partial<Record<Locale, string>>;
  /** Same-site paths the copy does not fetch (staff pages): links to them go to the live site. */
  isExcluded(path: string): boolean;
}

export interface RewrittenPage {
  html: string;
  locale: Locale;
  /** Same-site paths (with their query) the page links to. */
  links: string[];
  title: string;
  description: string;
}

/** The mark on a tag the copy wrote itself and that the link rewriting leaves alone (links to the live site, the search form). */
export const KEEP_MARK = 'data-mirror-keep';

const SEARCH_SEGMENT = 'search';

export function searchPath(locale: Locale): string {
  return `/${locale}/${SEARCH_SEGMENT}`;
}

export function searchFile(locale: Locale): string {
  return `${locale}/${SEARCH_SEGMENT}/index.html`;
}

export function aboutFile(locale: Locale): string {
  return `${MIRROR_FOLDER}/${locale}/index.html`;
}

export const MIRROR_STYLESHEET = `${MIRROR_FOLDER}/mirror.css`;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };

export function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]!);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * A path from the root that parsing would not change: no `//` host, no backslash, no character
 * the parser percent-encodes, and (checked apart) no `.` or `..` segment, spelled out or encoded.
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** The page's same-site path and query, or undefined for a link elsewhere (another host, mailto:, a fragment). */
function sameSitePath(value: string, pageUrl: URL, site: URL): string | undefined {
  if (!value || value.startsWith('#') || /^(?:mailto|tel|data|javascript):/i.test(value)) return undefined;
  // Most links are root-relative paths that the URL parser would give back as they are: those skip it.
  const beforeHash = value.split('#', 1)[0]!;
  if (PLAIN_PATH.test(beforeHash) && !beforeHash.endsWith('?') && !DOT_SEGMENT.test(beforeHash.split('?', 1)[0]!)) return beforeHash;
  let target: URL;
  try {
    target = new URL(value, pageUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== site.origin) return undefined;
  return `${target.pathname}${target.search}`;
}

/**
 * How a link's value becomes the copy's: either the same text from every page (`out`: the value
 * kept, a link to the live site, or an absolute link under the base URL), or a relative link to
 * the file `to` followed by `suffix` (the query of a search link and the fragment, escaped); with
 * `path`, the same-site path the crawl follows.
 */
interface LinkPlan {
  out?: string;
  to?: LinkTarget;
  suffix?: string;
  path?: string;
}

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** A tag with at least one attribute that can hold a link (the attributes as a whole in the second group). */
const LINKING_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^>]*?)?\s(?:href|src|action|poster|srcset|content)="[^>]*)>/g;
/** One attribute of a linking tag that can hold a link, with its value in the third group. */
const LINKING_ATTRIBUTE = /(\s(href|src|action|poster|srcset|content)=")([^"]*)"/g;
const CANONICAL = /\srel="canonical"/;
const OG_URL = /\sproperty="og:url"/;
/**
 * Values planned per rewrite context: the menus, footers and languages of every page name the
 * same few hundred. Kept few, since the rendering threads' heaps are bounded: the plans of links
 * that only one page has are dropped when the room is full.
 */
const MAX_PLANS = 5_000;
const plansByContext = new WeakMap<RewriteContext, Map<string, LinkPlan>>();

function linkPlans(ctx: RewriteContext): Map<string, LinkPlan> {
  let plans = plansByContext.get(ctx);
  if (!plans) {
    plans = new Map();
    plansByContext.set(ctx, plans);
  }
  return plans;
}

function planLink(value: string, base: URL, site: URL, ctx: RewriteContext, live: (path: string) => string): LinkPlan {
  const raw = unescapeHtml(value);
  const hash = raw.includes('#') ? raw.slice(raw.indexOf('#')) : '';
  const found = sameSitePath(raw, base, site);
  if (found === undefined) return { out: detached(value) };
  const path = detached(found);
  const pathname = path.split('?')[0]!;
  const query = path.slice(pathname.length);
  const searchOf = ctx.locales.find((l) => pathname === searchPath(l));
  if (searchOf) {
    const suffix = escapeAttribute(query + hash);
    return ctx.baseUrl ? { out: escapeAttribute(absoluteLink(searchFile(searchOf), ctx.baseUrl)) + suffix } : { to: linkTarget(searchFile(searchOf)), suffix };
  }
  if (ctx.isExcluded(pathname)) return { out: escapeAttribute(live(path) + hash) };
  const target = fileForUrl(path);
  if (!target) return { out: escapeAttribute(live(path) + hash) };
  const suffix = escapeAttribute(hash);
  return ctx.baseUrl ? { out: escapeAttribute(absoluteLink(target, ctx.baseUrl)) + suffix, path } : { to: linkTarget(target), suffix, path };
}

/**
 * Rewrites one page of the live site into a page of the copy: every same-site link points into
 * the copy (or, for a page the copy leaves out, to the live site), forms that need the server
 * become a note that sends the reader to the live site or the organisation's email, the search
 * field searches the copy, and a banner says what the page is. The canonical link and `og:url`
 * keep the live address: search engines and shares should credit the original.
 */
export function rewritePage(html: string, pageUrl: string, file: string, ctx: RewriteContext): RewrittenPage {
  const site = new URL(ctx.publicUrl);
  const base = new URL(pageUrl, site);
  const locale = pageLocale(html, ctx);
  const links: string[] = [];
  const live = (path: string) => `${site.origin}${path}`;
  const folder = file.split('/');
  folder.pop();
  const plans = linkPlans(ctx);

  /** The copy's address for a same-site value, collecting the path for the crawl. */
  const mapValue = (value: string): string => {
    // A value that names the same address from every page (from the root, or absolute) is worked out once per run.
    const shared = value.startsWith('/') || ABSOLUTE.test(value);
    let plan = shared ? plans.get(value) : undefined;
    if (!plan) {
      plan = planLink(value, base, site, ctx, live);
      if (shared) {
        if (plans.size >= MAX_PLANS) plans.clear();
        plans.set(detached(value), plan);
      }
    }
    if (plan.out !== undefined) {
      if (plan.path !== undefined) links.push(plan.path);
      return plan.out;
    }
    if (plan.path !== undefined) links.push(plan.path);
    return relativeLinkTo(folder, plan.to!) + plan.suffix!;
  };

  const withoutForms = html.replace(/<form\b([^>]*)>[\s\S]*?<\/form>/g, (form, attributes: string) =>
    rewriteForm(form, attributes, { locale, pageUrl: base, site, file, ctx }),
  );
  // Only the tags with an attribute that can hold a link: most tags of a page have none, and are not looked at twice.
  let rewritten = withoutForms.replace(LINKING_TAG, (tag, name: string, attributes: string | undefined) => {
    if (!attributes || attributes.includes(KEEP_MARK) || CANONICAL.test(attributes)) return tag;
    const isMeta = name.toLowerCase() === 'meta';
    if (isMeta && OG_URL.test(attributes)) return tag;
    return tag.replace(LINKING_ATTRIBUTE, (whole, start: string, attr: string, value: string) => {
      if (attr === 'content' && !isMeta) return whole;
      if (attr === 'content' && !unescapeHtml(value).startsWith(site.origin)) return whole;
      if (attr === 'srcset') return `${start}${value.split(',').map((c) => rewriteCandidate(c, mapValue)).join(',')}"`;
      return `${start}${mapValue(value)}"`;
    });
  });
  rewritten = rewritten
    .replace('</head>', `<link rel="stylesheet" href="${escapeAttribute(linkBetween(file, MIRROR_STYLESHEET, ctx.baseUrl))}" /></head>`)
    .replace(/<body\b[^>]*>/, (body) => body + renderBanner(locale, linkBetween(file, aboutFile(locale), ctx.baseUrl), live(pageUrl)));
  return { html: rewritten, locale, links, title: textOf(/<title>([\s\S]*?)<\/title>/, html), description: descriptionOf(html) };
}

/** One `url 640w` candidate of a srcset. */
function rewriteCandidate(candidate: string, mapValue: (value: string) => string): string {
  const match = /^(\s*)(\S+)(.*)$/s.exec(candidate);
  return match ? `${match[1]}${mapValue(match[2]!)}${match[3]}` : candidate;
}

function pageLocale(html: string, ctx: RewriteContext): Locale {
  const lang = /<html\b[^>]*\slang="([^"]+)"/.exec(html)?.[1];
  return ctx.locales.find((l) => l === lang) ?? ctx.defaultLocale;
}

function textOf(pattern: RegExp, html: string): string {
  return unescapeHtml(pattern.exec(html)?.[1] ?? '').replace(/\s+/g, ' ').trim();
}

function descriptionOf(html: string): string {
  return textOf(/<meta name="description" content="([^"]*)"/, html);
}

interface FormPlace {
  locale: Locale;
  pageUrl: URL;
  site: URL;
  file: string;
  ctx: RewriteContext;
}

/**
 * A search form searches the copy; every other form needs the server, so it gives way to a note
 * with a link to where it works on the live site (and the organisation's email).
 */
function rewriteForm(form: string, attributes: string, place: FormPlace): string {
  const method = (/\smethod="([^"]*)"/.exec(attributes)?.[1] ?? 'get').toLowerCase();
  const action = unescapeHtml(/\saction="([^"]*)"/.exec(attributes)?.[1] ?? '');
  const actionUrl = new URL(action || place.pageUrl.href, place.pageUrl);
  const searchOf = place.ctx.locales.find((l) => actionUrl.pathname === searchPath(l));
  if (method === 'get' && searchOf && actionUrl.origin === place.site.origin) {
    const target = escapeAttribute(linkBetween(place.file, searchFile(searchOf), place.ctx.baseUrl));
    // The tag pass leaves a marked tag alone: the action is already the copy's search page.
    return form.replace(/<form\b[^>]*>/, (tag) => tag.replace(/\saction="[^"]*"/, ` action="${target}" ${KEEP_MARK}="search"`));
  }
  const kind = formKind(method, actionUrl.pathname);
  // A form that posts to a handler is shown where it lives on the live site: the page it is on,
  // unless the handler has a page of its own (subscribe, contact).
  const liveTarget = kind === 'subscribe' || kind === 'contact' || kind === 'filter' ? actionUrl.pathname : `${place.pageUrl.pathname}${place.pageUrl.search}`;
  return renderFormNotice(place.locale, kind, `${place.site.origin}${liveTarget}`, place.ctx.emails[place.locale]);
}

function formKind(method: string, pathname: string): FormKind {
  if (method === 'get') return 'filter';
  if (pathname.endsWith('/subscribe')) return 'subscribe';
  if (pathname.endsWith('/contact')) return 'contact';
  if (pathname.endsWith('/comments')) return 'comment';
  return 'other';
}

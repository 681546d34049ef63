import { fileForUrl, isPageFile, linkBetween } from './mirror.paths.js';
import { unescapeHtml, type RewriteContext } from './mirror.rewrite.js';
import { preparePage, type PreparedPage } from './mirror.page.js';
import type { MirrorWriter } from './mirror.writer.js';
import type { IndexedPage } from './mirror.search-index.js';
import type { MirrorInputs } from './mirror-inputs.repository.js';
import { fingerprintOf, itemsOf, PathTable, type FileRecord, type StateWriter } from './mirror.reuse.js';

/** One response of the live site, as the app answers it (`app.inject`): the crawl never goes over the network. */
export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

export type Fetcher = (path: string) => Promise<Fetched>;

/**
 * Renders a path and, when it is a page (status 200, HTML), prepares it for the copy where it was
 * rendered (`preparePage`, with its compressed forms unless its checksum is `previousSha256`);
 * anything else comes back as the app answered it.
 */
export type PageRenderer = (path: string, file: string, previousSha256: string | undefined) => Promise<Fetched | { page: PreparedPage }>;

export interface CrawlResult {
  /** Every file the crawl put in the copy, by the live path it came from. */
  fetched: number;
  /** Live paths of pages whose file this run wrote (new or changed). */
  changedPages: string[];
  /** Same-site links that did not answer with a page or a file, with the status they got. */
  unreachable: Array<{ path: string; status: number }>;
}

export interface CrawlOptions {
  fetch: Fetcher;
  /** Used instead of `fetch` when given: pages come rewritten and compressed (see `PageRenderer`). */
  render?: PageRenderer;
  writer: MirrorWriter;
  rewrite: RewriteContext;
  start: string[];
  maxFiles: number;
  concurrency: number;
  /** Given each page of the copy (its search results pages aside) for the search index, as it is crawled or kept. */
  indexPage?: (page: IndexedPage) => void;
  /**
   * With the fingerprints of the site's content: files whose fingerprint and stamps match the
   * previous run's record are kept without being fetched, and every file fetched or kept gets a
   * record in `state` for the next run; the records' addresses are numbers in `table`. A
   * previous record leaves `previous` once its file is looked at (it is not needed again), and a
   * new one goes to `state` as soon as it is made: neither waits in memory for the end of the run.
   */
  reuse?: { inputs: MirrorInputs; table: PathTable; previous: Map<string, FileRecord>; state: StateWriter };
}

/**
 * Sitemaps and feeds (application/xml, text/xml, application/rss+xml...), whose links are followed
 * and rewritten; not an office document, whose type may name Open XML but whose bytes are a ZIP.
 */
const XML_TYPE = /^[a-z]+\/(?:[a-z0-9.-]+\+)?xml\s*(?:;|$)/i;

/** Redirects the copy turns into a small page that forwards, as a static host cannot answer 301. */
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/**
 * Walks the live site through its own routes from the start paths, following every same-site
 * link of pages, stylesheets, feeds and the sitemap, and writes each answer into the copy
 * (rewritten where it is a page or a stylesheet). Bounded by `maxFiles`; `concurrency` answers are
 * in flight at once, so compression and file writes overlap the rendering of the next pages.
 */
export async function crawlSite(options: CrawlOptions): Promise<CrawlResult> {
  const result: CrawlResult = { fetched: 0, changedPages: [], unreachable: [] };
  const reuse = options.reuse;
  // Addresses by number: each held once, however many pages link to it (see `PathTable`).
  const table = reuse?.table ?? new PathTable();
  const queue: number[] = [];
  const seen = new Set<string>();
  // Every page links to the menus, the footer and the languages: a path looked at once is not
  // looked at again (a second run follows each kept page's recorded links).
  const looked = new Set<number>();
  const enqueueId = (id: number) => {
    if (looked.has(id)) return;
    looked.add(id);
    const path = table.text(id);
    const pathname = path.split('?')[0]!;
    if (options.rewrite.isExcluded(pathname) || options.rewrite.locales.some((l) => pathname === `/${l}/search`)) return;
    const file = fileForUrl(path);
    if (!file || seen.has(file) || seen.size >= options.maxFiles) return;
    seen.add(file);
    queue.push(id);
  };
  const enqueue = (link: string) => enqueueId(table.id(link));
  for (const path of options.start) enqueue(path);

  const indexed = (file: string) => !file.split('/').some((segment) => segment.startsWith('q-'));
  /** The previous run's file, kept when nothing it was made from has changed since. */
  const kept = async (path: number, file: string): Promise<boolean> => {
    const before = reuse?.previous.get(file);
    if (before) reuse!.previous.delete(file);
    if (!reuse || !before || before.path !== path || fingerprintOf(reuse.inputs, table, before.items) !== before.fingerprint) return false;
    if (!(await options.writer.keep(file, before.stamps))) return false;
    result.fetched += 1;
    before.links.forEach(enqueueId);
    if (before.page && indexed(file)) options.indexPage?.({ file, ...before.page });
    reuse.state.add(file, before);
    return true;
  };
  const record = (path: string, file: string, links: readonly string[], page?: FileRecord['page']) => {
    const stamps = options.writer.releaseStamps(file);
    if (!reuse) return;
    const pathId = table.id(path);
    const unique = Int32Array.from(new Set(links.map((link) => table.id(link))));
    const items = itemsOf(reuse.inputs, table, pathId, unique);
    reuse.state.add(file, { path: pathId, fingerprint: fingerprintOf(reuse.inputs, table, items), links: unique, items, stamps, ...(page ? { page } : {}) });
  };

  const putPage = async (path: string, file: string, page: PreparedPage) => {
    page.links.forEach(enqueue);
    if (await options.writer.put(file, page.bytes, page)) result.changedPages.push(path);
    const facts = { locale: page.locale, title: page.title, description: page.description };
    if (indexed(file)) options.indexPage?.({ file, ...facts });
    record(path, file, page.links, facts);
  };

  const visit = async (id: number) => {
    const path = table.text(id);
    // Worked out again rather than queued with the path: the queue holds every address of the site.
    const file = fileForUrl(path)!;
    if (await kept(id, file)) return;
    const links: string[] = [];
    const follow = (link: string) => {
      links.push(link);
      enqueue(link);
    };
    const answer = options.render ? await options.render(path, file, options.writer.previousChecksum(file)) : await options.fetch(path);
    if ('page' in answer) {
      result.fetched += 1;
      await putPage(path, file, answer.page);
      return;
    }
    const response = answer;
    const type = String(response.headers['content-type'] ?? '');
    if (REDIRECT.has(response.status)) {
      if (await writeRedirect(path, file, response, options, follow)) record(path, file, links);
      return;
    }
    if (response.status !== 200 || (isPageFile(file) && !type.startsWith('text/html'))) {
      result.unreachable.push({ path, status: response.status });
      return;
    }
    result.fetched += 1;
    if (type.startsWith('text/html')) {
      await putPage(path, file, preparePage(response.body.toString('utf8'), path, file, options.rewrite, { compress: false }));
      return;
    }
    let body = response.body;
    if (type.startsWith('text/css')) body = Buffer.from(rewriteStylesheet(body.toString('utf8'), path, file, options, follow));
    else if (XML_TYPE.test(type)) {
      // Unchanged without a base URL: the sitemap of a large site is megabytes, and a copy of it only costs memory.
      const xml = body.toString('utf8');
      const rewritten = rewriteXml(xml, options, follow);
      if (rewritten !== xml) body = Buffer.from(rewritten);
    }
    await options.writer.put(file, body);
    record(path, file, links);
  };

  let next = 0;
  const worker = async () => {
    while (next < queue.length) await visit(queue[next++]!);
  };
  // Workers stop when the queue runs dry; a page still in flight may add more, so go again until none do.
  while (next < queue.length) await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

function sameSite(value: string, from: string, publicUrl: string): string | undefined {
  try {
    const site = new URL(publicUrl);
    const target = new URL(value, new URL(from, site));
    return target.origin === site.origin ? `${target.pathname}${target.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** A page that forwards to where the live site redirects; false when the redirect leaves the site (nothing is written). */
async function writeRedirect(path: string, file: string, response: Fetched, options: CrawlOptions, enqueue: (p: string) => void): Promise<boolean> {
  const location = sameSite(String(response.headers.location ?? ''), path, options.rewrite.publicUrl);
  const targetFile = location && fileForUrl(location);
  if (!location || !targetFile || !isPageFile(file)) return false;
  enqueue(location);
  const href = linkBetween(file, targetFile, options.rewrite.baseUrl).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  await options.writer.put(
    file,
    Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${href}"><link rel="canonical" href="${options.rewrite.publicUrl}${location.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"><title>→</title></head><body><a href="${href}">${href}</a></body></html>\n`),
  );
  return true;
}

/** `url(/assets/font.woff2)` in a stylesheet: fetched, and pointed at the copy's file. */
function rewriteStylesheet(css: string, path: string, file: string, options: CrawlOptions, enqueue: (p: string) => void): string {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote: string, value: string) => {
    const target = sameSite(value, path, options.rewrite.publicUrl);
    const targetFile = target && fileForUrl(target);
    if (!target || !targetFile || value.startsWith('data:')) return whole;
    enqueue(target);
    return `url(${quote}${linkBetween(file, targetFile, options.rewrite.baseUrl)}${quote})`;
  });
}

/**
 * Feeds and the sitemap: their links are followed. They must stay absolute, so they keep the live
 * addresses (the items' canonical ones) unless the copy has a base URL of its own.
 */
function rewriteXml(xml: string, options: CrawlOptions, enqueue: (p: string) => void): string {
  const origin = new URL(options.rewrite.publicUrl).origin;
  for (const match of xml.matchAll(/(?:<loc>|<link>|<id>|\shref=")([^<"]+)/g)) {
    const target = sameSite(unescapeHtml(match[1]!), '/', options.rewrite.publicUrl);
    if (target && match[1]!.startsWith(origin)) enqueue(target);
  }
  if (!options.rewrite.baseUrl) return xml;
  const baseUrl = options.rewrite.baseUrl;
  return xml.replace(/(<loc>|<link>|<id>|\shref=")([^<"]+)/g, (whole, start: string, value: string) => {
    if (!value.startsWith(origin)) return whole;
    const file = fileForUrl(unescapeHtml(value.slice(origin.length)) || '/');
    return file ? `${start}${linkBetween('', file, baseUrl).replace(/&/g, '&amp;')}` : whole;
  });
}

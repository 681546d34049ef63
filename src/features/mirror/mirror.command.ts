import path from 'node:path';
import { formatDate } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { assetUrl } from '../../web/assets.js';
import { MIRROR_CSS, MIRROR_SEARCH_SCRIPT } from './mirror.assets.js';
import { crawlSite, type Fetched, type Fetcher } from './mirror.crawl.js';
import { SearchIndexSpool } from './mirror.search-index.js';
import type { PreparedPage } from './mirror.page.js';
import { MANIFEST_FILE, readManifestFiles } from './mirror.manifest.js';
import { mirrorMessages } from './mirror.messages.js';
import { fileForUrl, linkBetween, MIRROR_FOLDER } from './mirror.paths.js';
import { aboutFile, isStaffPath, MIRROR_STYLESHEET, searchFile, searchPath, type RewriteSettings } from './mirror.rewrite.js';
import type { MirrorTarget } from './mirror.target.js';
import { renderAboutPage, renderFolderPage, renderSearchPage } from './mirror.views.js';
import { MirrorWriter, type Compressor } from './mirror.writer.js';
import type { MirrorInputs } from './mirror-inputs.repository.js';
import { PathTable, readState, STATE_FILE, StateWriter, type FileRecord } from './mirror.reuse.js';

/** A bound on the crawl, far above any real site, so a link generator gone wrong cannot fill the disk. */
export const DEFAULT_MAX_FILES = 200_000;
/** Answers in flight at once: enough to keep both the renderer and the compressor busy. */
const CONCURRENCY = 8;
const SEARCH_SCRIPT = `${MIRROR_FOLDER}/search.js`;

export interface MirrorSiteFacts {
  name: string;
  email: string | undefined;
}

export interface MirrorOptions {
  fetch: Fetcher;
  /**
   * Renders and prepares pages elsewhere (the rendering threads of `dove mirror`): rewritten,
   * checksummed and compressed where they were rendered (see `PageRenderer`), with these settings.
   */
  renderPage?: (path: string, file: string, previousSha256: string | undefined, settings: RewriteSettings) => Promise<Fetched | { page: PreparedPage }>;
  /** Where the compressed forms of the files are made; on this thread unless given. */
  compress?: Compressor;
  target: MirrorTarget;
  publicUrl: string;
  /** Absolute links under this address instead of relative ones (no trailing slash). */
  baseUrl?: string;
  locales: readonly Locale[];
  defaultLocale: Locale;
  sites: Partial<Record<Locale, MirrorSiteFacts>>;
  timeZone: string;
  now?: Date;
  maxFiles?: number;
  /**
   * The fingerprints of what the pages are made from (`loadMirrorInputs`): with them a run keeps
   * the files of the previous one whose inputs did not change, without rendering them again.
   */
  inputs?: MirrorInputs;
}

export interface MirrorReport {
  files: number;
  /** Files this run wrote (new or changed), not counting their compressed forms. */
  written: string[];
  unchanged: number;
  removed: string[];
  /** Live addresses of the pages that are new or changed since the previous copy. */
  changedPages: string[];
  unreachable: Array<{ path: string; status: number }>;
}


/**
 * Makes or brings up to date a static copy of the public site in `target`: the crawl from the
 * home pages, the sitemap and (through the pages' links) the feeds; then the copy's own pages
 * (about this copy, search with its index); then the manifest.
 */
export async function mirrorSite(options: MirrorOptions): Promise<MirrorReport> {
  const now = options.now ?? new Date();
  const previous = await readManifestFiles(options.target);
  const writer = new MirrorWriter(options.target, previous, options.compress);
  const table = new PathTable();
  const reuse = options.inputs && { inputs: options.inputs, table, previous: previous ? await readState(options.target, table) : new Map<string, FileRecord>(), state: new StateWriter(table) };
  const emails = Object.fromEntries(options.locales.map((l) => [l, options.sites[l]?.email]));
  const settings: RewriteSettings = { publicUrl: options.publicUrl, baseUrl: options.baseUrl, locales: options.locales, defaultLocale: options.defaultLocale, emails };
  const renderPage = options.renderPage;
  const index = new SearchIndexSpool((locale, file) => linkBetween(searchFile(locale), file, options.baseUrl));
  let crawl: Awaited<ReturnType<typeof crawlSite>>;
  try {
    crawl = await crawlSite({
      fetch: options.fetch,
      ...(renderPage ? { render: (path: string, file: string, previous: string | undefined) => renderPage(path, file, previous, settings) } : {}),
      writer,
      rewrite: { ...settings, isExcluded: isStaffPath },
      start: ['/', ...options.locales.map((l) => `/${l}/`), '/sitemap.xml'],
      maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
      concurrency: CONCURRENCY,
      reuse,
      indexPage: (page) => index.add(page),
    });
    await writeOwnFiles(writer, options, now, index);
  } finally {
    index.close();
  }
  await writeFolderPages(writer, options);
  await writer.put(ROBOTS_FILE, Buffer.from(robotsOf(options.baseUrl)));
  const removed = await writer.finish(options.publicUrl, options.baseUrl, now);
  // Without fingerprints nothing is known about what the files were made from: no record is left to mislead a later run.
  if (reuse) await reuse.state.finish(options.target);
  else await options.target.remove(STATE_FILE);
  return {
    files: writer.fileCount,
    written: writer.written,
    unchanged: writer.unchanged,
    removed,
    changedPages: crawl.changedPages.map((path) => `${options.publicUrl}${path}`),
    unreachable: crawl.unreachable,
  };
}

const ROBOTS_FILE = 'robots.txt';

/**
 * The copy's robots.txt: its pages may be indexed (their canonical links credit the live site),
 * the pages about the copy may not. A sitemap is named only under a base URL, where the copy's
 * sitemap lists the copy's own addresses.
 */
function robotsOf(baseUrl: string | undefined): string {
  const lines = ['User-agent: *', `Disallow: /${MIRROR_FOLDER}/`, 'Allow: /', ''];
  if (baseUrl) lines.push(`Sitemap: ${baseUrl}/sitemap.xml`, '');
  return lines.join('\n');
}

/** An `index.html` in every folder that has no page of its own, so that no address of the copy is an error or a listing. */
async function writeFolderPages(writer: MirrorWriter, options: MirrorOptions): Promise<void> {
  const folders = new Set<string>();
  for (const file of writer.files()) {
    for (let folder = path.posix.dirname(file); folder !== '.' && !folders.has(folder); folder = path.posix.dirname(folder)) folders.add(folder);
  }
  for (const folder of [...folders].sort()) {
    const file = `${folder}/index.html`;
    if (writer.has(file)) continue;
    const link = (to: string) => linkBetween(file, to, options.baseUrl);
    const html = renderFolderPage({
      locale: options.defaultLocale,
      title: mirrorMessages[options.defaultLocale].folderTitle,
      stylesheets: [link(assetUrl('site.css').slice(1)), link(MIRROR_STYLESHEET)],
      languages: options.locales.map((locale) => ({ locale, homeHref: link(fileForUrl(`/${locale}/`)!), aboutHref: link(aboutFile(locale)) })),
    });
    await writer.put(file, Buffer.from(html));
  }
}

async function writeOwnFiles(writer: MirrorWriter, options: MirrorOptions, now: Date, index: SearchIndexSpool): Promise<void> {
  const link = (from: string, to: string) => linkBetween(from, to, options.baseUrl);
  const siteCss = assetUrl('site.css').slice(1);
  await writer.put(MIRROR_STYLESHEET, Buffer.from(MIRROR_CSS));
  await writer.put(SEARCH_SCRIPT, Buffer.from(MIRROR_SEARCH_SCRIPT));
  for (const locale of options.locales) {
    const site = options.sites[locale];
    const about = aboutFile(locale);
    const search = searchFile(locale);
    const stylesheets = (file: string) => [link(file, siteCss), link(file, MIRROR_STYLESHEET)];
    await writer.put(
      about,
      Buffer.from(
        renderAboutPage({
          locale,
          title: mirrorMessages[locale].aboutTitle,
          stylesheets: stylesheets(about),
          siteName: site?.name ?? options.publicUrl,
          // The day, not the moment: a copy remade the same day keeps this page as it was.
          madeOn: formatDate(now, locale, options.timeZone),
          canonicalUrl: `${options.publicUrl}/${locale}/`,
          email: site?.email,
          homeHref: link(about, fileForUrl(`/${locale}/`)!),
          manifestHref: link(about, MANIFEST_FILE),
          others: options.locales.filter((l) => l !== locale).map((l) => ({ locale: l, href: link(about, aboutFile(l)) })),
        }),
      ),
    );
    const indexFile = search.replace(/index\.html$/, 'index.json');
    await writer.put(indexFile, index.index(locale));
    await writer.put(
      search,
      Buffer.from(
        renderSearchPage({
          locale,
          title: mirrorMessages[locale].searchTitle,
          stylesheets: stylesheets(search),
          indexHref: link(search, indexFile),
          scriptHref: link(search, SEARCH_SCRIPT),
          siteMapHref: link(search, fileForUrl(`/${locale}/sitemap`)!),
          liveSearchUrl: `${options.publicUrl}${searchPath(locale)}`,
          aboutHref: link(search, about),
        }),
      ),
    );
  }
}

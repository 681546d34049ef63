/**
 * Where each address of the live site lives in the mirror. Every page of Dove is at a path
 * without an extension and every file (image, PDF, feed, stylesheet) at one with, so a link can
 * be mapped to its file without fetching it first: pages become `<path>/index.html`, files keep
 * their path. A query string (a filter, a page number) becomes one more folder, `q-<params>`, with
 * the parameters sorted so that the same filter always has the same file.
 */

/** The folder of the mirror's own pages (about this copy, search script): no route of the site starts with it. */
export const MIRROR_FOLDER = 'mirror';

const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

/** `a b.c` → `a~20b~2Ec`: letters, digits, `_` and `-` as they are, everything else escaped, so distinct values stay distinct. */
function escapeForFile(value: string): string {
  return encodeURIComponent(value).replace(/[.!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%/g, '~');
}

function queryFolder(search: URLSearchParams): string | undefined {
  const pairs = [...search].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  if (!pairs.length) return undefined;
  return `q-${pairs.map(([key, value]) => `${escapeForFile(key)}-${escapeForFile(value)}`).join('.')}`;
}

/**
 * The mirror file of a same-site path with its query (`/en/publications?topic=land` →
 * `en/publications/q-topic-land/index.html`), or undefined for one that cannot be a file
 * (`..`, NUL, a segment that is not valid percent-encoding).
 */
export function fileForUrl(url: string): string | undefined {
  // Every page links to the menus, the footer and the languages: the same few hundred addresses
  // are mapped over and over, so each is worked out once.
  if (filesByUrl.has(url)) return filesByUrl.get(url);
  if (filesByUrl.size >= MAX_REMEMBERED) filesByUrl.clear();
  const file = computeFileForUrl(url);
  // The address is often cut from a page's text (a link the rewriting found): kept as it is, it
  // kept that whole page in memory for the rest of the run, nearly every page of the site.
  filesByUrl.set(detached(url), file);
  return file;
}

/** A copy of a string that does not refer to the (larger) string it was cut from. */
export function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Addresses and files remembered: the shared links of every page, a few hundred, with room to
 * spare. The rendering threads keep these too, in a heap bounded to 128 MB (a copy of 10,000
 * publications ran a thread out of memory when each kept up to 200,000).
 */
const MAX_REMEMBERED = 5_000;
const filesByUrl = new Map<string, string | undefined>();
/** Each file's segments and, for each number of leading segments shared with a page's folder, the encoded rest (see `linkTarget`). */
const linkTargets = new Map<string, LinkTarget>();

function computeFileForUrl(url: string): string | undefined {
  let parsed: URL;
  let segments: string[];
  try {
    parsed = new URL(url, 'http://mirror.invalid');
    segments = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.some((s) => s === '.' || s === '..' || /[/\\\0]/.test(s))) return undefined;
  const query = queryFolder(parsed.searchParams);
  const last = segments.at(-1);
  if (last && EXTENSION.test(last) && !parsed.pathname.endsWith('/')) {
    if (!query) return segments.join('/');
    const ext = EXTENSION.exec(last)![0];
    return [...segments.slice(0, -1), `${last.slice(0, -ext.length)}.${query}${ext}`].join('/');
  }
  return [...segments, ...(query ? [query] : []), 'index.html'].join('/');
}

/** Whether a mirror file is a page (an `index.html` made from a page of the site). */
export function isPageFile(file: string): boolean {
  return file === 'index.html' || file.endsWith('/index.html');
}

/** A file's path as a URL path, each segment percent-encoded (`en/ក/index.html` → `en/%E1%9E%80/index.html`). */
export function encodeFilePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * How a mirror file links to another: relative (works from any folder, any host, even opened
 * from disk: so `index.html` is spelled out), or absolute under a base URL (`https://m.example/en/`).
 */
export function linkBetween(fromFile: string, toFile: string, baseUrl: string | undefined): string {
  if (baseUrl) return absoluteLink(toFile, baseUrl);
  const from = fromFile.split('/');
  from.pop();
  return relativeLink(from, toFile);
}

/** A file's address under a base URL (a page by its folder: `https://m.example/en/`). */
export function absoluteLink(toFile: string, baseUrl: string): string {
  const target = isPageFile(toFile) ? toFile.slice(0, -'index.html'.length) : toFile;
  return `${baseUrl}/${encodeFilePath(target)}`;
}

/**
 * A file as the target of relative links: its segments, and for each number of leading segments
 * a folder shares with it, the rest of its path percent-encoded, worked out once rather than on
 * every link to it.
 */
export interface LinkTarget {
  names: readonly string[];
  tails: readonly string[];
}

export function linkTarget(toFile: string): LinkTarget {
  let target = linkTargets.get(toFile);
  if (!target) {
    if (linkTargets.size >= MAX_REMEMBERED) linkTargets.clear();
    const names = toFile.split('/');
    const encoded = names.map(encodeURIComponent);
    target = { names, tails: encoded.map((_, common) => encoded.slice(common).join('/')) };
    linkTargets.set(detached(toFile), target);
  }
  return target;
}

/** `../` repeated: a folder of the copy is rarely more than a few levels deep. */
const UP: string[] = Array.from({ length: 16 }, (_, n) => '../'.repeat(n));

/** The relative link from a folder given as its segments to a prepared target (see `relativeLink`). */
export function relativeLinkTo(from: readonly string[], target: LinkTarget): string {
  const to = target.names;
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  const up = from.length - common;
  return (UP[up] ?? '../'.repeat(up)) + target.tails[common]!;
}

/**
 * The relative link to a file from a folder given as its segments (`['en', 'publications']`):
 * what `encodeFilePath(path.posix.relative(folder, to))` gives, without normalising both paths on
 * every link: the copy's file names are already normal (no `.`, `..` or `//`).
 */
export function relativeLink(from: readonly string[], toFile: string): string {
  return relativeLinkTo(from, linkTarget(toFile));
}

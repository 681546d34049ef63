/**
 * How old addresses are compared. WordPress links come percent-encoded or not, with or without
 * a trailing slash, in any letter case (WordPress matches slugs case-insensitively); a request
 * for any of these forms finds the same redirect.
 */

/** WordPress's query links (`/?p=12`, `/?page_id=3`, `/?cat=4`): the parameter that names the object. */
export const QUERY_LINK_PARAMS = ['p', 'page_id', 'attachment_id', 'cat', 'tag'] as const;

/** Longest old address kept; a longer one names nothing WordPress made. */
export const MAX_REDIRECT_KEY_LENGTH = 1000;

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The key of an old address (a full URL or a path with its query): the path decoded, NFC,
 * lower case, without trailing slashes; for a WordPress query link, `?name=value` of its one
 * naming parameter. Undefined for what cannot be an address.
 */
export function redirectKeyOf(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return undefined;
  }
  const path = decodePath(url.pathname).normalize('NFC').toLowerCase().replace(/\/+$/, '') || '/';
  const param = QUERY_LINK_PARAMS.find((name) => url.searchParams.get(name));
  const key = param ? `${path === '/' ? '' : path}/?${param}=${url.searchParams.get(param)!.toLowerCase()}` : path;
  return key.length <= MAX_REDIRECT_KEY_LENGTH ? key : undefined;
}

/** A redirect's target: a path of this site (not `//host`) or an http(s) address. */
export function isRedirectTarget(target: string): boolean {
  if (target.length > MAX_REDIRECT_KEY_LENGTH || [...target].some((c) => c.codePointAt(0)! <= 0x20)) return false;
  if (target.startsWith('/')) return !target.startsWith('//');
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

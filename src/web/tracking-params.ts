/*
 * Parameters that advertisers, mailers and social networks add to links. They never change a
 * page, so they are dropped from the page-cache key (otherwise every shared click is a new
 * render and a new cache entry, pushing real pages out) and from canonical and alternate links
 * (so search engines and readers who copy a link do not carry someone's click id along).
 */

const TRACKING_NAMES = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'igshid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'ref_src',
  'ref_url',
  'mkt_tok',
  '_hsenc',
  '_hsmi',
  'srsltid',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  's_cid',
]);

/** Families named by a prefix: utm_source, utm_medium… and HubSpot's hsa_*. */
const TRACKING_PREFIXES = ['utm_', 'hsa_'];

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_NAMES.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

function nameOf(pair: string): string {
  const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * `/en/news?page=2&fbclid=x` → `/en/news?page=2`. The other parameters keep their order and
 * their exact spelling, so two requests differ in the cache only where the page could.
 */
export function withoutTrackingParameters(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const pairs = url.slice(query + 1).split('&');
  const kept = pairs.filter((pair) => pair !== '' && !isTrackingParameter(nameOf(pair)));
  if (kept.length === pairs.length) return url;
  return kept.length ? `${url.slice(0, query)}?${kept.join('&')}` : url.slice(0, query);
}

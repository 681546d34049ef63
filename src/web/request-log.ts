import { isIPv4, isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';

/*
 * Request logs are kept by journald on the server and read by whoever runs it: they must not
 * become a record of who read what. So a log line keeps the path, a truncated address and only
 * the query parameters of public list filters; search terms, admin searches (which hold
 * subscribers' addresses) and signed-link tokens never reach it.
 */

/**
 * Query parameters of the public lists and filters (publications, news, alerts, events, gallery,
 * the HRD portal): they name a page, a year, a type or a code, never a person. Every other
 * parameter is dropped, so a new one is private until someone adds it here.
 */
const LOGGABLE_PARAMETERS = new Set([
  'page',
  'type',
  'topic',
  'year',
  'language',
  'kind',
  'province',
  'years',
  'right',
  'act',
  'perpetrator',
  'status',
]);

/** Values of the allowed parameters look like this; anything else (an address typed in by hand) is masked. */
const HARMLESS_VALUE = /^[A-Za-z0-9_-]{0,60}$/;

/** A path segment holding an `@` may be an address someone typed into the URL. */
const ADDRESS_IN_PATH = /[^/?#]*@[^/?#]*/g;

/**
 * The secure incident report (/<locale>/report...): a line there says someone may be reporting
 * abuse, so it keeps no address and no query, only the path.
 */
const UNTRACED_PATH = /^\/[^/?#]+\/report(?:[/?#]|$)/;

export function isUntracedPath(url: string): boolean {
  return UNTRACED_PATH.test(url);
}

/** The request URL as logs may keep it: the path, and only harmless public filter parameters. */
export function redactUrlForLog(url: string): string {
  const query = url.indexOf('?');
  if (isUntracedPath(url)) return query < 0 ? url : url.slice(0, query);
  const path = (query < 0 ? url : url.slice(0, query)).replace(ADDRESS_IN_PATH, 'redacted');
  if (query < 0) return path;
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(url.slice(query + 1))) {
    if (LOGGABLE_PARAMETERS.has(name)) kept.append(name, HARMLESS_VALUE.test(value) ? value : 'redacted');
  }
  const text = kept.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Truncation rather than a keyed hash: it needs no key to keep, rotate or leak, cannot be undone,
 * and still tells an operator which network a flood comes from. /24 and /48 are the blocks
 * usually given to one site or customer, so they name a network, not a household.
 */
export function truncateIpForLog(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return truncateIpv4(mapped[1]!);
  if (isIPv4(address)) return truncateIpv4(address);
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 3).join(':')}::/48`;
  return 'redacted';
}

function truncateIpv4(address: string): string {
  return `${address.split('.').slice(0, 3).join('.')}.0/24`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and an embedded IPv4 tail as two groups. */
function ipv6Groups(address: string): string[] {
  const toGroups = (part: string): string[] =>
    part
      .split(':')
      .filter(Boolean)
      .flatMap((g) => {
        if (!g.includes('.')) return [g.toLowerCase()];
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
      });
  const [head = '', tail] = address.split('::');
  const headGroups = toGroups(head);
  if (tail === undefined) return headGroups;
  const tailGroups = toGroups(tail);
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups];
}

/** What a log line reads of a request: Fastify's request, or the same fields of a raw one. */
export type LoggedRequest = Pick<FastifyRequest, 'method' | 'url' | 'host' | 'ip'>;

/**
 * Fastify's request log fields. No remote port: with a timestamp, an address and a port, a
 * provider that shares addresses (carrier-grade NAT) can name the subscriber.
 */
export function serializeRequestForLog(request: LoggedRequest) {
  return {
    method: request.method,
    url: redactUrlForLog(request.url),
    host: request.host,
    remoteAddress: isUntracedPath(request.url) ? undefined : truncateIpForLog(request.ip),
  };
}

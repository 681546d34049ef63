import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';

/**
 * One year, without includeSubDomains: the organisation may run other sites under its domain
 * that Dove knows nothing about, and a header sent from Dove must not break them.
 */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * Browser features no page of Dove uses, switched off so that neither an injected script nor an
 * embedded frame can ask a reader for their camera, microphone or position.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export interface TransportSecurityOptions {
  publicUrl: string;
}

/**
 * HTTPS as the reader got it. Dove itself speaks plain HTTP and TLS ends at the reverse proxy,
 * so `request.protocol` is https only when a trusted proxy said so (TRUST_PROXY). HSTS is sent
 * only then: over plain HTTP the header is meaningless, and a site reached directly (a health
 * check, a test) must not claim it. A reader who came through the proxy over plain HTTP to a
 * site whose PUBLIC_URL is https is sent to the https address, should the proxy not do so itself.
 */
export const transportSecurityPlugin = fp<TransportSecurityOptions>(
  async (app, { publicUrl }) => {
    const site = new URL(publicUrl);
    const httpsSite = site.protocol === 'https:';
    app.addHook('onRequest', async (request, reply) => {
      reply.header('permissions-policy', PERMISSIONS_POLICY);
      const action = transportActionFor(request, httpsSite);
      if (action.hsts) reply.header('strict-transport-security', action.hsts);
      // 308 rather than 301: the redirect keeps the method, and nothing of the request is guessed.
      // The target is built from PUBLIC_URL, never from the Host header a client chose.
      if (action.redirect) return reply.redirect(`${site.origin}${request.url}`, 308);
    });
  },
  { name: 'dove-transport-security' },
);

const HSTS = `max-age=${HSTS_MAX_AGE_SECONDS}`;

/** What the transport asks of a response: HSTS to send, or a redirect to the https address. */
export interface TransportAction {
  hsts?: string;
  redirect: boolean;
}

const NOTHING: TransportAction = { redirect: false };
const SEND_HSTS: TransportAction = { hsts: HSTS, redirect: false };
const REDIRECT: TransportAction = { redirect: true };

/** Used by this plugin's hook and by the page cache, which answers hits before that hook runs. */
export function transportActionFor(request: FastifyRequest, httpsSite: boolean): TransportAction {
  if (request.protocol === 'https') return SEND_HSTS;
  if (httpsSite && isReadRequest(request) && cameThroughTrustedProxy(request)) return REDIRECT;
  return NOTHING;
}

/**
 * Whether a peer is a trusted proxy, decided as Fastify decides it for `request.protocol` and
 * `request.ips` (the same library, on the same TRUST_PROXY list).
 */
export function trustedPeerCheck(trustProxy: readonly string[]): (address: string) => boolean {
  if (trustProxy.length === 0) return () => false;
  const trust = proxyAddr.compile([...trustProxy]);
  return (address) => trust(address, 0);
}

/**
 * `transportActionFor` on a request Fastify has not seen yet (a page-cache hit answered before
 * routing), or undefined where only Fastify's request would tell: a read from a trusted proxy
 * that came over plain HTTP to an https site (it may be redirected), which is left to the route.
 */
export function rawTransportActionFor(request: IncomingMessage, httpsSite: boolean, trustsPeer: (address: string) => boolean): TransportAction | undefined {
  const socket = request.socket;
  const peer = socket.remoteAddress;
  const forwardedProto = request.headers['x-forwarded-proto'];
  if (forwardedProto && peer !== undefined && trustsPeer(peer)) {
    if (lastEntry(forwardedProto) === 'https') return SEND_HSTS;
    return httpsSite ? undefined : NOTHING;
  }
  if ((socket as { encrypted?: boolean }).encrypted) return SEND_HSTS;
  // Not through a trusted proxy: never redirected (see cameThroughTrustedProxy), except that a
  // trusted peer without X-Forwarded-Proto may still have forwarded an address.
  if (httpsSite && peer !== undefined && trustsPeer(peer)) return undefined;
  return NOTHING;
}

/** The last of a header's comma-separated values, as Fastify reads X-Forwarded-Proto and -Host. */
export function lastEntry(value: string | string[]): string {
  const text = Array.isArray(value) ? value.join(',') : value;
  const at = text.lastIndexOf(',');
  return at === -1 ? text.trim() : text.slice(at + 1).trim();
}

/**
 * Only reads are redirected: a form already sent over plain HTTP has been exposed on the way,
 * and sending it again would not take that back.
 */
function isReadRequest(request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/**
 * `request.ips` lists the socket's address, then each forwarded address for as long as the hop
 * before it is trusted: more than one entry means a trusted proxy forwarded this request.
 */
function cameThroughTrustedProxy(request: FastifyRequest): boolean {
  return (request.ips?.length ?? 0) > 1;
}

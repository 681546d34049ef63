import type { FastifyRequest } from 'fastify';

/** Query parameters that carry a credential: a signed link's token opens a subscriber's preferences. */
const SECRET_PARAMETERS = ['token'];

/** The request URL as logs may keep it: signed-link tokens replaced, so a log reader cannot use them. */
export function redactUrlForLog(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  let changed = false;
  for (const name of SECRET_PARAMETERS) {
    if (params.has(name)) {
      params.set(name, 'redacted');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, query)}?${params.toString()}` : url;
}

/** Fastify's request log fields, with the URL redacted. */
export function serializeRequestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrlForLog(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

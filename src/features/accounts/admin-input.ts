import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendErrorPage } from '../../web/errors.plugin.js';

/** The only bodies staff forms send: plain forms, and uploads. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** PostgreSQL refuses U+0000 in text; no form has a use for it. */
const NUL = '\u0000';

function isAdminUrl(url: string): boolean {
  return url === '/admin' || /^\/admin[/?]/.test(url);
}

function mediaTypeOf(request: FastifyRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

/** True when a query, body or parameter value (strings, lists, nested objects) holds a NUL. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (!value || typeof value !== 'object' || depth > 4) return false;
  return Object.entries(value).some(([key, v]) => key.includes(NUL) || containsNul(v, depth + 1));
}

/**
 * Staff input that no admin form produces is refused with the 400 page before any handler reads
 * it: JSON or text bodies (handlers read flat form fields and would meet objects), and U+0000
 * anywhere in the query, the parameters or a parsed body. Upload parts are read by their routes,
 * which clean file names themselves.
 */
export function guardAdminInput(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isAdminUrl(request.url) || request.headers['content-type'] === undefined) return;
    const type = mediaTypeOf(request);
    if (type && FORM_TYPES.includes(type)) return;
    return sendErrorPage(app, request, reply, 'badRequest');
  });
  app.addHook('preValidation', async (request, reply) => {
    if (!isAdminUrl(request.url)) return;
    if (containsNul(request.query) || containsNul(request.params) || containsNul(request.body)) {
      return sendErrorPage(app, request, reply, 'badRequest');
    }
  });
}

import type { FastifyInstance } from 'fastify';

/** Public subscriber forms are a handful of short fields; anything larger is refused unread. */
export const PUBLIC_FORM_BODY_LIMIT_BYTES = 16 * 1024;
/** Set on a parsed body when some bytes or percent-escapes were not valid UTF-8. */
export const INVALID_ENCODING = '__invalidEncoding';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Url-encoded bodies, read strictly: invalid UTF-8 (raw bytes or `%FF`-style escapes) is not
 * turned into replacement characters or left as escapes, it is flagged, so the form can say
 * so and keep the fields that were fine. Repeated names become lists, as browsers send them.
 */
export function parseFormBody(raw: Buffer): Record<string, string | string[] | boolean> {
  const out: Record<string, string | string[] | boolean> = {};
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    return { [INVALID_ENCODING]: true };
  }
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, ' '));
      value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
    } catch {
      out[INVALID_ENCODING] = true;
      continue;
    }
    if (key === INVALID_ENCODING || key === '__proto__') continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else if (typeof existing === 'string') out[key] = [existing, value];
  }
  return out;
}

/** Replaces the url-encoded parser in this plugin's scope (the rest of the app keeps its own). */
export function useStrictFormParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: PUBLIC_FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, parseFormBody(body as Buffer));
  });
}

import fp from 'fastify-plugin';
import { sendErrorPage } from './errors.plugin.js';

/**
 * The one reader of url-encoded bodies (every form of the site posts one). It is strict where
 * the common parsers are lenient: a body over the size limit is refused unread, one with too many
 * fields is refused, and bytes or percent-escapes that are not UTF-8, or a U+0000 anywhere, are
 * flagged rather than passed on as if they were text. A route that shows such problems inside its
 * own form says so with `config.formProblemsInForm`; every other route answers with the 400 page
 * in the visitor's language before its handler runs.
 */

/** Forms are small; uploads (multipart) and the public subscribe routes set their own limit. */
export const FORM_BODY_LIMIT_BYTES = 256 * 1024;
/** More fields than the largest staff form (the editor, in every language) sends. */
export const MAX_FORM_FIELDS = 1000;

export type FormBodyProblem = 'encoding' | 'nul' | 'tooManyFields';

/**
 * A parsed body: each name maps to its value, or to the list of its values when the name came
 * more than once (checkboxes, multi-selects) — in the order sent. No prototype, so no name
 * (`__proto__`, `constructor`) means anything but a field.
 */
export type FormBody = Record<string, string | string[]>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * This route reads broken text (bad UTF-8, U+0000) through its own field rules and shows it
     * in its form, with what the person typed; too many fields still get the 400 page.
     */
    formProblemsInForm?: boolean;
  }
}

const problems = new WeakMap<object, FormBodyProblem>();

/** What was wrong with a parsed body, if anything. */
export function formBodyProblem(body: unknown): FormBodyProblem | undefined {
  return body && typeof body === 'object' ? problems.get(body) : undefined;
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

interface Decoded {
  text: string;
  broken: boolean;
}

/** One name or value: `+` is a space, `%XY` a byte; the bytes must be UTF-8. */
function decodePart(raw: Buffer): Decoded {
  const bytes = Buffer.allocUnsafe(raw.length);
  let length = 0;
  let broken = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === PLUS) bytes[length++] = SPACE;
    else if (byte === PERCENT) {
      const high = hexValue(raw[i + 1]);
      const low = hexValue(raw[i + 2]);
      if (high < 0 || low < 0) {
        // A stray `%` is kept as it came, and the body is marked broken.
        broken = true;
        bytes[length++] = byte;
      } else {
        bytes[length++] = high * 16 + low;
        i += 2;
      }
    } else bytes[length++] = byte;
  }
  const view = bytes.subarray(0, length);
  try {
    return { text: strictUtf8.decode(view), broken };
  } catch {
    // Kept with U+FFFD in place of the bad bytes, so field rules can point at the field.
    return { text: lenientUtf8.decode(view), broken: true };
  }
}

function* pairsOf(raw: Buffer): Generator<Buffer> {
  let start = 0;
  while (start <= raw.length) {
    const end = raw.indexOf(AMPERSAND, start);
    const stop = end < 0 ? raw.length : end;
    if (stop > start) yield raw.subarray(start, stop);
    start = stop + 1;
  }
}

/** Reads a url-encoded body; a problem found on the way is kept for `formBodyProblem`. */
export function parseFormBody(raw: Buffer): FormBody {
  const body: FormBody = Object.create(null) as FormBody;
  let problem: FormBodyProblem | undefined;
  let fields = 0;
  for (const pair of pairsOf(raw)) {
    if (++fields > MAX_FORM_FIELDS) {
      problem = 'tooManyFields';
      break;
    }
    const at = pair.indexOf(EQUALS);
    const name = decodePart(at < 0 ? pair : pair.subarray(0, at));
    const value = decodePart(at < 0 ? Buffer.alloc(0) : pair.subarray(at + 1));
    if (name.broken || value.broken) problem ??= 'encoding';
    else if (name.text.includes('\0') || value.text.includes('\0')) problem ??= 'nul';
    const seen = body[name.text];
    body[name.text] = seen === undefined ? value.text : [...(typeof seen === 'string' ? [seen] : seen), value.text];
  }
  if (problem) problems.set(body, problem);
  return body;
}

/** Registers the parser for the whole app, and the 400 page for flagged bodies. */
export const formBodyPlugin = fp(
  async (app) => {
    const type = 'application/x-www-form-urlencoded';
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
      done(null, parseFormBody(body as Buffer));
    });
    app.addHook('preValidation', async (request, reply) => {
      const problem = formBodyProblem(request.body);
      if (!problem || (problem !== 'tooManyFields' && request.routeOptions.config.formProblemsInForm)) return;
      return sendErrorPage(app, request, reply, 'badRequest');
    });
  },
  { name: 'dove-form-body', dependencies: ['dove-errors'] },
);

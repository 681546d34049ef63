import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { isDatabaseUnavailable } from '../db/connection.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import { Layout } from './layout.js';
import { localePath } from './paths.js';
import { webMessages } from './web.messages.js';
import { defineMessages } from '../i18n/messages.js';

/**
 * Longer URLs are refused before routing: no page of the site needs one. Routes that take free
 * text (search) opt out with `config.allowLongUrl` and shorten the text themselves; Node's own
 * header limit (16 KB) still bounds them.
 */
export const MAX_URL_LENGTH = 2048;

declare module 'fastify' {
  interface FastifyContextConfig {
    allowLongUrl?: boolean;
  }
}

type ErrorKind = 'notFound' | 'badRequest' | 'forbidden' | 'payloadTooLarge' | 'serverError' | 'unavailable';
const STATUS: Record<ErrorKind, number> = { notFound: 404, badRequest: 400, forbidden: 403, payloadTooLarge: 413, serverError: 500, unavailable: 503 };
/** What a 503 asks clients and crawlers to wait before trying again, in seconds. */
const RETRY_AFTER_S = 30;

/** A body over a route's limit (FORM_BODY_LIMIT_BYTES in form-body.ts for forms): said plainly, in the visitor's language. */
const tooLargeMessages = defineMessages({
  en: {
    payloadTooLargeTitle: 'What you sent is too large',
    payloadTooLargeBody: 'The form you sent was larger than this site accepts. Nothing was saved. Please go back, shorten your text and send it again.',
  },
  km: {
    payloadTooLargeTitle: 'អ្វីដែលអ្នកបានផ្ញើមានទំហំធំពេក',
    payloadTooLargeBody: 'ទម្រង់ដែលអ្នកបានផ្ញើមានទំហំធំជាងគេហទំព័រនេះអាចទទួលយកបាន។ គ្មានអ្វីត្រូវបានរក្សាទុកទេ។ សូមត្រឡប់ក្រោយ បង្រួមអត្ថបទរបស់អ្នក ហើយផ្ញើម្ដងទៀត។',
  },
});

/** The visitor's language is the URL's first segment when it names a locale. */
function localeOfUrl(app: FastifyInstance, url: string): Locale {
  const first = url.split(/[/?]/)[1];
  return isLocale(first, app.config.locales) ? first : app.config.defaultLocale;
}

export async function sendErrorPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ErrorKind,
): Promise<FastifyReply> {
  const locale = localeOfUrl(app, request.url);
  const t = webMessages[locale];
  const title = kind === 'payloadTooLarge' ? tooLargeMessages[locale].payloadTooLargeTitle : t[`${kind}Title`];
  const body = kind === 'payloadTooLarge' ? tooLargeMessages[locale].payloadTooLargeBody : t[`${kind}Body`];
  reply.header('cache-control', 'no-store');
  if (kind === 'unavailable') reply.header('retry-after', String(RETRY_AFTER_S));
  try {
    const ctx = await app.siteContexts.get(locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} meta={{ title, path: '/', noindex: true }}>
        <article class="error-page">
          <h1>{title}</h1>
          <p>{body}</p>
          <p>
            <a href={localePath(locale, '/')}>{t.goHome}</a> · <a href={localePath(locale, '/sitemap')}>{t.siteMap}</a>
          </p>
        </article>
      </Layout>,
      STATUS[kind],
    );
  } catch (err) {
    // The database itself may be what failed: answer in plain text rather than not at all.
    request.log.error({ err }, 'error page could not be rendered');
    return reply.code(STATUS[kind]).type('text/plain; charset=utf-8').send(`${title}\n\n${body}\n`);
  }
}

/**
 * Fastify builds the reply of a malformed URL (frameworkErrors) from its bare Reply class, before
 * any route or plugin applies: the reply decorators (sendHtml) do not exist on it yet.
 */
function sendPage(reply: FastifyReply, tree: VNode, status: number): FastifyReply {
  if (typeof reply.sendHtml === 'function') return reply.sendHtml(tree, status);
  return reply.code(status).type('text/html; charset=utf-8').send(`<!doctype html>${renderToString(tree)}`);
}

/** 404, 400 and 500 pages in the visitor's language; never a stack trace. */
export const errorsPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.length > MAX_URL_LENGTH && !request.routeOptions.config.allowLongUrl) {
        return sendErrorPage(app, request, reply, 'badRequest');
      }
    });
    app.setNotFoundHandler((request, reply) => sendErrorPage(app, request, reply, 'notFound'));
    app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (isDatabaseUnavailable(error)) {
        // A database restart or failover: the pool reconnects by itself, so say "try again".
        request.log.warn({ err: error }, 'database unavailable');
        return sendErrorPage(app, request, reply, 'unavailable');
      }
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return sendErrorPage(app, request, reply, 'serverError');
      }
      if (status === 404) return sendErrorPage(app, request, reply, 'notFound');
      if (status === 413) return sendErrorPage(app, request, reply, 'payloadTooLarge');
      // A missing or wrong CSRF token, a refused permission, or no session for a form post.
      if (status === 401 || status === 403) return sendErrorPage(app, request, reply, 'forbidden');
      return sendErrorPage(app, request, reply, 'badRequest');
    });
  },
  { name: 'dove-errors', dependencies: ['dove-responses'] },
);

import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { guardAdminInput } from './admin-input.js';
import { loadOrCreateSecret } from './secret.js';
import { findActiveSession } from './sessions.repository.js';
import './session-user.js';

export const SESSION_COOKIE = 'dove_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable while the second factor is still to be checked (the two-factor step itself). */
    allowPendingTwoFactor?: boolean;
    /**
     * How this route's state changes are protected against cross-site requests (default: a CSRF
     * token). 'same-origin' also accepts a request the browser marks as coming from this site
     * (Sec-Fetch-Site or Origin): public forms on cached pages, which cannot carry a per-visitor
     * token. 'signed-url' is for requests authorised by a signed token in the URL alone, such as
     * one-click unsubscribe (RFC 8058), which mail providers send without cookies or Origin.
     */
    csrf?: 'token' | 'same-origin' | 'signed-url';
  }
  interface FastifyRequest {
    /** True once the session passed its second factor, or when none is required yet. */
    twoFactorVerified: boolean;
  }
}

/**
 * Cookies are `Secure` whenever the site is an https one (PUBLIC_URL), and otherwise whenever the
 * request itself came over HTTPS ('auto' reads `request.protocol`, which a trusted proxy sets).
 */
export function sessionCookieOptions(publicUrl: string, maxAgeSeconds?: number) {
  const secure = publicUrl.startsWith('https:') ? true : ('auto' as const);
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/**
 * Staff sessions, deny-by-default access and CSRF protection for the whole app.
 * - A route is reachable without signing in only when its config says `public: true`.
 * - Every POST/PUT/PATCH/DELETE must carry a valid CSRF token (`_csrf` field or header).
 * - The session is looked up only for non-public routes, so readers' pages cost no query.
 */
export const accountsPlugin = fp(
  async (app) => {
    const times = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours };
    await app.register(cookie, { secret: loadOrCreateSecret(app.config.sessionSecret, app.config.dataDir) });
    await app.register(csrf, { cookieOpts: { signed: true, ...sessionCookieOptions(app.config.publicUrl) } });

    guardAdminInput(app);
    app.decorateRequest('user', null);
    app.decorateRequest('twoFactorVerified', false);

    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config;
      if (config.public || request.is404) return;
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await findActiveSession(app.db, token, times, app.config.locales) : undefined;
      if (session) {
        request.user = session.user;
        request.twoFactorVerified = session.twoFactorVerified;
      }
      if (!session) return sendToSignIn(request, reply);
      if (!session.twoFactorVerified && !config.allowPendingTwoFactor) {
        return reply.redirect('/admin/sign-in/two-factor', 303);
      }
    });

    const siteOrigin = new URL(app.config.publicUrl).origin;
    app.addHook('preHandler', (request, reply, done) => {
      if (!STATE_CHANGING.has(request.method)) return done();
      const mode = request.routeOptions.config.csrf ?? 'token';
      if (mode === 'signed-url') return done();
      if (mode === 'same-origin' && comesFromThisSite(request, siteOrigin)) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'dove-accounts', dependencies: ['dove-errors', 'dove-form-body'] },
);

/** Browsers say where a form was sent from; a request that says nothing must carry a token instead. */
function comesFromThisSite(request: FastifyRequest, siteOrigin: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite) return fetchSite === 'same-origin';
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  return origin === siteOrigin || origin === `${request.protocol}://${request.host}`;
}

function sendToSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const next = encodeURIComponent(request.url);
    return reply.header('cache-control', 'no-store').redirect(`/admin/sign-in?next=${next}`, 303);
  }
  return reply.code(401).send(Object.assign(new Error('Sign in first'), { statusCode: 401 }));
}

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ComponentChildren } from 'preact';
import { AdminLayout, type AdminNavItem, type AdminSection } from './admin-layout.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The admin's sections in menu order, handed in by `adminFrame` where features are assembled. */
    adminSections: readonly AdminSection[];
  }
}

/** The frame's plugin: the sections the features hand it, for every admin page's menu. */
export function adminFrame(sections: readonly AdminSection[]): FastifyPluginAsync {
  return fp(
    async (app) => {
      app.decorate('adminSections', sections);
    },
    { name: 'admin-frame' },
  );
}

/** The menu entries this request's user may open; a section without `visibleTo` is open to all staff. */
export function adminNavFor(request: FastifyRequest): AdminNavItem[] {
  return request.server.adminSections.filter((section) => section.visibleTo?.(request.user) ?? true);
}

const tokens = new WeakMap<FastifyReply, string>();

/**
 * The CSRF token of this response. Made once per response: a second `generateCsrf()` on a
 * request without a secret cookie would set a new secret and invalidate the first token.
 */
export function csrfTokenFor(reply: FastifyReply): string {
  let token = tokens.get(reply);
  if (!token) {
    token = reply.generateCsrf();
    tokens.set(reply, token);
  }
  return token;
}

/** Renders an admin page in the user's language; admin pages are never stored by anyone. */
export function sendAdminPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: { title: string; path: string; status?: number; children: ComponentChildren; head?: ComponentChildren },
): FastifyReply {
  const csrfToken = csrfTokenFor(reply);
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout user={request.user} title={page.title} path={page.path} nav={adminNavFor(request)} csrfToken={csrfToken} head={page.head}>
      {page.children}
    </AdminLayout>,
    page.status ?? 200,
  );
}

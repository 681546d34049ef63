import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/database.js';
import { redirectKeyOf } from './redirect-paths.js';
import { listRedirectTargets } from './redirects.repository.js';

/** How long browsers and proxies may keep a redirect, in seconds: an editor may change it. */
const REDIRECT_MAX_AGE_S = 3600;

/**
 * The redirects in memory, so a normal page costs one map lookup and no query: the table is
 * read when first needed and again after any change to content, made here, on another server
 * or by a command (`dove import wordpress`), as the page cache is emptied (change-notices.ts).
 */
export class RedirectTable {
  private targets = new Map<string, string>();
  private loaded = false;
  /** Counts invalidations: a read that began before the last one may hold what it forgot. */
  private generation = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /** Forgets the copy: the next lookup reads the table again. */
  invalidate(): void {
    this.loaded = false;
    this.generation += 1;
    this.loading = undefined;
  }

  async lookup(key: string): Promise<string | undefined> {
    if (!this.loaded) {
      // A database that does not answer must not fail every page here: the old copy serves
      // (none at first), the next request tries again, and the route meets the outage itself.
      await this.reload().catch(() => undefined);
    }
    return this.targets.get(key);
  }

  private reload(): Promise<void> {
    this.loading ??= this.read(this.generation);
    return this.loading;
  }

  private async read(generation: number): Promise<void> {
    try {
      const rows = await listRedirectTargets(this.db);
      if (generation !== this.generation) return;
      this.targets = new Map(rows.map((r) => [r.fromPath, r.toPath]));
      this.loaded = true;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    redirects: RedirectTable;
  }
}

/** Answers a read of an old address with a 301 to its new one, before any route runs. */
export const redirectsPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('redirects', new RedirectTable(app.db));
    app.whenContentChanges(() => app.redirects.invalidate());
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const key = redirectKeyOf(request.url);
      const target = key && (await app.redirects.lookup(key));
      if (!target) return;
      return reply.code(301).header('location', /[^\x20-\x7e]/.test(target) ? encodeURI(target) : target).header('cache-control', `public, max-age=${REDIRECT_MAX_AGE_S}`).send();
    });
  },
  { name: 'dove-redirects' },
);

import helmet from '@fastify/helmet';
import sensible from '@fastify/sensible';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { createRateLimits, type RateLimits } from './db/rate-limits.js';
import { accountsPlugin } from './features/accounts/accounts.plugin.js';
import { localeFeatures, readerGlobalFeatures } from './features/index.js';
import { rootRoutes } from './features/site/root.routes.js';
import { SearchBox } from './features/search/search-box.js';
import { loadSiteContext } from './features/site/site-context.loader.js';
import { SubscribeFooterForm } from './features/subscribers/subscribers.views.js';
import { assetRoutes } from './web/assets.routes.js';
import { errorsPlugin, sendErrorPage } from './web/errors.plugin.js';
import { formBodyPlugin } from './web/form-body.js';
import { hitsFirstServerFactory, responsesPlugin, type HitsBeforeRouting } from './web/responses.plugin.js';
import { SiteContexts } from './web/site-context.js';
import { transportSecurityPlugin } from './web/transport-security.plugin.js';
import { createVault, loadKeyEncryptionKey, type Vault } from './crypto/envelope.js';
import { createLogger } from './logger.js';
import { createObjectStorage, type ObjectStorage } from './storage/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    siteContexts: SiteContexts;
    /** Seals and opens protected case data; the key is read on first use. */
    vault: Vault;
    /** The counts of every rate limit, shared by all servers (in the database, or Redis when configured). */
    rateLimits: RateLimits;
    /** Where file bytes are kept (uploads, renditions, evidence): disk or an S3-compatible bucket. */
    storage: ObjectStorage;
    /** False in an app built for a one-off command (the mirror): it renders pages and changes nothing. */
    runsPeriodicTasks: boolean;
    /** True in an app that renders every page of every list (the mirror's), whose list orders are kept with no time bound: see `BuildAppOptions.keepListOrders`. */
    keepsListOrders: boolean;
  }
}

export interface BuildAppOptions {
  config: Config;
  db: Db;
  logger?: boolean;
  /** The process's logger (see createLogger); by default the app makes its own. */
  log?: FastifyBaseLogger;
  /** The object storage; by default the app makes one from the configuration and closes it with itself. */
  storage?: ObjectStorage;
  /**
   * Whether the periodic tasks (scheduled publishing, notifications, PDF texts) run: true for a
   * server. An app that only reads, such as the mirror's, leaves them off, so nothing publishes
   * or changes under it while it works.
   */
  periodicTasks?: boolean;
  /**
   * Whether a paged list keeps the order of all its items per filter with no time bound (until
   * content changes or the clock reaches a scheduled item): for an app that renders every page
   * of every list (the mirror's), where sorting the whole list again for each page made list
   * pages cost 15-20 ms at 10,000 publications, and which changes nothing while it works. A
   * server keeps the publication list's orders too, but for the page cache's time to live at
   * most, the bound for a change that was not announced (`keptListOrders`).
   */
  keepListOrders?: boolean;
  /**
   * Whether the app serves readers' pages only: the staff's pages and tasks (sign-in, the admin,
   * the editor, mailings) are neither registered nor loaded. For the mirror's rendering threads,
   * whose copy never has a staff page (`isStaffPath`): each thread loads and builds less at start.
   */
  readersOnly?: boolean;
}

/**
 * Builds the app in three layers, in this order because each depends on the one before:
 * external plugins (security headers, helpers), then Dove's own shared plugins (responses
 * with the page cache, error pages, the one form-body parser, sessions with deny-by-default
 * access and CSRF checks), then the features, one plugin each. The responses plugin alone comes
 * before the external plugins: its page-cache hook answers a hit before any other hook runs,
 * and the server it makes answers a hit before Fastify routes the request at all.
 */
export async function buildApp({ config, db, logger = true, log, storage, periodicTasks = true, keepListOrders = false, readersOnly = false }: BuildAppOptions): Promise<FastifyInstance> {
  const hitsBeforeRouting: HitsBeforeRouting = {};
  const app = Fastify({
    ...(logger ? { loggerInstance: log ?? createLogger(config) } : { logger: false }),
    // Only the named proxy may speak for the client; without one, X-Forwarded-* headers are ignored.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // Node's server as Fastify makes it, offering each request to the page cache before routing.
    serverFactory: hitsFirstServerFactory(hitsBeforeRouting),
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs (bad percent-encoding) never reach a route: answer with the 400 page.
    frameworkErrors: (_error, request, reply) => {
      void sendErrorPage(app, request, reply, 'badRequest');
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('runsPeriodicTasks', periodicTasks);
  app.decorate('keepsListOrders', keepListOrders);
  const rateLimits = createRateLimits(db, { redisUrl: config.redisUrl });
  app.decorate('rateLimits', rateLimits);
  app.addHook('onClose', () => rateLimits.close());
  app.decorate('storage', storage ?? createObjectStorage(config.storage));
  if (!storage) app.addHook('onClose', () => app.storage.close());
  // The shared layout draws the search field and the subscribe form without knowing either feature.
  const slots = { HeaderSearch: SearchBox, FooterForm: SubscribeFooterForm };
  app.decorate('siteContexts', new SiteContexts((locale) => loadSiteContext(db, config, locale), slots));
  let vault: Vault | undefined;
  app.decorate('vault', {
    getter: () => (vault ??= createVault(loadKeyEncryptionKey(config.encryptionKey, config.dataDir))),
  });
  // First, so that a page-cache hit is answered before any other plugin's hooks run.
  await app.register(responsesPlugin, {
    pageCache: config.pageCache,
    pageCacheMaxBytes: config.pageCacheMaxMb * 1024 * 1024,
    pageCacheTtlSeconds: config.pageCacheTtlSeconds,
    publicUrl: config.publicUrl,
    onionAddress: config.onionAddress,
    trustProxy: config.trustProxy,
  });
  hitsBeforeRouting.answer = app.answerHitBeforeRouting;

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Fonts are self-hosted; helmet's default would also allow any https: origin and data:.
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Readers' pages load nothing from elsewhere; cross-origin isolation would only break links.
    crossOriginEmbedderPolicy: false,
    // Sent by transportSecurityPlugin, and only over HTTPS.
    strictTransportSecurity: false,
  });
  await app.register(transportSecurityPlugin, { publicUrl: config.publicUrl });
  // The incident report (features/incident-reports) is always one of the quick-exit pages.
  await app.register(sensible);

  await app.register(errorsPlugin);
  await app.register(formBodyPlugin);
  await app.register(accountsPlugin);
  await app.register(assetRoutes);
  await app.register(rootRoutes);

  const globalFeatures = readersOnly ? Object.values(readerGlobalFeatures) : (await import('./features/all-global-features.js')).globalFeatures;
  for (const feature of globalFeatures) await app.register(feature);
  for (const locale of config.locales) {
    for (const feature of localeFeatures) {
      await app.register(feature, { prefix: `/${locale}`, locale });
    }
  }
  return app;
}

import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { registerSubscriberLinks, SubscriberLinks } from './signed-link.js';

// Keyed by the app's database handle: every plugin of one app shares it, each app has its own.
const byApp = new WeakMap<Db, SubscriberLinks>();

/** The app's link signer, made once from its cookie secret and registered for `notifySubscribers`. */
export function subscriberLinksOf(app: FastifyInstance): SubscriberLinks {
  let links = byApp.get(app.db);
  if (!links) {
    links = new SubscriberLinks(loadOrCreateSecret(app.config.sessionSecret, app.config.dataDir));
    byApp.set(app.db, links);
  }
  registerSubscriberLinks(app.config.publicUrl, links);
  return links;
}

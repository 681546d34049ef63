import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { ErasureMarks } from './erasure-mark.js';
import { registerSubscriberLinks, SubscriberLinks } from './signed-link.js';

// Keyed by the app's database handle: every plugin of one app shares it, each app has its own.
const byApp = new WeakMap<Db, SubscriberLinks>();
const marksByApp = new WeakMap<Db, ErasureMarks>();

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

/** The app's erasure marks, keyed (like the links, by a key of their own) from its cookie secret. */
export function erasureMarksOf(app: FastifyInstance): ErasureMarks {
  let marks = marksByApp.get(app.db);
  if (!marks) {
    marks = new ErasureMarks(loadOrCreateSecret(app.config.sessionSecret, app.config.dataDir));
    marksByApp.set(app.db, marks);
  }
  return marks;
}

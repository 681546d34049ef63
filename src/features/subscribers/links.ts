import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { ErasureMarks } from './erasure-mark.js';
import { registerSubscriberLinks, SubscriberLinks } from './signed-link.js';

type SecretConfig = Pick<Config, 'sessionSecret' | 'dataDir'>;

// Keyed by the app's database handle: every plugin of one app shares it, each app has its own.
const byApp = new WeakMap<Db, SubscriberLinks>();
const marksByApp = new WeakMap<Db, ErasureMarks>();

/** The app's link signer, made once from its cookie secret and registered for `notifySubscribers`. */
export function subscriberLinksOf(db: Db, config: SecretConfig & Pick<Config, 'publicUrl'>): SubscriberLinks {
  let links = byApp.get(db);
  if (!links) {
    links = new SubscriberLinks(loadOrCreateSecret(config.sessionSecret, config.dataDir));
    byApp.set(db, links);
  }
  registerSubscriberLinks(config.publicUrl, links);
  return links;
}

/** The app's erasure marks, keyed (like the links, by a key of their own) from its cookie secret. */
export function erasureMarksOf(db: Db, config: SecretConfig): ErasureMarks {
  let marks = marksByApp.get(db);
  if (!marks) {
    marks = new ErasureMarks(loadOrCreateSecret(config.sessionSecret, config.dataDir));
    marksByApp.set(db, marks);
  }
  return marks;
}

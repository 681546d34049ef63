import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What a link lets its holder do; a link made for one purpose is refused for any other. */
export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** How long each kind of link works, in seconds. */
export const LINK_LIFETIME_SECONDS: Record<LinkPurpose, number> = {
  // A confirmation is answered the same day or not at all; a week allows for a holiday.
  confirm: 7 * 24 * 3600,
  // Links in newsletters must keep working for as long as people keep old mail around.
  manage: 365 * 24 * 3600,
  unsubscribe: 365 * 24 * 3600,
};

const KEY_LABEL = 'dove subscriber links v1';

/**
 * Signs and checks the links sent to subscribers: `<id>.<purpose>.<expiry>.<mac>`, an
 * HMAC-SHA256 under a key derived (HKDF) from the cookie secret, so that secret itself signs
 * nothing but cookies and a leaked link key would not forge a session cookie.
 */
export class SubscriberLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_LABEL, 32));
  }

  sign(subscriberId: number, purpose: LinkPurpose, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + LINK_LIFETIME_SECONDS[purpose];
    const payload = `${subscriberId}.${purpose}.${expires}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The subscriber id a token carries, or why it is refused. */
  verify(token: unknown, purpose: LinkPurpose, now = Date.now()): { ok: true; subscriberId: number } | { ok: false; reason: 'invalid' | 'expired' } {
    if (typeof token !== 'string' || token.length > 200) return { ok: false, reason: 'invalid' };
    const match = /^(\d{1,10})\.([a-z]+)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { ok: false, reason: 'invalid' };
    const [, id, linkPurpose, expires, mac] = match as unknown as [string, string, string, string, string];
    const expected = Buffer.from(this.mac(`${id}.${linkPurpose}.${expires}`), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    if (linkPurpose !== purpose) return { ok: false, reason: 'invalid' };
    if (Number(expires) * 1000 < now) return { ok: false, reason: 'expired' };
    return { ok: true, subscriberId: Number(id) };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/**
 * The link signer of each running site, by its public URL: `notifySubscribers` is called with
 * only the URL (from alerts and the editor), and the subscribers plugin registers the signer
 * it made from the app's secret when the app starts.
 */
const registry = new Map<string, SubscriberLinks>();

const registryKey = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

export function registerSubscriberLinks(publicUrl: string, links: SubscriberLinks): void {
  registry.set(registryKey(publicUrl), links);
}

export function subscriberLinksFor(publicUrl: string): SubscriberLinks {
  const links = registry.get(registryKey(publicUrl));
  if (!links) throw new Error(`No subscriber link key for ${publicUrl}: the subscribers plugin registers it when the app starts.`);
  return links;
}

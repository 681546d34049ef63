import { createHmac, hkdfSync } from 'node:crypto';
import { normaliseEmail } from './subscribers.repository.js';

const KEY_LABEL = 'dove subscriber erasure marks v1';

/**
 * What an erased address leaves behind in the suppression list: an HMAC-SHA256 of the address
 * under a key derived (HKDF) from the app's secret, never the address. The person is not in our
 * data any more, yet an import cannot bring them back unasked; and without the secret, a list of
 * candidate addresses cannot be tested against the marks (as it could against a plain hash).
 */
export class ErasureMarks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_LABEL, 32));
  }

  /** The suppression-list entry of this address once erased. */
  of(email: string): string {
    return `erased-hmac:${createHmac('sha256', this.key).update(normaliseEmail(email)).digest('hex')}`;
  }
}

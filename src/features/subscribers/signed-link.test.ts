import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINK_LIFETIME_SECONDS, SubscriberLinks } from './signed-link.js';

describe('signed subscriber links', () => {
  const links = new SubscriberLinks('a cookie secret of more than thirty-two characters');
  const now = Date.UTC(2026, 0, 1);

  it('carries the subscriber id, purpose and expiry, and verifies until it expires', () => {
    const token = links.sign(42, 'confirm', now);
    assert.match(token, /^42\.confirm\.\d+\.[\w-]{43}$/);
    assert.deepEqual(links.verify(token, 'confirm', now), { ok: true, subscriberId: 42 });
    const last = now + LINK_LIFETIME_SECONDS.confirm * 1000;
    assert.equal(links.verify(token, 'confirm', last).ok, true);
    assert.deepEqual(links.verify(token, 'confirm', last + 1000), { ok: false, reason: 'expired' });
  });

  it('refuses another purpose, another id, another expiry and another key', () => {
    const token = links.sign(42, 'manage', now);
    const [id, purpose, expires, mac] = token.split('.');
    assert.deepEqual(links.verify(token, 'unsubscribe', now), { ok: false, reason: 'invalid' });
    assert.equal(links.verify(`${id}.unsubscribe.${expires}.${mac}`, 'unsubscribe', now).ok, false);
    assert.equal(links.verify(`43.${purpose}.${expires}.${mac}`, 'manage', now).ok, false);
    assert.equal(links.verify(`${id}.${purpose}.${Number(expires) + 3600}.${mac}`, 'manage', now).ok, false);
    assert.equal(new SubscriberLinks('some other secret of more than thirty-two characters').verify(token, 'manage', now).ok, false);
    for (const junk of [undefined, 42, '', 'x'.repeat(500), `${token}x`]) assert.equal(links.verify(junk, 'manage', now).ok, false);
  });
});

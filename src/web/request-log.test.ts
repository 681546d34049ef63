import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactUrlForLog } from './request-log.js';

describe('request log redaction', () => {
  it('replaces a signed-link token and keeps the rest of the address', () => {
    assert.equal(redactUrlForLog('/en/subscribe/preferences?token=abc.def&x=1'), '/en/subscribe/preferences?token=redacted&x=1');
  });

  it('leaves addresses without a token as they are', () => {
    assert.equal(redactUrlForLog('/en/search?q=land'), '/en/search?q=land');
    assert.equal(redactUrlForLog('/en/'), '/en/');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/** The proxy named in TRUST_PROXY, and two addresses that are not it. */
const PROXY = '127.0.0.1';
const READER = '203.0.113.9';
const STRANGER = '198.51.100.7';

function cookieHeader(res: { headers: Record<string, unknown> }): string {
  const value = res.headers['set-cookie'];
  return Array.isArray(value) ? value.join('\n') : String(value ?? '');
}

// Headers and redirects do not depend on the database engine, so SQLite alone covers them.
describe('HTTPS behind a trusted proxy, on an http PUBLIC_URL', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: PROXY } });
  });
  after(() => t.close());

  it('sends HSTS and Secure cookies when the proxy says the reader used HTTPS', async () => {
    const res = await t.app.inject({
      url: '/admin/sign-in',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': READER },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['strict-transport-security']), /^max-age=31536000$/);
    assert.match(cookieHeader(res), /_csrf=.*; Secure/);
  });

  it('sends neither over plain HTTP', async () => {
    const res = await t.app.inject({ url: '/admin/sign-in', remoteAddress: PROXY, headers: { 'x-forwarded-for': READER } });
    assert.equal(res.headers['strict-transport-security'], undefined);
    assert.match(cookieHeader(res), /_csrf=/);
    assert.doesNotMatch(cookieHeader(res), /Secure/);
  });

  it('ignores X-Forwarded-Proto from an address that is not the proxy', async () => {
    const res = await t.app.inject({ url: '/admin/sign-in', remoteAddress: STRANGER, headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(res.headers['strict-transport-security'], undefined);
    assert.doesNotMatch(cookieHeader(res), /Secure/);
  });

  it('denies browser features no page uses and loads fonts from this site only', async () => {
    const res = await t.app.inject('/admin/sign-in');
    const policy = String(res.headers['permissions-policy']);
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
      assert.match(policy, new RegExp(`(^|, )${feature}=\\(\\)`), feature);
    }
    assert.match(String(res.headers['content-security-policy']), /font-src 'self';/);
  });
});

describe('HTTPS behind a trusted proxy, on an https PUBLIC_URL', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: PROXY, PUBLIC_URL: 'https://dove.test' } });
  });
  after(() => t.close());

  it('sends a reader who came over plain HTTP to the https address, whatever Host they sent', async () => {
    const res = await t.app.inject({
      url: '/en/search?q=land',
      remoteAddress: PROXY,
      headers: { host: 'evil.example', 'x-forwarded-proto': 'http', 'x-forwarded-for': READER },
    });
    assert.equal(res.statusCode, 308);
    assert.equal(res.headers.location, 'https://dove.test/en/search?q=land');
  });

  it('does not redirect a form post, nor a request that reached Dove directly', async () => {
    const post = await t.app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': READER },
      payload: {},
    });
    assert.notEqual(post.statusCode, 308);
    const direct = await t.app.inject({ url: '/admin/sign-in', remoteAddress: STRANGER });
    assert.equal(direct.statusCode, 200);
    assert.equal(direct.headers['strict-transport-security'], undefined);
  });

  it('marks cookies Secure on an https site even when reached directly', async () => {
    const res = await t.app.inject({ url: '/admin/sign-in', remoteAddress: STRANGER });
    assert.match(cookieHeader(res), /_csrf=.*; Secure/);
  });
});

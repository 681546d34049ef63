import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactUrlForLog, truncateIpForLog } from './request-log.js';

describe('request log redaction', () => {
  it('drops a signed-link token, keeping the path', () => {
    assert.equal(redactUrlForLog('/en/subscribe/preferences?token=abc.def&x=1'), '/en/subscribe/preferences');
  });

  it('drops search terms and admin searches', () => {
    assert.equal(redactUrlForLog('/en/search?q=land+dispute&page=2'), '/en/search?page=2');
    assert.equal(redactUrlForLog('/admin/subscribers?q=someone%40example.org'), '/admin/subscribers');
  });

  it('keeps the public list filters', () => {
    assert.equal(redactUrlForLog('/en/publications?type=report&year=2024&page=3'), '/en/publications?type=report&year=2024&page=3');
    assert.equal(redactUrlForLog('/en/hrd-alerts?province=12'), '/en/hrd-alerts?province=12');
  });

  it('masks an address typed into an allowed parameter or into the path', () => {
    assert.equal(redactUrlForLog('/en/publications?topic=someone%40example.org'), '/en/publications?topic=redacted');
    assert.equal(redactUrlForLog('/en/someone@example.org/x'), '/en/redacted/x');
  });

  it('keeps only the path of the incident report pages', () => {
    assert.equal(redactUrlForLog('/km/report?province=3&district=27'), '/km/report');
    assert.equal(redactUrlForLog('/en/report/follow-up?receipt=ABCD'), '/en/report/follow-up');
    assert.equal(redactUrlForLog('/en/reports?page=2'), '/en/reports?page=2', 'only the report paths themselves');
  });

  it('leaves addresses without a query as they are', () => {
    assert.equal(redactUrlForLog('/en/'), '/en/');
  });
});

describe('IP address truncation', () => {
  it('keeps the /24 of an IPv4 address, also when IPv4-mapped', () => {
    assert.equal(truncateIpForLog('203.0.113.77'), '203.0.113.0/24');
    assert.equal(truncateIpForLog('::ffff:203.0.113.77'), '203.0.113.0/24');
  });

  it('keeps the /48 of an IPv6 address, expanding ::', () => {
    assert.equal(truncateIpForLog('2001:db8:85a3:8d3:1319:8a2e:370:7348'), '2001:db8:85a3::/48');
    assert.equal(truncateIpForLog('2001:db8::1'), '2001:db8:0::/48');
    assert.equal(truncateIpForLog('::1'), '0:0:0::/48');
    assert.equal(truncateIpForLog('fe80::1%eth0'), 'fe80:0:0::/48');
    assert.equal(truncateIpForLog('::2:3:4:5:6:7:8'), '0:2:3::/48');
  });

  it('never passes through something that is not an address', () => {
    assert.equal(truncateIpForLog('not-an-ip'), 'redacted');
    assert.equal(truncateIpForLog(undefined), undefined);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

const ONION = 'dovemirrorforreadersabcdefghijklmnopqrstuvwxyz234567abcd.onion';

describe('ONION_ADDRESS', () => {
  it('takes a v3 onion address and refuses anything else', () => {
    assert.equal(loadConfig({ ONION_ADDRESS: ONION }).onionAddress, ONION);
    assert.equal(loadConfig({}).onionAddress, undefined);
    assert.throws(() => loadConfig({ ONION_ADDRESS: 'http://example.onion' }), (e) => e instanceof ConfigError && /ONION_ADDRESS/.test(e.message));
  });
});

for (const engine of testEngines()) {
  describe(`Onion-Location on HTML pages (${engine})`, () => {
    let withOnion: TestContext;
    let without: TestContext;
    before(async () => {
      withOnion = await createTestApp(engine, { env: { ONION_ADDRESS: ONION } });
      without = await createTestApp(engine);
    });
    after(async () => {
      await withOnion.close();
      await without.close();
    });

    it('points each HTML page at the same page on the onion service, from the page cache too', async () => {
      const first = await withOnion.app.inject('/en/publications?topic=land-rights');
      assert.equal(first.headers['x-page-cache'], 'miss');
      assert.equal(first.headers['onion-location'], `http://${ONION}/en/publications?topic=land-rights`);
      const again = await withOnion.app.inject('/en/publications?topic=land-rights');
      assert.equal(again.headers['x-page-cache'], 'hit');
      assert.equal(again.headers['onion-location'], `http://${ONION}/en/publications?topic=land-rights`);
    });

    it('sends it on error pages and staff pages, and not on feeds or files', async () => {
      const missing = await withOnion.app.inject('/km/no-such-page');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers['onion-location'], `http://${ONION}/km/no-such-page`);
      const signIn = await withOnion.app.inject('/admin/sign-in');
      assert.equal(signIn.headers['onion-location'], `http://${ONION}/admin/sign-in`);
      const sitemap = await withOnion.app.inject('/sitemap.xml');
      assert.equal(sitemap.statusCode, 200);
      assert.equal(sitemap.headers['onion-location'], undefined);
    });

    it('is not sent when no onion address is configured', async () => {
      const page = await without.app.inject('/en/');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['onion-location'], undefined);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`tracking parameters change neither the cache nor the canonical link (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('renders a page once for 1,500 different click ids', async () => {
      t.app.contentChanged();
      let renders = 0;
      for (let i = 0; i < 1500; i++) {
        const res = await t.app.inject(`/en/?fbclid=IwAR${i}&utm_source=share${i % 7}`);
        assert.equal(res.statusCode, 200);
        if (res.headers['x-page-cache'] === 'miss') renders++;
      }
      assert.equal(renders, 1);
      assert.equal(t.app.pageCache.size, 1);
      const clean = await t.app.inject('/en/');
      assert.equal(clean.headers['x-page-cache'], 'hit', 'the clean address shares the entry');
    });

    it('keeps campaign tags out of the canonical, alternate and og:url links', async () => {
      const res = await t.app.inject('/en/?utm_source=x&utm_medium=newsletter&fbclid=abc');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/en\/"/);
      assert.doesNotMatch(res.body, /utm_|fbclid/);
    });
  });
}

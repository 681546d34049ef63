import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/** Requests a visitor (or a scanner) may send that must never produce a 500 or a stack trace. */
const BAD_URLS: Array<[url: string, expected: number[]]> = [
  ['/en/no-such-page', [404]],
  ['/km/no-such-page', [404]],
  ['/xx/', [404]],
  ['/en/%E0%A4%A', [400, 404]],
  ['/en/%ZZ', [400, 404]],
  ['/en/%FF%FE', [400, 404]],
  ['/en/publications?page=%FF', [400]],
  ['/en/about/%C0%AF..%C0%AF', [400, 404]],
  ['/assets/../package.json', [404]],
  ['/assets/..%2F..%2Fpackage.json', [404]],
  ['/assets/%2e%2e/%2e%2e/package.json', [404]],
  ['/assets/site.css', [404]],
  [`/en/?q=${'x'.repeat(5000)}`, [400]],
  [`/en/${'a'.repeat(3000)}`, [400, 404]],
  ['/en/<script>alert(1)</script>', [400, 404]],
];

for (const engine of testEngines()) {
  describe(`bad input (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    for (const [url, expected] of BAD_URLS) {
      it(`answers ${expected.join(' or ')} to ${url.slice(0, 60)}`, async () => {
        const res = await t.app.inject({ method: 'GET', url });
        assert.ok(expected.includes(res.statusCode), `got ${res.statusCode}`);
        assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+/, 'no stack trace');
        assert.doesNotMatch(res.body, /<script>alert/, 'nothing reflected unescaped');
      });
    }

    it('answers in the language of the URL', async () => {
      const res = await t.app.inject(`/km/${'a'.repeat(3000)}`);
      assert.match(res.body, /lang="km"/);
      const notFound = await t.app.inject('/km/nothing-here');
      assert.match(notFound.body, /រកមិនឃើញទំព័រ/);
    });

    it('sends no cache headers that would keep an error page', async () => {
      const res = await t.app.inject('/en/nothing-here');
      assert.equal(res.headers['cache-control'], 'no-store');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RewriteSettings } from './features/mirror/mirror.rewrite.js';
import { RenderPool } from './mirror-render-pool.js';
import { createTestApp, type TestContext } from '../test/helpers/test-app.js';

describe('rendering threads (sqlite)', () => {
  let t: TestContext;
  let pool: RenderPool;
  before(async () => {
    t = await createTestApp('sqlite');
    pool = await RenderPool.start(t.config, 1);
  });
  after(async () => {
    await pool.close();
    await t.close();
  });

  it('answers a page whose preparation fails with an error that names it, and renders the next pages', async () => {
    // Settings without a site address: rewriting a page for the copy throws in the thread.
    const broken = {} as RewriteSettings;
    const [failed, other] = await Promise.allSettled([pool.renderPage('/en/', 'en/index.html', undefined, broken), pool.fetch('/en/contact')]);
    assert.equal(failed.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /rendering \/en\/ failed/);
    assert.equal(other.status, 'fulfilled');
    assert.equal((other as PromiseFulfilledResult<{ status: number }>).value.status, 200);
    // The thread is still there.
    assert.equal((await pool.fetch('/en/contact')).status, 200);
  });
});

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

  it('sends the requests made together in one message and answers each with its own response', async () => {
    const sent = pool.messages.sent;
    const received = pool.messages.received;
    const paths = ['/en/contact', '/km/contact', '/en/no-such-page', '/en/', '/km/', '/en/contact'];
    const [responses, forms] = await Promise.all([Promise.all(paths.map((p) => pool.fetch(p))), pool.compress(Buffer.from('<p>compress me</p>'.repeat(50)))]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 404, 200, 200, 200],
    );
    assert.match(responses[1]!.body.toString(), /lang="km"/);
    assert.equal(forms.length, 2);
    assert.equal(pool.messages.sent - sent, 1);
    // The pages finish in the same turn of the thread's event loop: fewer messages than answers.
    assert.ok(pool.messages.received - received < paths.length + 1, `${pool.messages.received - received} messages for ${paths.length + 1} answers`);
  });
});

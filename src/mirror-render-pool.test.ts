import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { RewriteSettings } from './features/mirror/mirror.rewrite.js';
import { BatchedSender, postBatch, RenderPool } from './mirror-render-pool.js';
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
    // Each answer is its own request's: the language of the page follows its path.
    responses.forEach((response, i) => {
      if (response.status === 200) assert.match(response.body.toString(), new RegExp(`<html[^>]*lang="${paths[i]!.slice(1, 3)}"`));
    });
    assert.equal(forms.length, 2);
    assert.equal(pool.messages.sent - sent, 1);
    // Answers come in batches: never more messages than answers (how many pages finish in one
    // turn of the thread's event loop depends on the machine).
    const messages = pool.messages.received - received;
    assert.ok(messages >= 1 && messages <= paths.length + 1, `${messages} messages for ${paths.length + 1} answers`);
  });
});

describe('posting a batch between threads', () => {
  it('posts a batch in one message, and when one message cannot go, sends the others and reports only that one', () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const good = new ArrayBuffer(8);
      assert.equal(postBatch(port1, [{ message: { id: 1 }, transfer: [good] }, { message: { id: 2 }, transfer: [] }], () => assert.fail('nothing fails')), 1);
      assert.deepEqual(receiveMessageOnPort(port2)?.message, [{ id: 1 }, { id: 2 }]);

      // A buffer already moved elsewhere cannot move again: that message fails, alone.
      const moved = new ArrayBuffer(8);
      structuredClone(moved, { transfer: [moved] });
      const failed: number[] = [];
      const posted = postBatch(port1, [{ message: { id: 3 }, transfer: [] }, { message: { id: 4 }, transfer: [moved] }, { message: { id: 5 }, transfer: [new ArrayBuffer(4)] }], (message) => failed.push(message.id));
      assert.equal(posted, 2);
      assert.deepEqual(failed, [4]);
      assert.deepEqual(receiveMessageOnPort(port2)?.message, [{ id: 3 }]);
      assert.deepEqual(receiveMessageOnPort(port2)?.message, [{ id: 5 }]);
      assert.equal(receiveMessageOnPort(port2), undefined);
    } finally {
      port1.close();
    }
  });

  it('sends what is queued in one turn as one message, in order, and nothing once closed', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const counts: number[] = [];
      const sender = new BatchedSender<{ id: number }>(port1, queueMicrotask, () => assert.fail('nothing fails'), (messages) => counts.push(messages));
      sender.send({ id: 1 });
      sender.send({ id: 2 }, [new ArrayBuffer(4)]);
      assert.equal(receiveMessageOnPort(port2), undefined, 'nothing goes before the turn ends');
      await Promise.resolve();
      assert.deepEqual(receiveMessageOnPort(port2)?.message, [{ id: 1 }, { id: 2 }]);
      sender.send({ id: 3 });
      sender.close();
      sender.send({ id: 4 });
      await Promise.resolve();
      assert.equal(receiveMessageOnPort(port2), undefined);
      assert.deepEqual(counts, [1]);
    } finally {
      port1.close();
    }
  });
});

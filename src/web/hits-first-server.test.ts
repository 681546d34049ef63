import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { hitsFirstServerFactory } from './responses.plugin.js';

/** The status a GET of / answers on this address, or the connection's error code. */
async function statusAt(host: string, port: number): Promise<number | string> {
  return fetch(`http://${host}:${port}/`).then(
    (res) => res.status,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
  );
}

describe('the server that answers page-cache hits first', () => {
  it('listens on every address of localhost, as Fastify does with its own server', async () => {
    // This machine's localhost may be 127.0.0.1 alone: the test gives it both loopback addresses.
    const app = Fastify({ serverFactory: hitsFirstServerFactory({}, async () => [{ address: '127.0.0.1' }, { address: '::1' }]) });
    app.get('/', async () => 'ok');
    await app.listen({ host: 'localhost', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    try {
      // The other addresses are bound once the first is.
      let v6: number | string = '';
      for (let i = 0; i < 50 && v6 !== 200; i += 1) {
        v6 = await statusAt('[::1]', port);
        if (v6 !== 200) await sleep(20);
      }
      assert.equal(await statusAt('127.0.0.1', port), 200);
      assert.equal(v6, 200);
    } finally {
      await app.close();
    }
    // They close with the app.
    assert.notEqual(await statusAt('[::1]', port), 200);
  });

  it('listens on the one address it is given otherwise', async () => {
    const app = Fastify({ serverFactory: hitsFirstServerFactory({}, async () => [{ address: '127.0.0.1' }, { address: '::1' }]) });
    app.get('/', async () => 'ok');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    try {
      await sleep(100);
      assert.equal(await statusAt('127.0.0.1', port), 200);
      assert.notEqual(await statusAt('[::1]', port), 200);
    } finally {
      await app.close();
    }
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp, type TestContext } from '../test/helpers/test-app.js';
import { closeGracefully } from './server.js';

const SLOW_MS = 600;

/** A server with a slow route; `slowStarted()` resolves once a slow request is being handled. */
async function listening(): Promise<{ t: TestContext; base: string; slowStarted: () => Promise<void> }> {
  let started: () => void = () => {};
  const startedOnce = new Promise<void>((resolve) => (started = resolve));
  const t = await createTestApp('sqlite', {
    contentDir: false,
    extraRoutes: (app) =>
      app.get('/slow', { config: { public: true } }, async () => {
        started();
        await sleep(SLOW_MS);
        return 'finished';
      }),
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { t, base, slowStarted: () => startedOnce };
}

function get(url: string, agent?: http.Agent): Promise<{ status: number; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        // With keep-alive the socket goes back to the agent at the end; keep a hold of it here.
        const socket = res.socket;
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, socket }));
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('finishes the request in flight, ends idle keep-alive connections and refuses new ones', async () => {
    const { t, base, slowStarted } = await listening();
    const agent = new http.Agent({ keepAlive: true });
    const idle = await get(`${base}/healthz`, agent);
    const idleClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));
    const slow = get(`${base}/slow`);
    await slowStarted();
    const finished = await closeGracefully(t.app, t.db, 5_000);
    assert.equal(finished, true);
    assert.deepEqual(await slow.then((r) => [r.status, r.body]), [200, 'finished'], 'the request in flight completed');
    await idleClosed;
    await assert.rejects(get(`${base}/healthz`), /ECONNREFUSED/, 'no new connection is accepted');
    agent.destroy();
    fs.rmSync(t.config.dataDir, { recursive: true, force: true });
  });

  it('gives up after the grace period when a request runs longer', async () => {
    const { t, base, slowStarted } = await listening();
    const slow = get(`${base}/slow`).catch(() => undefined);
    await slowStarted();
    assert.equal(await closeGracefully(t.app, t.db, 100), false);
    await slow;
    await sleep(SLOW_MS);
    fs.rmSync(t.config.dataDir, { recursive: true, force: true });
  });
});

/**
 * A start-and-crawl check of a fresh install, as a new user would try it: `npm start` on an
 * empty data directory (so the build and the demo import run), then every same-site link
 * reachable from both home pages, then SIGTERM to npm, which must stop the server.
 *
 *   tsx scripts/smoke.ts            (CI runs it on the oldest Node version Dove supports)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, spawnNpmStart, statusOf, waitForStatus } from '../test/helpers/dove-process.js';

/** A fresh start imports the whole demo site; give it time on a slow machine. */
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;
const MAX_PAGES = 400;

function sameSiteLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="(\/[^"/][^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').split('#')[0]!);
}

async function crawl(base: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const queue = ['/en/', '/km/'];
  while (queue.length && seen.size < MAX_PAGES) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const res = await fetch(base + url, { redirect: 'manual' });
    seen.set(url, res.status);
    if (res.status === 200 && String(res.headers.get('content-type')).startsWith('text/html')) {
      for (const link of sameSiteLinks(await res.text())) if (!seen.has(link)) queue.push(link);
    }
  }
  return seen;
}

async function crawlWhenReady(base: string, npm: ReturnType<typeof spawnNpmStart>): Promise<void> {
  await waitForStatus(`${base}/readyz`, 200, npm, READY_TIMEOUT_MS);
  const pages = await crawl(base);
  const bad = [...pages].filter(([, code]) => code >= 400);
  console.log(`Node ${process.version}: crawled ${pages.size} URLs, ${bad.length} failed.`);
  if (bad.length || pages.size < 100) throw new Error(`failed URLs: ${JSON.stringify(bad.slice(0, 20))}`);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-smoke-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The data directory's SQLite database and the demo, whatever the shell says.
  const npm = spawnNpmStart({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn', DATABASE_URL: '', NODE_ENV: '' });
  let failure: unknown;
  try {
    await crawlWhenReady(base, npm);
  } catch (error) {
    failure = error;
  }
  npm.child.kill('SIGTERM');
  const stopped = (await npm.exited(STOP_TIMEOUT_MS)) !== undefined;
  if (!stopped) npm.child.kill('SIGKILL');
  // SIGTERM to npm must reach the server: nothing may keep answering on the port.
  await sleep(500);
  const still = await statusOf(`${base}/healthz`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (failure) {
    console.error(npm.output());
    throw failure;
  }
  if (!stopped || still !== 0) throw new Error('the server did not stop on SIGTERM to npm start');
}

await main();

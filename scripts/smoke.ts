/**
 * A start-and-crawl check of a fresh install, as a new user would try it: `npm start` on an
 * empty data directory (so the build and the demo import run), then every same-site link
 * reachable from both home pages, then SIGTERM to npm, which must stop the server.
 *
 *   tsx scripts/smoke.ts            (CI runs it on the oldest Node version Dove supports)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A fresh start imports the whole demo site; give it time on a slow machine. */
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;
const MAX_PAGES = 400;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0;
  }
}

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

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-smoke-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  let stoppedCleanly: boolean;
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while ((await status(`${base}/readyz`)) !== 200) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode} before the site answered`);
      if (Date.now() > deadline) throw new Error('the site did not become ready in time');
      await sleep(250);
    }
    const pages = await crawl(base);
    const bad = [...pages].filter(([, code]) => code >= 400);
    console.log(`Node ${process.version}: crawled ${pages.size} URLs, ${bad.length} failed.`);
    if (bad.length || pages.size < 100) throw new Error(`failed URLs: ${JSON.stringify(bad.slice(0, 20))}`);
  } finally {
    npm.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) npm.kill('SIGKILL');
    // SIGTERM to npm must reach the server: nothing may keep answering on the port.
    await sleep(500);
    const still = await status(`${base}/healthz`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    stoppedCleanly = stopped && still === 0;
  }
  // Thrown after the finally block, which may not throw itself (it would hide the crawl's error).
  if (!stoppedCleanly) throw new Error('the server did not stop on SIGTERM to npm start');
}

await main();

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort, readCpuSeconds, repoRoot } from './server.js';

const READY_TIMEOUT_MS = 30_000;
/** Headers Node writes itself on every response. */
const NODE_OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export interface CapturedResponse {
  headers: Record<string, string>;
  body: Buffer;
}

/** One GET as the bench sends it, with the exact bytes and headers that came back. */
export function capture(url: string, headers: Record<string, string>): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !NODE_OWN_HEADERS.has(name)) kept[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ headers: kept, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
  });
}

export interface BareServer {
  url: string;
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** Starts bench/lib/bare-server.ts in its own process, answering every request with `response`. */
export async function startBareServer(response: CapturedResponse): Promise<BareServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-bench-bare-'));
  const file = path.join(dir, 'response.json');
  fs.writeFileSync(file, JSON.stringify({ headers: response.headers, bodyBase64: response.body.toString('base64') }));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/lib/bare-server.ts'), file, String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exit;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      await capture(url, {});
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error('The bare Node server did not start.');
      }
      await sleep(20);
    }
  }
  return { url, cpuSeconds: () => readCpuSeconds(child.pid!), stop };
}

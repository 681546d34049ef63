import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** Lines of server output kept, to show when the server fails or logs warnings. */
const KEPT_LINES = 200;

export interface ServerOptions {
  dataDir: string;
  /**
   * `compiled` (default) runs `node bin/dove.js serve`, as production does; `tsx` runs the
   * TypeScript sources through the tsx loader, as Dove did before it had a build.
   */
  runtime?: 'compiled' | 'tsx';
  /** Further environment variables (PAGE_CACHE, LOCALES, DATABASE_URL …); they win over the defaults here. */
  env: Record<string, string>;
}

export interface ServerMemory {
  rssMb: number;
  peakRssMb: number;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** From spawning the process to its first 200 answer. */
  readyMs: number;
  /** Resident memory now and at its peak (Linux only; undefined elsewhere). */
  memory(): ServerMemory | undefined;
  /**
   * CPU seconds (user + system, all threads) the server has used so far (Linux only).
   * Unlike latency, this hardly changes when other processes compete for the cores.
   */
  cpuSeconds(): number | undefined;
  /** What the server printed (its warnings and errors, at LOG_LEVEL=warn). */
  output(): string[];
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node bin/dove.js serve` (or the sources through tsx) as its own process, and resolves once
 * it answers HTTP. The load generator then runs in this process, never in the server's.
 */
export async function startDoveServer(options: ServerOptions): Promise<RunningServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  // The data directory's SQLite file is the database under test, whatever the shell says,
  // unless the case names a database itself.
  const { DATABASE_URL: _shellDatabase, ...shellEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...shellEnv,
    NODE_ENV: 'production',
    DATA_DIR: options.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    SEED_ON_FIRST_START: 'false',
    ...options.env,
  };

  const args = options.runtime === 'tsx' ? ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), 'serve'] : [path.join(repoRoot, 'bin/dove.js'), 'serve'];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) lines.push(line);
    }
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`${url}/robots.txt`))) {
    if (hasExited()) {
      throw new Error(`The server exited (code ${child.exitCode}) before answering:\n${lines.join('\n')}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${lines.join('\n')}`);
    }
    await sleep(20);
  }
  const readyMs = Math.round(performance.now() - spawnedAt);

  return {
    url,
    pid: child.pid!,
    readyMs,
    memory: () => readMemory(child.pid!),
    cpuSeconds: () => readCpuSeconds(child.pid!),
    output: () => [...lines],
    async stop() {
      if (hasExited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL') throw new Error('The server ignored SIGTERM and was killed.');
    },
  };
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

function readMemory(pid: number): ServerMemory | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    const peak = kb('VmHWM');
    if (Number.isNaN(rss) || Number.isNaN(peak)) return undefined;
    return { rssMb: Math.round(rss / 1024), peakRssMb: Math.round(peak / 1024) };
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second, the unit of CPU times in /proc/<pid>/stat. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces:
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / ticksPerSecond() : undefined;
  } catch {
    return undefined;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { doveArgs, REPO_ROOT } from './cli.js';

/** A `dove` command (or `npm start`) running as its own process, with its output kept. */
export interface DoveProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended, or undefined after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null | undefined>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function watch(child: ChildProcess): DoveProcess {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited: (timeoutMs) => Promise.race([done, sleep(timeoutMs).then(() => undefined)]),
  };
}

/** `dove <args>` from the sources, with the environment given on top of this process's. */
export function spawnDove(args: string[], env: NodeJS.ProcessEnv): DoveProcess {
  return watch(spawn(process.execPath, doveArgs(...args), { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** `npm start` exactly as a reader of the README runs it (it builds dist/ first when needed). */
export function spawnNpmStart(env: NodeJS.ProcessEnv): DoveProcess {
  return watch(spawn('npm', ['start'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The HTTP status of a GET, or 0 when nothing answers. */
export async function statusOf(url: string, timeoutMs = 5_000): Promise<number> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls until `url` answers `status`; throws with the process's output after `timeoutMs`. */
export async function waitForStatus(url: string, status: number, dove: DoveProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await statusOf(url)) !== status) {
    if (dove.child.exitCode !== null) throw new Error(`the process exited (${dove.child.exitCode}):\n${dove.output()}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} in time:\n${dove.output()}`);
    await sleep(200);
  }
}

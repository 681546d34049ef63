import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchCase, BenchContext } from '../lib/case.js';
import { markdownTable } from '../lib/report.js';
import { repoRoot, startDoveServer, type RunningServer } from '../lib/server.js';

/**
 * Start-up of the compiled server (what production runs) beside the tsx run it replaced:
 * time from spawning the process to its first answer, and resident memory once it answers
 * the home page and the editor's script. Targets are for the compiled server on the reference
 * machine (2 shared cores).
 */
export const STARTUP_TARGETS = { laterStartMs: 1500, rssMb: 130 };

const LATER_STARTS = 5;
const RUNTIMES = ['compiled', 'tsx'] as const;
type Runtime = (typeof RUNTIMES)[number];

interface RuntimeResult {
  runtime: Runtime;
  /** Empty data directory: creates and migrates the database. */
  firstStartMs: number;
  /** Median over LATER_STARTS starts on the migrated database. */
  laterStartMs: number;
  laterStartsMs: number[];
  /** After the home page and the editor's script have been served once. */
  rssMb: number | undefined;
  helpMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function warm(server: RunningServer): Promise<number | undefined> {
  await (await fetch(`${server.url}/en/`)).arrayBuffer();
  // The editor's script: built at run time under tsx, read from dist/ when compiled.
  const { editorBundle } = await import('../../src/features/editor/editor.assets.js');
  const url = (await editorBundle()).url;
  await (await fetch(`${server.url}${url}`)).arrayBuffer();
  return server.memory()?.rssMb;
}

function timeHelp(runtime: Runtime): number {
  const args = runtime === 'tsx' ? ['--import', 'tsx', 'src/cli.ts', '--help'] : ['bin/dove.js', '--help'];
  const runs = Array.from({ length: LATER_STARTS }, () => {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd: repoRoot, stdio: 'ignore' });
    return performance.now() - started;
  });
  return Math.round(median(runs));
}

async function measure(runtime: Runtime, ctx: BenchContext): Promise<RuntimeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dove-bench-startup-${runtime}-`));
  try {
    const env = { PAGE_CACHE: 'on', MAIL_WORKER: 'off' };
    const first = await startDoveServer({ dataDir, runtime, env });
    await first.stop();
    const laterStartsMs: number[] = [];
    let rssMb: number | undefined;
    for (let i = 0; i < LATER_STARTS; i++) {
      const server = await startDoveServer({ dataDir, runtime, env });
      laterStartsMs.push(server.readyMs);
      if (i === LATER_STARTS - 1) rssMb = await warm(server);
      await server.stop();
    }
    const result = { runtime, firstStartMs: first.readyMs, laterStartMs: median(laterStartsMs), laterStartsMs, rssMb, helpMs: timeHelp(runtime) };
    ctx.log(`startup ${runtime}: first ${result.firstStartMs} ms, later ${result.laterStartMs} ms, ${rssMb} MB`);
    return result;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const startupCase: BenchCase = {
  name: 'startup',
  description: 'start-up time and memory of the compiled server beside the tsx run it replaced',
  async run(ctx) {
    const results: RuntimeResult[] = [];
    for (const runtime of RUNTIMES) results.push(await measure(runtime, ctx));
    const compiled = results.find((r) => r.runtime === 'compiled')!;
    const overTarget: string[] = [];
    if (compiled.laterStartMs > STARTUP_TARGETS.laterStartMs) overTarget.push(`compiled later start ${compiled.laterStartMs} ms > ${STARTUP_TARGETS.laterStartMs} ms`);
    if ((compiled.rssMb ?? 0) > STARTUP_TARGETS.rssMb) overTarget.push(`compiled RSS ${compiled.rssMb} MB > ${STARTUP_TARGETS.rssMb} MB`);
    const table = markdownTable(
      ['runtime', 'first start (empty database)', `later start (median of ${LATER_STARTS})`, 'RSS after home page + editor script', '`dove --help`'],
      results.map((r) => [r.runtime, `${r.firstStartMs} ms`, `${r.laterStartMs} ms`, r.rssMb === undefined ? 'n/a' : `${r.rssMb} MB`, `${r.helpMs} ms`]),
      ['left', 'right', 'right', 'right', 'right'],
    );
    const notes = `Targets for the compiled server: later start ≤ ${STARTUP_TARGETS.laterStartMs} ms, RSS ≤ ${STARTUP_TARGETS.rssMb} MB. A start is timed from spawning the process to its first 200 answer (SQLite, no demo content, page cache on, mail sender off).`;
    return { markdown: `${table}\n\n${notes}`, failures: [], overTarget, data: { targets: STARTUP_TARGETS, results } };
  },
};

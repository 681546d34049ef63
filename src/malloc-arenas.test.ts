import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { restartWithFewerArenas, wantsFewerArenas } from './malloc-arenas.js';

/** A process that calls `restartWithFewerArenas` first, then says what it runs with. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): { pid: number; arenas: string | null; args: string[]; flags: string[]; starts: number } {
  const script = `
    const { restartWithFewerArenas } = await import(${JSON.stringify(new URL('./malloc-arenas.ts', import.meta.url).href)});
    process.stderr.write('start\\n');
    restartWithFewerArenas();
    console.log(JSON.stringify({ pid: process.pid, arenas: process.env.MALLOC_ARENA_MAX ?? null, args: process.argv.slice(2), flags: process.execArgv.filter((a) => a.startsWith('--max-semi')) }));`;
  // A script file, as `bin/dove.js` is: its arguments start at argv[2].
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dove-arenas-')), 'dove.mjs');
  fs.writeFileSync(file, script);
  const base = { ...process.env };
  delete base.MALLOC_ARENA_MAX;
  const child = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { env: { ...base, ...env }, encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  assert.equal(child.status, 0, child.stderr);
  return { ...(JSON.parse(child.stdout) as { pid: number; arenas: string | null; args: string[]; flags: string[] }), starts: child.stderr.split('start\n').length - 1 };
}

describe('the allocator arenas of dove mirror', () => {
  it('restarts `dove mirror <dir>` in the same process with two arenas, its arguments and loader kept', () => {
    const child = run(['mirror', '/srv/copy', '--threads', '2']);
    assert.equal(child.arenas, '2');
    assert.deepEqual(child.args, ['mirror', '/srv/copy', '--threads', '2']);
    // The crawl's young generation is bounded with it.
    assert.deepEqual(child.flags, ['--max-semi-space-size=16']);
    // The script ran twice (before and after the restart) under one process id: nothing left beside it.
    assert.equal(child.starts, 2);
  });

  it('leaves other commands, `mirror verify` and a setting of one\'s own as they are', () => {
    assert.equal(run(['serve']).arenas, null);
    assert.deepEqual(run(['serve']).flags, []);
    assert.equal(run(['mirror', 'verify', '/srv/copy']).arenas, null);
    assert.equal(run(['mirror', '/srv/copy'], { MALLOC_ARENA_MAX: '4' }).arenas, '4');
    assert.equal(run(['serve']).starts, 1);
  });

  it('runs the command as it is where the process cannot replace itself', () => {
    assert.equal(wantsFewerArenas(['mirror', 'make', '/srv/copy'], {}), true);
    assert.doesNotThrow(() => restartWithFewerArenas(['node', 'dove', 'mirror', '/srv/copy'], [], {}, null));
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDove } from '../test/helpers/cli.js';
import { DataDirError, prepareDataDir } from './data-dir.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

function walk(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((name) => {
    const entry = path.join(dir, name);
    return fs.lstatSync(entry).isDirectory() ? [entry, ...walk(entry)] : [entry];
  });
}

describe('prepareDataDir', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-data-dir-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a missing directory readable by its owner only, and leaves no probe behind', () => {
    const dir = path.join(root, 'new', 'data');
    prepareDataDir(dir);
    assert.equal(mode(dir), 0o700);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('closes an existing directory open to others, with what is inside, and says so once', () => {
    const dir = path.join(root, 'open');
    fs.mkdirSync(path.join(dir, 'files'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'files'), 0o775);
    fs.writeFileSync(path.join(dir, 'files', 'photo'), 'x', { mode: 0o644 });
    const said: string[] = [];
    prepareDataDir(dir, { log: (m) => said.push(m) });
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(path.join(dir, 'files')), 0o700);
    assert.equal(mode(path.join(dir, 'files', 'photo')), 0o600);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /was readable by other users/);
    prepareDataDir(dir, { log: (m) => said.push(m) });
    assert.equal(said.length, 1, 'a closed directory is not reported again');
  });

  it('refuses read-only storage with one line naming the directory and the fix', () => {
    const dir = path.join(root, 'readonly');
    const readOnlyFs = {
      ...fs,
      openSync: () => {
        throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
      },
    };
    assert.throws(
      () => prepareDataDir(dir, { fs: readOnlyFs as typeof fs }),
      (err: unknown) => {
        assert.ok(err instanceof DataDirError);
        assert.match(err.message, new RegExp(`^DATA_DIR ${dir} is on read-only storage \\(EROFS\\): mount it read-write`));
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  });

  it('refuses a full disk', () => {
    const fullFs = {
      ...fs,
      writeSync: () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    };
    const dir = path.join(root, 'full');
    assert.throws(() => prepareDataDir(dir, { fs: fullFs as typeof fs }), /is on a full disk \(ENOSPC\): free some space/);
    assert.deepEqual(fs.readdirSync(dir), [], 'the probe file is removed');
  });

  it('the dove command prints one line and exits non-zero when DATA_DIR lies under a file', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const dir = path.join(file, 'data');
    const res = await runDove(['migrate'], { DATA_DIR: dir, DATABASE_URL: path.join(root, 'unused.sqlite') });
    assert.equal(res.code, 2);
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.match(res.stderr, new RegExp(`DATA_DIR ${dir} is not a directory \\(ENOTDIR\\)`));
    assert.doesNotMatch(res.stderr, /\bat .*\.ts:\d+/);
  });

  it('the dove command makes every file in DATA_DIR 0600 and every folder 0700', async () => {
    const dir = path.join(root, 'cli');
    const res = await runDove(['migrate'], { DATA_DIR: dir, DATABASE_URL: path.join(dir, 'dove.sqlite') });
    assert.equal(res.code, 0, res.stderr);
    const entries = [dir, ...walk(dir)];
    assert.ok(entries.some((e) => e.endsWith('dove.sqlite')));
    for (const entry of entries) {
      assert.equal(mode(entry), fs.statSync(entry).isDirectory() ? 0o700 : 0o600, entry);
    }
  });
});

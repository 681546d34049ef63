import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { loadOrCreateSecret } from './secret.js';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dove-secret-'));

describe('the cookie secret', () => {
  it('is made once, readable by its owner only, and read back on the next start', () => {
    const dir = dataDir();
    const secret = loadOrCreateSecret(undefined, dir);
    assert.ok(secret.length >= 64);
    assert.equal(fs.statSync(path.join(dir, 'session-secret')).mode & 0o777, 0o600);
    assert.equal(loadOrCreateSecret(undefined, dir), secret);
    assert.deepEqual(fs.readdirSync(dir), ['session-secret']);
  });

  it('is the one another thread wrote first when both found none (two rendering threads on a new data directory)', () => {
    const dir = dataDir();
    const file = path.join(dir, 'session-secret');
    const read = fs.readFileSync;
    // The other thread writes its secret between this one's look and its write.
    const racing = mock.method(fs, 'readFileSync', (...args: Parameters<typeof fs.readFileSync>) => {
      if (racing.mock.callCount() === 0) {
        fs.writeFileSync(file, 'written-by-the-other-thread\n', { mode: 0o600 });
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      }
      return read(...args);
    });
    try {
      assert.equal(loadOrCreateSecret(undefined, dir), 'written-by-the-other-thread');
    } finally {
      racing.mock.restore();
    }
    assert.deepEqual(fs.readdirSync(dir), ['session-secret'], 'no file left behind');
  });

  it('refuses an empty secret file rather than sign cookies with nothing', () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'session-secret'), '\n');
    assert.throws(() => loadOrCreateSecret(undefined, dir), /session-secret is empty/);
  });

  it('uses SESSION_SECRET when it is set, and writes nothing', () => {
    const dir = dataDir();
    assert.equal(loadOrCreateSecret('configured-secret', dir), 'configured-secret');
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, describe, it, mock } from 'node:test';
import { readState, STATE_FILE, writeState, type FileRecord } from './mirror.reuse.js';
import { FolderTarget } from './mirror.target.js';

describe('what a copy remembers for its next run', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-state-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads back every record as it was written, its links and items as strings', async () => {
    const target = new FolderTarget(root);
    const records = new Map<string, FileRecord>();
    const menu = ['/en/', '/en/publications', '/km/', '/en/about'];
    // More records than one piece of the file holds, sharing their links as the pages of a site do.
    for (let i = 0; i < 1234; i += 1) {
      const own = `/en/publications/item-${i}`;
      records.set(`en/publications/item-${i}/index.html`, {
        path: own,
        fingerprint: `fp${i}`,
        links: [...menu, own, `/en/publications/item-${i + 1}`],
        items: [`item-${i}`, `item-${i + 1}`],
        stamps: [`${i}:1:2`, `${i}:3:4`, `${i}:5:6`],
        page: { locale: 'en', title: `Item "${i}" ព័ត៌មាន`, description: 'line\nbreak' },
      });
    }
    records.set('media/a.webp', { path: '/media/a.webp', fingerprint: 'x', links: [], items: [], stamps: ['1:2:3'] });
    await writeState(target, records);
    const read = await readState(target);
    assert.deepEqual(read, records);
  });

  it('starts afresh from a state it cannot read or of another version', async () => {
    const target = new FolderTarget(root);
    await target.write(STATE_FILE, zlib.gzipSync(JSON.stringify({ version: 2, paths: ['/'], files: { 'index.html': { path: 0, fingerprint: 'x', links: [], items: [], stamps: [] } } })));
    assert.equal((await readState(target)).size, 0);
    // An older state is one line of JSON, as large as the site: it is set aside unread.
    const parse = mock.method(JSON, 'parse');
    try {
      assert.equal((await readState(target)).size, 0);
      assert.equal(parse.mock.callCount(), 0);
    } finally {
      parse.mock.restore();
    }
    await target.write(STATE_FILE, Buffer.from('not gzip'));
    assert.equal((await readState(target)).size, 0);
    await target.remove(STATE_FILE);
    assert.equal((await readState(target)).size, 0);
  });
});

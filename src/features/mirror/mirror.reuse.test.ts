import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, describe, it, mock } from 'node:test';
import { PathTable, readState, STATE_FILE, StateWriter, writeState, type FileRecord } from './mirror.reuse.js';
import { FolderTarget } from './mirror.target.js';

describe('what a copy remembers for its next run', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-state-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A record with its addresses as strings again, to compare records of two tables. */
  const spelled = (table: PathTable, records: Map<string, FileRecord>) =>
    new Map([...records].map(([file, r]) => [file, { ...r, path: table.text(r.path), links: table.textsOf(r.links), items: table.textsOf(r.items) }]));

  it('reads back every record as it was written, its links and items numbered in the table it is given', async () => {
    const target = new FolderTarget(root);
    const table = new PathTable();
    // Addresses the state does not name: the file numbers only those it names.
    table.idsOf(['/unused', '/en/unlinked']);
    const records = new Map<string, FileRecord>();
    const menu = ['/en/', '/en/publications', '/km/', '/en/about'];
    // More records than one piece of the file holds, sharing their links as the pages of a site do.
    for (let i = 0; i < 1234; i += 1) {
      const own = `/en/publications/item-${i}`;
      records.set(`en/publications/item-${i}/index.html`, {
        path: table.id(own),
        fingerprint: `fp${i}`,
        links: table.idsOf([...menu, own, `/en/publications/item-${i + 1}`]),
        items: table.idsOf([`item-${i}`, `item-${i + 1}`]),
        stamps: [`${i}:1:2`, `${i}:3:4`, `${i}:5:6`],
        page: { locale: 'en', title: `Item "${i}" ព័ត៌មាន`, description: 'line\nbreak' },
      });
    }
    records.set('media/a.webp', { path: table.id('/media/a.webp'), fingerprint: 'x', links: new Int32Array(0), items: new Int32Array(0), stamps: ['1:2:3'] });
    await writeState(target, records, table);
    const other = new PathTable();
    other.id('/already/known');
    const read = await readState(target, other);
    assert.ok(read.get('media/a.webp')!.links instanceof Int32Array);
    assert.deepEqual(spelled(other, read), spelled(table, records));
    // Each address once in the table, whatever the number of records naming it.
    assert.equal(other.size, 1 + 1235 + menu.length + 1235 + 1);
  });

  it('writes each record as it is added: a record changed or dropped afterwards is written as it was', async () => {
    const target = new FolderTarget(root);
    const table = new PathTable();
    const state = new StateWriter(table);
    const links = table.idsOf(['/en/', '/en/about']);
    const stamps = ['1:2:3'];
    state.add('en/index.html', { path: table.id('/en/'), fingerprint: 'a', links, items: new Int32Array(0), stamps });
    // What the crawl no longer holds once the record is added.
    links[1] = table.id('/elsewhere');
    stamps.length = 0;
    state.add('en/about/index.html', { path: table.id('/en/about'), fingerprint: 'b', links: new Int32Array(0), items: new Int32Array(0), stamps: [] });
    assert.equal(state.size, 2);
    await state.finish(target);
    const other = new PathTable();
    const read = await readState(target, other);
    assert.deepEqual(other.textsOf(read.get('en/index.html')!.links), ['/en/', '/en/about']);
    assert.deepEqual(read.get('en/index.html')!.stamps, ['1:2:3']);
    assert.deepEqual([...read.keys()], ['en/index.html', 'en/about/index.html']);
  });

  it('starts afresh from a state naming an address it does not hold', async () => {
    const target = new FolderTarget(root);
    await target.write(STATE_FILE, zlib.gzipSync('{"version":3}\n"/en/"\n["index.html",0,"x",[0,7],[],[],null]\n'));
    assert.equal((await readState(target, new PathTable())).size, 0);
  });

  it('starts afresh from a state it cannot read or of another version', async () => {
    const target = new FolderTarget(root);
    await target.write(STATE_FILE, zlib.gzipSync(JSON.stringify({ version: 2, paths: ['/'], files: { 'index.html': { path: 0, fingerprint: 'x', links: [], items: [], stamps: [] } } })));
    assert.equal((await readState(target, new PathTable())).size, 0);
    // An older state is one line of JSON, as large as the site: it is set aside unread.
    const parse = mock.method(JSON, 'parse');
    try {
      assert.equal((await readState(target, new PathTable())).size, 0);
      assert.equal(parse.mock.callCount(), 0);
    } finally {
      parse.mock.restore();
    }
    await target.write(STATE_FILE, Buffer.from('not gzip'));
    assert.equal((await readState(target, new PathTable())).size, 0);
    await target.remove(STATE_FILE);
    assert.equal((await readState(target, new PathTable())).size, 0);
  });
});

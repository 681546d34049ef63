import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { MANIFEST_FILE, ManifestError, manifestBytes, ManifestFiles, readManifestFiles, type ManifestEntry } from './mirror.manifest.js';
import { FolderTarget } from './mirror.target.js';

/** The manifest as one object and one string: what `manifestBytes` must give, byte for byte. */
function asOneString(canonicalUrl: string, baseUrl: string | undefined, at: Date, files: Map<string, ManifestEntry>): string {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const manifest = { version: 1, generatedAt: at.toISOString(), canonicalUrl, baseUrl: baseUrl ?? null, files: Object.fromEntries(sorted) };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

describe('the manifest of a copy', () => {
  const at = new Date('2026-12-07T10:00:00Z');

  it('is the same text, written a piece at a time, as the whole manifest made into one string', () => {
    const files = new Map<string, ManifestEntry>();
    // More entries than one piece holds, in no order, with names JavaScript orders first (array indexes) and names to escape.
    for (let i = 2500; i > 0; i -= 1) {
      const file = `en/publications/item-${i}/index.html`;
      files.set(file, { sha256: i.toString(16).padStart(64, '0'), size: i * 7 });
      files.set(`${file}.br`, { sha256: 'b'.repeat(64), size: i, compressedFrom: file });
    }
    for (const name of ['10', '9', '0', '4294967295', '01', 'km/ព័ត៌មាន/index.html', 'a "quoted"\\name', 'robots.txt']) files.set(name, { sha256: 'c'.repeat(64), size: 0 });
    const bytes = manifestBytes('https://dove.example.org', undefined, at, files);
    assert.equal(bytes.toString('utf8'), asOneString('https://dove.example.org', undefined, at, files));
    assert.equal(manifestBytes('https://dove.example.org', 'https://mirror.example.net', at, files).toString('utf8'), asOneString('https://dove.example.org', 'https://mirror.example.net', at, files));
  });

  it('is the same text for a copy without files', () => {
    assert.equal(manifestBytes('https://dove.example.org', undefined, at, new Map()).toString('utf8'), asOneString('https://dove.example.org', undefined, at, new Map()));
  });

  it('holds the files compactly and gives back each entry as it was given, the manifest the same text', () => {
    const files = new Map<string, ManifestEntry>();
    // More than the first allocation holds, so the arrays grow.
    for (let i = 0; i < 3000; i += 1) {
      const file = `en/publications/item-${i}/index.html`;
      files.set(file, { sha256: (i * 7919).toString(16).padStart(64, 'f'), size: i * 13 });
      files.set(`${file}.gz`, { sha256: i.toString(16).padStart(64, '0'), size: i, compressedFrom: file });
    }
    files.set('big.pdf', { sha256: 'a'.repeat(64), size: 2 ** 40 + 1 });
    // Written by hand: kept as read, so they compare and are written back as they were.
    files.set('edited.html', { sha256: 'ABC', size: 3 });
    files.set('edited.html.gz', { sha256: 'D'.repeat(64), size: 1, compressedFrom: 'edited.html' });
    files.set('odd.br', { sha256: 'd'.repeat(64), size: 1, compressedFrom: 'other' });
    // A file whose name ends like a compressed form, and a compressed form without its file.
    files.set('downloads/data.csv.gz', { sha256: 'e'.repeat(64), size: 9 });
    files.set('orphan.html.br', { sha256: 'f'.repeat(64), size: 2, compressedFrom: 'orphan.html' });
    const compact = ManifestFiles.of(Object.fromEntries(files));
    assert.equal(compact.size, files.size);
    for (const [name, entry] of files) {
      assert.deepEqual(compact.get(name), entry, name);
      assert.equal(compact.sha256(name), entry.sha256);
      assert.equal(compact.isCompressedForm(name), entry.compressedFrom !== undefined);
    }
    assert.equal(compact.has('missing.html'), false);
    assert.equal(compact.has('orphan.html'), false);
    assert.deepEqual([...compact.files()].sort(), [...files].filter(([, e]) => e.compressedFrom === undefined).map(([name]) => name).sort());
    assert.equal(compact.get('missing.html'), undefined);
    assert.equal(manifestBytes('https://dove.example.org', undefined, at, compact).toString('utf8'), asOneString('https://dove.example.org', undefined, at, files));
    // An entry given again replaces the first, whichever way it is held.
    compact.set('edited.html', { sha256: 'e'.repeat(64), size: 4 });
    compact.set('big.pdf', { sha256: 'not hex', size: 1 });
    assert.deepEqual(compact.get('edited.html'), { sha256: 'e'.repeat(64), size: 4 });
    assert.deepEqual(compact.get('big.pdf'), { sha256: 'not hex', size: 1 });
    assert.equal(compact.size, files.size);
    assert.equal([...compact.keys()].length, files.size);
  });

  it('reads the files of a manifest a piece at a time, and one laid out otherwise whole', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-manifest-'));
    try {
      const target = new FolderTarget(root);
      assert.equal(await readManifestFiles(target), undefined);
      const files = new Map<string, ManifestEntry>();
      for (let i = 0; i < 2345; i += 1) {
        const file = `km/ព័ត៌មាន-${i}/index.html`;
        files.set(file, { sha256: i.toString(16).padStart(64, '0'), size: i });
        files.set(`${file}.br`, { sha256: 'b'.repeat(64), size: i + 1, compressedFrom: file });
      }
      files.set('a "quoted"\\name\n  }', { sha256: 'A'.repeat(64), size: 1 });
      const bytes = manifestBytes('https://dove.example.org', undefined, at, files);
      await target.write(MANIFEST_FILE, bytes);
      const parse = mock.method(JSON, 'parse');
      let read: ManifestFiles | undefined;
      try {
        read = await readManifestFiles(target);
        // Never the whole text in one piece.
        const longest = Math.max(...parse.mock.calls.map((call) => String(call.arguments[0]).length));
        assert.ok(longest < bytes.length / 2, `${longest} of ${bytes.length}`);
      } finally {
        parse.mock.restore();
      }
      assert.equal(manifestBytes('https://dove.example.org', undefined, at, read!).toString(), bytes.toString());
      // Laid out otherwise: read whole, to the same files.
      const asObject = JSON.parse(bytes.toString()) as { files: Record<string, ManifestEntry> };
      await target.write(MANIFEST_FILE, Buffer.from(JSON.stringify(asObject)));
      assert.equal(manifestBytes('https://dove.example.org', undefined, at, (await readManifestFiles(target))!).toString(), bytes.toString());
      // A piece that is not JSON, or another version, is refused as before.
      await target.write(MANIFEST_FILE, Buffer.from(bytes.toString().replace('"size": 7,', '"size": 7,,')));
      await assert.rejects(readManifestFiles(target), ManifestError);
      await target.write(MANIFEST_FILE, Buffer.from(bytes.toString().replace('"version": 1', '"version": 2')));
      await assert.rejects(readManifestFiles(target), ManifestError);
      await target.write(MANIFEST_FILE, manifestBytes('https://dove.example.org', undefined, at, new Map()));
      assert.equal((await readManifestFiles(target))!.size, 0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

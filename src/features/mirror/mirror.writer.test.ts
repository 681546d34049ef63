import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { MANIFEST_FILE, readManifest, readManifestFiles } from './mirror.manifest.js';
import { FolderTarget } from './mirror.target.js';
import { MirrorWriter } from './mirror.writer.js';

const LIVE = 'https://dove.example.org';
const FIRST_RUN = new Date('2026-12-07T10:00:00Z');
const LATER_RUN = new Date('2026-12-07T11:00:00Z');

describe('the writer of a copy', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-writer-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** One run that puts `files` into the copy and finishes it at `now`. */
  async function run(files: Record<string, string>, now: Date, baseUrl?: string): Promise<MirrorWriter> {
    const target = new FolderTarget(root);
    const writer = new MirrorWriter(target, await readManifestFiles(target));
    for (const [file, text] of Object.entries(files)) await writer.put(file, Buffer.from(text));
    await writer.finish(LIVE, baseUrl, now);
    return writer;
  }
  const manifestAt = () => fs.readFileSync(path.join(root, MANIFEST_FILE), 'utf8');
  const site = { 'en/index.html': '<p>Home</p>', 'assets/logo.png': 'png' };

  it('leaves the manifest as it was when a run changed nothing, and dates it again when one did', async () => {
    await run(site, FIRST_RUN);
    const first = manifestAt();
    const stat = fs.statSync(path.join(root, MANIFEST_FILE));
    const again = await run(site, LATER_RUN);
    assert.deepEqual(again.written, []);
    assert.equal(manifestAt(), first, 'the manifest of an unchanged copy keeps the date it was made');
    assert.equal(fs.statSync(path.join(root, MANIFEST_FILE)).mtimeMs, stat.mtimeMs, 'and is not written again');

    await run({ ...site, 'en/index.html': '<p>Home, edited</p>' }, LATER_RUN);
    assert.match(manifestAt(), new RegExp(LATER_RUN.toISOString()));
    // A file gone is a change too, and so is another base URL.
    const later = new Date('2026-12-07T12:00:00Z');
    await run({ 'en/index.html': '<p>Home, edited</p>' }, later);
    assert.match(manifestAt(), new RegExp(later.toISOString()));
    assert.equal(Object.keys((await readManifest(new FolderTarget(root)))!.files).includes('assets/logo.png'), false);
    await run({ 'en/index.html': '<p>Home, edited</p>' }, LATER_RUN, 'https://mirror.example.net');
    assert.match(manifestAt(), /"baseUrl": "https:\/\/mirror\.example\.net"/);
  });
});

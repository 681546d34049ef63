import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestBytes, type ManifestEntry } from './mirror.manifest.js';

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
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProvinceMapFromFile, loadProvinceMap, writeBuiltProvinceMap } from './province-shapes.js';

describe('province map simplified at build time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-map-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships exactly the geometry the simplifier makes from the GeoJSON', () => {
    const file = path.join(dir, 'map', 'province-map.json');
    writeBuiltProvinceMap(file);
    assert.deepEqual(loadProvinceMap(file), buildProvinceMapFromFile());
  });

  it('reads the built map when there is one, and computes it when there is none', () => {
    const file = path.join(dir, 'doctored.json');
    const doctored = { width: 1, height: 1, shapes: [] };
    fs.writeFileSync(file, JSON.stringify(doctored));
    assert.deepEqual(loadProvinceMap(file), doctored);
    assert.equal(loadProvinceMap(path.join(dir, 'missing.json')).shapes.length, 25);
  });
});

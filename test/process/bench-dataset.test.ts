import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { datasetDir, prepareSiteDataset } from '../../bench/generate-dataset.js';
import { loadOrCreateSecret } from '../../src/features/accounts/secret.js';

describe('the bench data set', () => {
  const savedTmp = process.env.TMPDIR;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-bench-dataset-test-'));
    process.env.TMPDIR = tmp;
  });
  after(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('carries its own secret, so every copy of it renders the same statistics', async () => {
    const contentDir = fs.mkdtempSync(path.join(tmp, 'content-'));
    fs.writeFileSync(path.join(contentDir, 'site.json'), '{}');
    // A data set built before it had a secret: reused as it is, it gains one.
    const dataDir = datasetDir(contentDir);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'bench-dataset.json'), JSON.stringify({ version: 0 }));
    const dataset = await prepareSiteDataset({ contentDir, log: () => {} });
    assert.equal(dataset.reused, true);
    assert.equal(dataset.dataDir, dataDir);
    const copies = ['first', 'second'].map((name) => {
      const copy = path.join(tmp, name);
      fs.cpSync(dataset.dataDir, copy, { recursive: true });
      return copy;
    });
    const secrets = copies.map((copy) => loadOrCreateSecret(undefined, copy));
    assert.equal(secrets[0], secrets[1]);
    assert.equal(fs.readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim(), secrets[0]);
  });
});

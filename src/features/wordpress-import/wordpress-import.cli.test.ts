import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runDove } from '../../../test/helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/wordpress');

describe('the dove import wordpress command', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-wp-cli-'));
    env = { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: path.join(dir, 'dove.sqlite'), NODE_ENV: 'production' };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the report of a dry run and writes it as JSON', async () => {
    const report = path.join(dir, 'dry.json');
    const res = await runDove(['import', 'wordpress', path.join(FIXTURES, 'polylang.xml'), '--uploads', path.join(FIXTURES, 'uploads'), '--dry-run', '--report', report], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Dry run \(nothing was written\)/);
    assert.match(res.stdout, /post\s+4\s+0\s+0\s+0/);
    assert.match(res.stdout, /comment 101 .*not approved/);
    assert.equal(JSON.parse(fs.readFileSync(report, 'utf8')).dryRun, true);
  });

  it('refuses malformed XML with its line and column and exit status 2', async () => {
    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(broken, '<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>A & B</title></item>\n</channel></rss>\n');
    const res = await runDove(['import', 'wordpress', broken], env);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^Import refused: .*broken\.xml: line \d+, column \d+: unclosed tag: title \(the <title> that opened on line 5 never closes.*Nothing was imported\./m);
  });

  it('names a missing export or uploads folder', async () => {
    assert.match((await runDove(['import', 'wordpress', path.join(dir, 'nope.xml')], env)).stderr, /nope\.xml: no such file/);
    const res = await runDove(['import', 'wordpress', path.join(FIXTURES, 'wpml.xml'), '--uploads', path.join(dir, 'no-uploads')], env);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--uploads .*no-uploads: no such folder/);
  });
});

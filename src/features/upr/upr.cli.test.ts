import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runDove } from '../../../test/helpers/cli.js';
import { openDatabase } from '../../db/connection.js';
import { searchTables } from '../search/search.tables.js';

const SAMPLE = path.join(REPO_ROOT, 'docs/samples/upr-sample.csv');

describe('dove upr import', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-upr-cli-'));
    env = { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: path.join(dir, 'dove.sqlite'), NODE_ENV: 'production' };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports the sample, updates on a second run, and rejects a bad file whole naming its line', async () => {
    const first = await runDove(['upr', 'import', SAMPLE], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Imported 6 new and updated 0 UPR recommendations/);
    const second = await runDove(['upr', 'import', SAMPLE], env);
    assert.match(second.stdout, /Imported 0 new and updated 6/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Recommendation,Recommending State,Regional Group,Response,Cycle\nA fine one,Peru,GRULAC,Supported,4\nA bad one,Peru,GRULAC,Supported,fourth\n');
    const refused = await runDove(['upr', 'import', bad], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Nothing was imported:\nLine 3: the cycle “fourth” is not a number/);
    assert.match((await runDove(['upr', 'import', path.join(dir, 'nope.csv')], env)).stderr, /nope\.csv: no such file/);
    const db = openDatabase(env.DATABASE_URL!);
    try {
      const rows = await db.selectFrom('uprRecommendations').select('recommendingState').execute();
      assert.equal(rows.length, 6);
      assert.ok(!rows.some((r) => r.recommendingState === 'Peru'));
      const indexed = await searchTables(db).selectFrom('searchDocuments').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'upr-recommendation').executeTakeFirstOrThrow();
      assert.ok(Number(indexed.n) >= 6);
    } finally {
      await db.destroy();
    }
  });
});

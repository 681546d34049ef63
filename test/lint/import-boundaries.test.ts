import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

// Each probe is linted as if it were a file at that path in the tree, with the project's own
// configuration, so a rule that is dropped or stops matching fails here instead of passing quietly.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file), warnIgnored: true });
  assert.ok(result, `no lint result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${file} did not parse`);
  return result.messages.filter((m) => m.ruleId === 'dove/import-boundaries').map((m) => m.message);
}

async function queryErrors(file: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file), warnIgnored: true });
  assert.ok(result, `no lint result for ${file}`);
  return result.messages.filter((m) => m.ruleId === 'dove/queries-in-repositories').length;
}

describe('import boundaries', () => {
  it('web imports no feature', async () => {
    const errors = await boundaryErrors('src/web/__probe.ts', "import { findSiteSettings } from '../features/site-settings/site-settings.repository.js';\nvoid findSiteSettings;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /crosses a layer boundary/);
  });

  it('web, i18n, db and crypto import neither features nor the app, at any depth and for types too', async () => {
    for (const [file, source] of [
      ['src/web/components/__probe.ts', '../../features/search/search-box.js'],
      ['src/i18n/__probe.ts', '../features/topics/topics.repository.js'],
      ['src/db/migrations/__probe.ts', '../../features/site/site.repository.js'],
      ['src/crypto/__probe.ts', '../app.js'],
      ['src/web/__probe.ts', '../server.js'],
      ['src/db/__probe.ts', '../cli.js'],
      ['src/db/__probe.ts', '../seed/seed.js'],
      ['src/web/__probe.ts', '../seed/demo.js'],
    ]) {
      const errors = await boundaryErrors(file!, `import type { X } from '${source}';\nexport type Y = X;\n`);
      assert.equal(errors.length, 1, `${file} importing ${source}`);
    }
  });

  it('i18n and db do not read the configuration', async () => {
    for (const file of ['src/i18n/__probe.ts', 'src/db/__probe.ts']) {
      const errors = await boundaryErrors(file, "import { loadConfig } from '../config.js';\nvoid loadConfig;\n");
      assert.equal(errors.length, 1, file);
    }
  });

  it('features and web do not import the app or the entry points; feature tests may', async () => {
    const code = "import type { BuildAppOptions } from '../../app.js';\nexport type Y = BuildAppOptions;\n";
    assert.equal((await boundaryErrors('src/features/site/__probe.ts', code)).length, 1);
    assert.equal((await boundaryErrors('src/features/site/__probe.routes.tsx', code)).length, 1);
    assert.equal((await boundaryErrors('src/features/site/__probe.test.ts', code)).length, 0);
  });

  it('features do not import the seed; feature tests may', async () => {
    const code = "import { seedDatabase } from '../../seed/seed.js';\nvoid seedDatabase;\n";
    assert.equal((await boundaryErrors('src/features/site/__probe.ts', code)).length, 1);
    assert.equal((await boundaryErrors('src/features/site/__probe.routes.tsx', code)).length, 1);
    assert.equal((await boundaryErrors('src/features/site/__probe.test.ts', code)).length, 0);
  });

  it('only db/database.ts may import feature table types, and only types', async () => {
    const types = "import type { SiteTables } from '../features/site/site.tables.js';\nexport type Y = SiteTables;\n";
    assert.equal((await boundaryErrors('src/db/database.ts', types)).length, 0);
    assert.equal((await boundaryErrors('src/db/__probe.ts', types)).length, 1);
    const value = "import { SiteTables } from '../features/site/site.tables.js';\nexport const y = SiteTables;\n";
    assert.equal((await boundaryErrors('src/db/database.ts', value)).length, 1);
  });

  it('allows what the layers allow (positive control)', async () => {
    assert.deepEqual(await boundaryErrors('src/web/__probe.ts', "import { localePath } from './paths.js';\nimport type { Locale } from '../i18n/locales.js';\nimport type { Config } from '../config.js';\nexport const f = (l: Locale, c: Config) => localePath(l, c.publicUrl);\n"), []);
    assert.deepEqual(await boundaryErrors('src/features/site/__probe.ts', "import { Layout } from '../../web/layout.js';\nimport { findImages } from '../media/media.repository.js';\nvoid Layout;\nvoid findImages;\n"), []);
  });

  it('routes, views and presenters neither import kysely nor build queries', async () => {
    const value = "import { sql } from 'kysely';\nexport const q = sql`select 1`;\n";
    const types = "import type { Transaction } from 'kysely';\nexport type T = Transaction<unknown>;\n";
    for (const file of ['src/features/site/__probe.routes.tsx', 'src/features/site/__probe.views.tsx', 'src/features/site/__probe-page.tsx', 'src/features/site/__probe.presenter.ts', 'src/web/__probe.routes.ts']) {
      assert.equal((await boundaryErrors(file, value)).length, 1, file);
      assert.deepEqual(await boundaryErrors(file, types), [], file);
      assert.equal(await queryErrors(file, "export const f = (db: { selectFrom(t: string): unknown }) => db.selectFrom('files');\n"), 1, file);
    }
    assert.deepEqual(await boundaryErrors('src/features/site/__probe.repository.ts', value), []);
    assert.equal(await queryErrors('src/features/site/__probe.repository.ts', "export const f = (db: { selectFrom(t: string): unknown }) => db.selectFrom('files');\n"), 0);
    assert.equal((await boundaryErrors('src/features/site/__probe.routes.tsx', "import type { BuildAppOptions } from '../../app.js';\nexport type Y = BuildAppOptions;\n")).length, 1);
  });

  it('builds queries only in repositories, the database layer and the seed', async () => {
    const queries = [
      "export const f = (db: { selectFrom(t: string): unknown }) => db.selectFrom('files');\n",
      "export const f = (tx: { insertInto(t: string): unknown }) => tx.insertInto('files');\n",
      "export const f = (tx: { updateTable(t: string): unknown }) => tx.updateTable('files');\n",
      "export const f = (tx: { deleteFrom(t: string): unknown }) => tx.deleteFrom('files');\n",
      "export const f = (tx: { replaceInto(t: string): unknown }) => tx.replaceInto('files');\n",
      "export const f = (tx: { mergeInto(t: string): unknown }) => tx.mergeInto('files');\n",
      "import { sql } from 'kysely';\nexport const q = sql`select 1`;\n",
      "import { sql } from 'kysely';\nexport const q = sql<number>`select 1`;\n",
      "import { sql } from 'kysely';\nexport const q = sql.raw('select 1');\n",
    ];
    for (const code of queries) {
      for (const file of ['src/features/mail/__probe.ts', 'src/features/mail/__probe.service.ts', 'src/web/__probe.ts', 'src/features/mail/__probe.tables.ts']) {
        assert.equal(await queryErrors(file, code), 1, `${file}: ${code}`);
      }
      for (const file of ['src/features/mail/__probe.repository.ts', 'src/db/__probe.ts', 'src/db/migrations/__probe.ts', 'src/seed/__probe.ts', 'src/features/mail/__probe.test.ts']) {
        assert.equal(await queryErrors(file, code), 0, `${file}: ${code}`);
      }
    }
  });
});

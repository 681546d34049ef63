import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertSearchFixture } from '../../../test/fixtures/search/load.js';
import { runDove } from '../../../test/helpers/cli.js';
import { freePort, spawnDove, waitForStatus } from '../../../test/helpers/dove-process.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { findSearchIndexState, saveSearchIndexState } from '../instance/instance.repository.js';
import { contentFiles } from '../media/storage.js';
import { removeAllDocuments } from './search-index.repository.js';
import { rebuildOutdatedSearchIndex, rebuildSearchIndex, SEARCH_INDEX_FORMAT } from './search.indexer.js';
import { searchTables } from './search.tables.js';

const START_TIMEOUT_MS = 60_000;
const LONG_AGO = '2020-01-01T00:00:00.000Z';

for (const engine of testEngines()) {
  describe(`search index format (${engine})`, () => {
    let t: TestContext;
    const ctx = () => ({ storage: contentFiles(t.app.storage) });
    const documents = async () => (await searchTables(t.db).selectFrom('searchDocuments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const builtBy = (format: number) => saveSearchIndexState(t.db, { format, builtAt: LONG_AGO, documents: 0 });
    const search = async (q: string) => (await t.app.inject(`/en/search?q=${encodeURIComponent(q)}`)).body;

    before(async () => {
      t = await createTestApp(engine);
      await insertSearchFixture(t.db, ctx().storage);
      await rebuildSearchIndex(t.db, ctx());
    });
    after(() => t.close());

    it('is recorded when the index is rebuilt', async () => {
      const state = await findSearchIndexState(t.db);
      assert.equal(state?.format, SEARCH_INDEX_FORMAT);
      assert.ok((await documents()) > 0);
      assert.equal(state.documents, await documents());
    });

    it('leaves a current index alone', async () => {
      const before = await findSearchIndexState(t.db);
      assert.equal(await rebuildOutdatedSearchIndex(t.db, ctx()), undefined);
      assert.deepEqual(await findSearchIndexState(t.db), before);
    });

    it('rebuilds an index without a record on a database with content, and records the format', async () => {
      const indexed = await documents();
      await removeAllDocuments(searchTables(t.db));
      await t.db.deleteFrom('instanceState').where('key', '=', 'search_index').execute();
      assert.doesNotMatch(await search('press freedom'), /card__title/, 'nothing is found while the index is empty');
      assert.equal(await rebuildOutdatedSearchIndex(t.db, ctx()), indexed);
      assert.equal((await findSearchIndexState(t.db))?.format, SEARCH_INDEX_FORMAT);
      assert.match(await search('press freedom'), /card__title/);
    });

    it('rebuilds once when two servers claim the rebuild at the same time', async () => {
      await builtBy(SEARCH_INDEX_FORMAT - 1);
      const results = await Promise.all([rebuildOutdatedSearchIndex(t.db, ctx()), rebuildOutdatedSearchIndex(t.db, ctx())]);
      assert.equal(results.filter((n) => n !== undefined).length, 1, `one rebuild: ${JSON.stringify(results)}`);
      const state = await findSearchIndexState(t.db);
      assert.equal(state?.format, SEARCH_INDEX_FORMAT);
      assert.notEqual(state.builtAt, LONG_AGO);
    });

    it('is rebuilt at server start when it was built in an earlier format', async () => {
      await builtBy(SEARCH_INDEX_FORMAT - 1);
      const port = await freePort();
      const dove = spawnDove(['serve'], {
        PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: t.config.dataDir,
        DATABASE_URL: t.config.databaseUrl, SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'info', MAIL_WORKER: 'off',
      });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, dove, START_TIMEOUT_MS);
        // A shutdown waits for a rebuild under way, so once the server has exited it is done.
        dove.child.kill('SIGTERM');
        assert.equal(await dove.exited(START_TIMEOUT_MS), 0, dove.output());
      } finally {
        dove.child.kill('SIGKILL');
      }
      assert.match(dove.output(), /rebuilding it while serving/);
      assert.match(dove.output(), /"documents":\d+.*rebuilt the search index/);
      const state = await findSearchIndexState(t.db);
      assert.equal(state?.format, SEARCH_INDEX_FORMAT);
      assert.notEqual(state.builtAt, LONG_AGO);
    });

    it('is rebuilt by `dove search rebuild`, which says how many documents it indexed', async () => {
      await builtBy(SEARCH_INDEX_FORMAT - 1);
      const res = await runDove(['search', 'rebuild'], { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, new RegExp(`^Rebuilt the search index: ${await documents()} documents in \\d+\\.\\d s\\.$`, 'm'));
      assert.equal((await findSearchIndexState(t.db))?.format, SEARCH_INDEX_FORMAT);
    });
  });
}

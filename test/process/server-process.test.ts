import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { keyFilePath, generateKeyBase64 } from '../../src/crypto/envelope.js';
import { buildCaseThroughForms } from '../factories/hrd-cases.js';
import { findAssetByUrl } from '../../src/web/assets.js';
import { freePort, spawnDove, spawnNpmStart, statusOf, waitForStatus, type DoveProcess } from '../helpers/dove-process.js';
import { createPrivatePostgres, postgresBinDir, type PrivatePostgres } from '../helpers/private-postgres.js';
import { startS3Server } from '../helpers/s3-server.js';
import { signInAs } from '../helpers/staff.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const START_TIMEOUT_MS = 60_000;

function serverEnv(port: number, dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, DATABASE_URL: '', SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', MAIL_WORKER: 'off', ...extra };
}

/**
 * The compiled server reads the stylesheets the build minified; a source checkout minifies them
 * itself. A hashed URL names the exact bytes, so the same URLs mean the same stylesheets.
 */
async function assertSameStylesheetsAsSources(origin: string): Promise<void> {
  const page = await (await fetch(`${origin}/admin/sign-in`)).text();
  const hrefs = [...page.matchAll(/<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  assert.ok(hrefs.length > 0, 'the page links a stylesheet');
  for (const href of hrefs) {
    assert.ok(findAssetByUrl(href), `${href} is the stylesheet a source checkout serves`);
    const served = Buffer.from(await (await fetch(`${origin}${href}`)).arrayBuffer());
    assert.deepEqual(served, findAssetByUrl(href)!.body);
  }
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dove-process-'));

describe('npm start', () => {
  it('stops the server when npm gets SIGTERM, freeing the port', async () => {
    const [port, dataDir] = [await freePort(), tempDir()];
    const npm = spawnNpmStart(serverEnv(port, dataDir));
    try {
      // The first `npm start` of a checkout builds dist/ before serving.
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, npm, 120_000);
      await assertSameStylesheetsAsSources(`http://127.0.0.1:${port}`);
      npm.child.kill('SIGTERM');
      assert.notEqual(await npm.exited(15_000), undefined, 'npm exited');
      await sleep(300);
      assert.equal(await statusOf(`http://127.0.0.1:${port}/healthz`), 0, 'nothing answers on the port any more');
    } finally {
      npm.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a start with the wrong encryption key', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp('sqlite');
    await buildCaseThroughForms(t, await signInAs(t, 'monitor'), 'WRONGKEY');
  });
  after(() => t.close());

  const start = async (env: NodeJS.ProcessEnv): Promise<DoveProcess> => {
    const dove = spawnDove(['serve'], serverEnv(await freePort(), t.config.dataDir, { DATABASE_URL: t.config.databaseUrl, ...env }));
    const code = await dove.exited(START_TIMEOUT_MS);
    assert.equal(code, 1, `exit code, output:\n${dove.output()}`);
    assert.doesNotMatch(dove.output(), /\n\s+at /, 'one clear line, no stack trace');
    return dove;
  };

  it('refuses to start and names the fix when the key does not open the sealed data', async () => {
    const dove = await start({ ENCRYPTION_KEY: generateKeyBase64() });
    assert.match(dove.output(), /does not open the sealed case data/);
  });

  it('refuses to start, without generating a key, when the key file is missing', async () => {
    const file = keyFilePath(t.config.dataDir);
    fs.renameSync(file, `${file}.aside`);
    try {
      const dove = await start({});
      assert.match(dove.output(), /there is no encryption key/);
      assert.equal(fs.existsSync(file), false, 'no new key was generated');
    } finally {
      fs.renameSync(`${file}.aside`, file);
    }
  });
});

describe('a start with object storage that cannot keep files', () => {
  it('refuses to start and names the bucket when it does not exist', async () => {
    const [s3, dataDir] = [await startS3Server(), tempDir()];
    try {
      const dove = spawnDove(['serve'], serverEnv(await freePort(), dataDir, { ...s3.env, S3_BUCKET: 'bucket-nobody-made' }));
      const code = await dove.exited(START_TIMEOUT_MS);
      assert.equal(code, 1, `exit code, output:\n${dove.output()}`);
      assert.match(dove.output(), /s3:\/\/bucket-nobody-made .*cannot keep files: the bucket bucket-nobody-made does not exist/);
      assert.doesNotMatch(dove.output(), /\n\s+at /, 'one clear line, no stack trace');
    } finally {
      await s3.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const postgresMissing = postgresBinDir() === undefined;
if (postgresMissing && process.env.CI) throw new Error('CI must have PostgreSQL\'s server binaries: the restart tests may not be skipped in CI.');
if (postgresMissing) console.warn('\n!! SKIPPED: PostgreSQL restart tests need Debian\'s PostgreSQL server binaries (/usr/lib/postgresql). !!\n');

describe('a server on PostgreSQL', { skip: postgresMissing ? 'no PostgreSQL server binaries' : false }, () => {
  let pg: PrivatePostgres;
  let dove: DoveProcess;
  let base: string;
  let dataDir: string;
  before(async () => {
    pg = createPrivatePostgres(await freePort());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = tempDir();
    // Every page is rendered, so every request reaches the database.
    dove = spawnDove(['serve'], serverEnv(port, dataDir, { DATABASE_URL: pg.url, PAGE_CACHE: 'off', LOG_LEVEL: 'info' }));
  });
  after(async () => {
    dove.child.kill('SIGKILL');
    pg.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits at start for a database that is not up yet, then serves', async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!/the database does not answer yet; waiting/.test(dove.output()) && Date.now() < deadline && dove.child.exitCode === null) await sleep(200);
    assert.match(dove.output(), /the database does not answer yet; waiting/);
    assert.equal(dove.child.exitCode, null, `still waiting, output:\n${dove.output()}`);
    pg.start();
    await waitForStatus(`${base}/readyz`, 200, dove, START_TIMEOUT_MS);
  });

  it('survives a PostgreSQL restart under requests and answers every request once it is back', async () => {
    const statuses: number[] = [];
    let running = true;
    const load = async () => {
      while (running) statuses.push(await statusOf(`${base}/en/`));
    };
    const clients = [load(), load(), load()];
    await sleep(500);
    pg.restart();
    await sleep(500);
    running = false;
    await Promise.all(clients);
    assert.equal(dove.child.exitCode, null, `the server is still running:\n${dove.output()}`);
    assert.ok(!statuses.includes(500), `no 500 while the database restarted: ${JSON.stringify(statuses)}`);
    assert.ok(statuses.every((s) => s === 200 || s === 503), `only pages or "try again" pages: ${JSON.stringify([...new Set(statuses)])}`);

    const after = await Promise.all(Array.from({ length: 30 }, () => statusOf(`${base}/en/`)));
    assert.deepEqual([...new Set(after)], [200], 'every request after the restart succeeds');
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runDove } from '../../../test/helpers/cli.js';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.js';

const DEMO_SITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/demo-site');

/** The command as an operator runs it, on a database the test seeded (the command only reads it). */
describe('dove mirror and dove mirror verify', () => {
  let t: TestContext;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await createTestApp('sqlite', { contentDir: DEMO_SITE });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-cli-'));
    env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl, PUBLIC_URL: 'https://dove.example.org', MAIL_WORKER: 'off', PDF_TEXT_WORKER: 'off' };
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a copy in two rendering threads with absolute links under --base-url, and its archive; verify passes, then names a changed file', async () => {
    const copy = path.join(dir, 'copy');
    const made = await runDove(['mirror', copy, '--base-url', 'https://mirror.example.net/', '--archive', path.join(dir, 'copy.tar.gz'), '--threads', '2'], env);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Copied https:\/\/dove\.example\.org to .* files, \d+ written, 0 unchanged, 0 removed/);
    assert.ok(fs.statSync(path.join(dir, 'copy.tar.gz')).size > 0);
    const home = fs.readFileSync(path.join(copy, 'en/index.html'), 'utf8');
    assert.match(home, /href="https:\/\/mirror\.example\.net\/en\/publications\/"/);
    assert.match(fs.readFileSync(path.join(copy, 'sitemap.xml'), 'utf8'), /<loc>https:\/\/mirror\.example\.net\/en\/publications\/<\/loc>/);
    assert.match(fs.readFileSync(path.join(copy, 'robots.txt'), 'utf8'), /^Sitemap: https:\/\/mirror\.example\.net\/sitemap\.xml$/m);
    // Open to the web server's user, although the command runs with umask 077.
    const mode = (file: string) => fs.statSync(path.join(copy, file)).mode & 0o777;
    assert.equal(mode('en'), 0o755);
    assert.equal(mode('en/publications'), 0o755);
    assert.equal(mode('en/index.html'), 0o644);
    assert.equal(mode('en/index.html.br'), 0o644);

    const good = await runDove(['mirror', 'verify', copy], env);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /All \d+ files match the manifest/);
    fs.appendFileSync(path.join(copy, 'km/index.html'), '<!-- changed -->');
    const bad = await runDove(['mirror', 'verify', copy], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^changed: km\/index\.html$/m);
  });

  it('refuses a bad base URL, and verify refuses a folder that is not a copy', async () => {
    const refused = await runDove(['mirror', path.join(dir, 'other'), '--base-url', 'ftp://mirror.example.net'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--base-url must be an http:\/\/ or https:\/\/ address/);
    const threads = await runDove(['mirror', path.join(dir, 'other'), '--threads', '1.5'], env);
    assert.equal(threads.code, 2);
    assert.match(threads.stderr, /--threads must be a whole number/);
    const noBucket = await runDove(['mirror', 's3://dove-mirror/site/'], env);
    assert.equal(noBucket.code, 2);
    assert.match(noBucket.stderr, /Publishing to s3:\/\/dove-mirror\/site\/ needs the object storage settings/);
    const empty = await runDove(['mirror', 'verify', dir], env);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /has no manifest\.json/);
  });
});

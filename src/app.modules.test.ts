import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds an app in a fresh process, configured with Redis and an S3 bucket (neither reachable:
 * nothing may connect), and prints the npm packages its CommonJS modules came from, every module
 * it resolved, and which of a few routes it has.
 */
const BUILD_AND_LIST = `
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
const modules = [];
registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); modules.push(found.url); return found; } });
const { buildApp } = await import(${JSON.stringify(path.join(SRC, 'app.ts'))});
const { loadConfig } = await import(${JSON.stringify(path.join(SRC, 'config.ts'))});
const { openDatabase } = await import(${JSON.stringify(path.join(SRC, 'db/connection.ts'))});
const config = loadConfig({ DATA_DIR: process.env.APP_DIR, LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:9', STORAGE: 's3', S3_BUCKET: 'unreachable', S3_ENDPOINT: 'http://127.0.0.1:9' });
const db = openDatabase(path.join(process.env.APP_DIR, 'dove.sqlite'));
const app = await buildApp({ config, db, logger: false, periodicTasks: false, readersOnly: process.env.READERS_ONLY === 'yes' });
await app.ready();
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean));
const routes = ['/admin/sign-in', '/admin/publications', '/healthz', '/en/publications', '/media/:file', '/sitemap.xml'].filter((url) => app.hasRoute({ method: 'GET', url }));
await app.close();
await db.destroy();
console.log(JSON.stringify({ packages: [...packages], routes, modules }));
`;

async function buildInChild(readersOnly: boolean): Promise<{ packages: string[]; routes: string[]; modules: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-app-modules-'));
  try {
    const env = { ...process.env, APP_DIR: dir, READERS_ONLY: readersOnly ? 'yes' : 'no' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', BUILD_AND_LIST], { env, cwd: path.join(SRC, '..') });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { packages: string[]; routes: string[]; modules: string[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('building the app loads none of pdf-lib, the Redis client and the S3 client: each is loaded on first use', async () => {
  const { packages, routes, modules } = await buildInChild(false);
  assert.ok(packages.includes('fastify'), 'the listing sees the packages the app loaded');
  for (const unused of ['pdf-lib', 'ioredis', '@aws-sdk/client-s3']) assert.ok(!packages.includes(unused), `${unused} was loaded with the app`);
  assert.ok(routes.includes('/admin/sign-in') && routes.includes('/healthz'), 'the full app has the staff pages and the health checks');
  assert.ok(modules.some((url) => url.includes('/features/editor/editor.routes.')), 'the full app loads the staff modules');
});

test("an app for readers only (the mirror's) has the readers' pages, media and sitemap, and neither the staff's pages nor their modules", async () => {
  const { routes, modules } = await buildInChild(true);
  assert.deepEqual(routes, ['/en/publications', '/media/:file', '/sitemap.xml']);
  assert.ok(modules.some((url) => url.includes('/features/publications/')), 'the listing sees the modules the app loaded');
  for (const staff of ['/features/all-global-features.', '/features/editor/editor.routes.', '/features/accounts/sign-in.routes.']) assert.ok(!modules.some((url) => url.includes(staff)), `${staff} was loaded`);
});

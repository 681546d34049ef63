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
 * nothing may connect), and prints the npm packages its modules came from.
 */
const BUILD_AND_LIST = `
import { createRequire } from 'node:module';
import path from 'node:path';
const { buildApp } = await import(${JSON.stringify(path.join(SRC, 'app.ts'))});
const { loadConfig } = await import(${JSON.stringify(path.join(SRC, 'config.ts'))});
const { openDatabase } = await import(${JSON.stringify(path.join(SRC, 'db/connection.ts'))});
const config = loadConfig({ DATA_DIR: process.env.APP_DIR, LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:9', STORAGE: 's3', S3_BUCKET: 'unreachable', S3_ENDPOINT: 'http://127.0.0.1:9' });
const db = openDatabase(path.join(process.env.APP_DIR, 'dove.sqlite'));
const app = await buildApp({ config, db, logger: false, periodicTasks: false });
await app.ready();
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean));
await app.close();
await db.destroy();
console.log(JSON.stringify([...packages]));
`;

test('building the app loads none of pdf-lib, the Redis client and the S3 client: each is loaded on first use', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-app-modules-'));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', BUILD_AND_LIST], { env: { ...process.env, APP_DIR: dir }, cwd: path.join(SRC, '..') });
    const packages = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
    assert.ok(packages.includes('fastify'), 'the listing sees the packages the app loaded');
    for (const unused of ['pdf-lib', 'ioredis', '@aws-sdk/client-s3']) assert.ok(!packages.includes(unused), `${unused} was loaded with the app`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/*
 * `npm test`: the unit, HTTP, process and lint tests on SQLite and, with TEST_DATABASE_URL, on
 * PostgreSQL. Two things make a run fast without changing a test:
 * - one migrated template database per engine, made here once, that every test app copies
 *   (test/helpers/database-templates.ts);
 * - the test files run in a few processes rather than one each: starting Node, loading tsx and
 *   importing the app cost more than many a file's own tests. Each group of files shares one
 *   process and runs its files one after another; node --test runs the groups two at a time.
 * Arguments are passed on to node --test (for example --test-name-pattern=...).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './helpers/cli.js';
import { createTemplates } from './helpers/database-templates.js';
import { testEngines } from './helpers/test-app.js';

const TEST_FOLDERS = ['src', 'test/http', 'test/process', 'test/lint'];
/** Processes that run groups of test files: more balance the load better, fewer start faster. */
const GROUPS = 16;
const CONCURRENCY = 2;

function testFiles(): string[] {
  return TEST_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.test\.tsx?$/.test(file))
      .map((file) => path.join(folder, file)),
  ).sort();
}

/** Files dealt out in turn, so that each group gets a share of every folder's slow and quick files. */
function groupsOf(files: string[], count: number): string[][] {
  const groups: string[][] = Array.from({ length: Math.min(count, files.length) }, () => []);
  files.forEach((file, i) => groups[i % groups.length]!.push(file));
  return groups;
}

/** One entry module per group: node --test runs each in a process of its own. */
function writeGroupEntries(dir: string, groups: string[][]): string[] {
  const loader = pathToFileURL(path.join(REPO_ROOT, 'test/helpers/import-test-files.ts')).href;
  return groups.map((files, i) => {
    const entry = path.join(dir, `group-${String(i + 1).padStart(2, '0')}.test.mjs`);
    const urls = files.map((file) => pathToFileURL(path.join(REPO_ROOT, file)).href);
    fs.writeFileSync(entry, `import { importTestFiles } from ${JSON.stringify(loader)};\nawait importTestFiles(${JSON.stringify(urls, null, 2)});\n`);
    return entry;
  });
}

function runNodeTest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${CONCURRENCY}`, ...args], { cwd: REPO_ROOT, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

const engines = testEngines();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-test-run-'));
const templates = await createTemplates(engines);
try {
  const entries = writeGroupEntries(work, groupsOf(testFiles(), GROUPS));
  process.exitCode = await runNodeTest([...process.argv.slice(2), ...entries], { ...process.env, ...templates.env });
} finally {
  await templates.remove();
  fs.rmSync(work, { recursive: true, force: true });
}

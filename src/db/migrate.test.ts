import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MIGRATION_NAMES, migrationFiles } from './migrate.js';

/** A folder holding empty files of these names, as a URL ending in a slash. */
function folderOf(names: string[]): URL {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-migrations-'));
  for (const name of names) fs.writeFileSync(path.join(dir, name), '');
  return pathToFileURL(`${dir}/`);
}

describe('migrations read from their folder', () => {
  it('knows every file of src/db/migrations, in the order of their names, and nothing else', () => {
    const dir = path.join(import.meta.dirname, 'migrations');
    const onDisk = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}-.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual([...MIGRATION_NAMES], onDisk);
    assert.equal(MIGRATION_NAMES[0], '0001-content');
    const numbers = MIGRATION_NAMES.map((name) => Number(name.slice(0, 4)));
    assert.deepEqual(numbers, [...new Set(numbers)].sort((a, b) => a - b), 'numbers unique and rising');
  });

  it('orders by name whatever the folder lists first, and reads compiled files beside their maps', () => {
    const files = migrationFiles(folderOf(['0002-second.js', '0002-second.js.map', '0001-first.js', '0001-first.js.map', 'types.d.ts']));
    assert.deepEqual([...files], [['0001-first', '0001-first.js'], ['0002-second', '0002-second.js']]);
    assert.deepEqual([...migrationFiles(folderOf(['0001-first.ts', '0001-first.test.ts']))], [['0001-first', '0001-first.ts']]);
  });

  it('refuses a file it would otherwise skip, and a migration there twice', () => {
    assert.throws(() => migrationFiles(folderOf(['0001-first.ts', '0032_misnamed.ts'])), /0032_misnamed\.ts .* is not named as a migration/);
    assert.throws(() => migrationFiles(folderOf(['0001-first.ts', '0001-first.js'])), /migration 0001-first is there twice/);
  });
});

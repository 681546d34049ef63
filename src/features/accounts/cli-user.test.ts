import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import argon2 from 'argon2';
import { openDatabase } from '../../db/connection.js';
import { runDove } from '../../../test/helpers/cli.js';

describe('dove user create', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-cli-'));
    env = { DATA_DIR: dir, DATABASE_URL: path.join(dir, 'cli.sqlite') };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates an admin with the password read twice from stdin', async () => {
    const password = 'a long and unusual passphrase';
    const res = await runDove(['user', 'create', '--role', 'admin', '--email', 'First@Example.org', '--name', 'First Admin'], env, `${password}\n${password}\n`);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Created admin first@example.org/);
    assert.doesNotMatch(res.stdout + res.stderr, /passphrase/);
    const db = openDatabase(env.DATABASE_URL!);
    try {
      const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.equal(user.role, 'admin');
      assert.ok(await argon2.verify(user.passwordHash, password));
      assert.match(user.passwordHash, /^\$argon2id\$/);
    } finally {
      await db.destroy();
    }
  });

  it('refuses a common password, a mismatch and an unknown role', async () => {
    const common = await runDove(['user', 'create', '--email', 'b@example.org', '--name', 'B'], env, 'password1234\npassword1234\n');
    assert.equal(common.code, 1);
    assert.match(common.stderr, /most common/);
    const differ = await runDove(['user', 'create', '--email', 'b@example.org', '--name', 'B'], env, 'a long and unusual passphrase\nanother one entirely\n');
    assert.equal(differ.code, 1);
    assert.match(differ.stderr, /not the same/);
    const role = await runDove(['user', 'create', '--role', 'king', '--email', 'b@example.org', '--name', 'B'], env, '');
    assert.equal(role.code, 2);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { copyFromStdin, copyTextField } from './search.copy.repository.js';

const encode = (text: string) => new TextEncoder().encode(text);
const line = (fields: string[]) => `${fields.map(copyTextField).join('\t')}\n`;

if (testEngines().includes('postgres')) {
  describe('COPY FROM STDIN through a Kysely connection (postgres)', () => {
    let t: TestContext;
    let db: Kysely<unknown>;
    before(async () => {
      t = await createTestApp('postgres', { contentDir: false });
      db = t.db as unknown as Kysely<unknown>;
      await sql`create table copy_probe (id integer primary key, body text not null)`.execute(db);
    });
    after(() => t.close());
    const bodies = async (handle: Kysely<unknown> = db) =>
      (await sql<{ id: number; body: string }>`select id, body from copy_probe order by id`.execute(handle)).rows;

    it('writes values with tabs, newlines, carriage returns and backslashes as they are, and counts the rows', async () => {
      const values = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N \\.', 'ខ្មែរ plain'];
      const data = encode(values.map((body, i) => line([String(i + 1), body])).join(''));
      assert.equal(await copyFromStdin(db, 'copy copy_probe (id, body) from stdin', data), values.length);
      assert.deepEqual(await bodies(), values.map((body, i) => ({ id: i + 1, body })));
      await sql`delete from copy_probe`.execute(db);
    });

    it("writes on the transaction's own connection", async () => {
      await db.transaction().execute(async (tx) => {
        await copyFromStdin(tx, 'copy copy_probe (id, body) from stdin', encode(line(['7', 'inside'])));
        assert.deepEqual(await bodies(tx), [{ id: 7, body: 'inside' }]);
        assert.deepEqual(await bodies(), []);
        throw new Error('roll back');
      }).catch((error: Error) => assert.equal(error.message, 'roll back'));
      assert.deepEqual(await bodies(), []);
    });

    it("fails with the server's error on a row it cannot read, and the connection goes on", async () => {
      await assert.rejects(copyFromStdin(db, 'copy copy_probe (id, body) from stdin', encode('not a number\tx\n')), /invalid input syntax for type integer/);
      await assert.rejects(copyFromStdin(db, 'copy copy_probe (id, body) from stdin', encode('1\n')), /missing data for column "body"/);
      assert.deepEqual(await bodies(), []);
    });

    it('fails, rather than leave the server waiting, when the data cannot be sent', async () => {
      const data = new Uint8Array(8);
      structuredClone(data.buffer, { transfer: [data.buffer] });
      await assert.rejects(copyFromStdin(db, 'copy copy_probe (id, body) from stdin', data), /COPY from stdin failed/);
      assert.deepEqual(await bodies(), []);
    });

    it('runs nothing but COPY FROM STDIN', async () => {
      await assert.rejects(copyFromStdin(db, 'delete from copy_probe', encode('')), /not a COPY FROM STDIN/);
    });
  });
}

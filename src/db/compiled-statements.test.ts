import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import { compiledOnce } from './compiled-statements.js';
import type { DbOrTx } from './database.js';

for (const engine of testEngines()) {
  describe(`statements compiled once (${engine})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestApp(engine, { contentDir: false });
      await ctx.db
        .insertInto('topics')
        .values([
          { slug: 'land', sortOrder: 1 },
          { slug: 'labour', sortOrder: 2 },
          { slug: 'media', sortOrder: 3 },
        ])
        .execute();
    });
    after(() => ctx.close());

    let builds = 0;
    const topicsFrom = compiledOnce((db: DbOrTx, { from, limit }: { from: number; limit: number }) => {
      builds++;
      return db.selectFrom('topics').select('slug').where('sortOrder', '>=', from).orderBy('sortOrder').limit(limit);
    });
    const slugs = async (values: { from: number; limit: number }, shape?: string) =>
      (await ctx.db.executeQuery(topicsFrom(ctx.db, values, shape))).rows.map((r) => r.slug);

    it('builds the statement once and runs it with each call’s values', async () => {
      assert.deepEqual(await slugs({ from: 1, limit: 2 }), ['land', 'labour']);
      assert.deepEqual(await slugs({ from: 2, limit: 5 }), ['labour', 'media']);
      assert.deepEqual(await slugs({ from: 3, limit: 1 }), ['media']);
      assert.equal(builds, 1);
    });

    it('builds one statement per shape', async () => {
      assert.deepEqual(await slugs({ from: 1, limit: 1 }, 'other'), ['land']);
      assert.equal(builds, 2);
    });

    it('builds one statement for each set of values given, without being told', async () => {
      const optional = compiledOnce((db: DbOrTx, { from }: { from?: number }) =>
        db.selectFrom('topics').select('slug').$if(from !== undefined, (qb) => qb.where('sortOrder', '>=', from!)).orderBy('sortOrder'),
      );
      const run = async (values: { from?: number }) => (await ctx.db.executeQuery(optional(ctx.db, values))).rows.map((r) => r.slug);
      assert.deepEqual(await run({ from: 3 }), ['media']);
      assert.deepEqual(await run({}), ['land', 'labour', 'media']);
      assert.deepEqual(await run({ from: undefined }), ['land', 'labour', 'media']);
      assert.deepEqual(await run({ from: 2 }), ['labour', 'media']);
    });

    it('refuses a builder that does not pass a value through as a parameter', () => {
      const shaped = compiledOnce((db: DbOrTx, { limit }: { limit: number }) =>
        db.selectFrom('topics').select('slug').limit(Number(limit) || 10),
      );
      assert.throws(() => shaped(ctx.db, { limit: 2 }), /values not passed through as parameters: limit/);
    });
  });
}

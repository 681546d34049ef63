import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { KEPT_ORDER_OVERHEAD, keptListOrders, MAX_KEPT_ORDERS } from './kept-list-orders.js';
import { PUBLICATION_TYPES } from '../publications/publications.tables.js';
import { createPublication } from '../../../test/factories/publications.js';
import { topicId } from '../../../test/factories/topics.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** The slugs of the cards on a list page, in order. */
function cardSlugs(body: string): string[] {
  return [...body.matchAll(/class="card__title"[^>]*><a href="\/(?:en|km)\/publications\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

const LISTS = ['', '?type=report', '?topic=land-rights', '?year=2023', '?language=km', '?type=statement&topic=fundamental-freedoms'];

for (const engine of testEngines()) {
  describe(`list orders kept by the mirror's app (${engine})`, () => {
    let t: TestContext;
    /** An app on the same database whose orders are kept for no time: each page sorts its list afresh. */
    let perRequest: FastifyInstance;
    before(async () => {
      // Without a page cache, as the mirror renders: every request reaches the list.
      t = await createTestApp(engine, { keepListOrders: true, periodicTasks: false, env: { PAGE_CACHE: 'off' } });
      perRequest = await buildApp({ config: { ...t.config, pageCacheTtlSeconds: 0 }, db: t.db, logger: false, periodicTasks: false });
      await perRequest.ready();
      const topics = [await topicId(t.db, 'land-rights'), await topicId(t.db, 'fundamental-freedoms')];
      for (let i = 0; i < 40; i += 1) {
        const english = { title: `English ${i}`, summary: 'A summary.' };
        const khmer = { title: `ខ្មែរ ${i}`, summary: 'សេចក្តីសង្ខេប' };
        await createPublication(t.db, {
          slug: `kept-order-${i}`,
          type: PUBLICATION_TYPES[i % 3]!,
          status: i % 13 === 5 ? 'draft' : 'published',
          // Some share a date, so the order between them is the ids'.
          publishedAt: `${2021 + (i % 4)}-0${1 + (i % 7)}-1${i % 3}`,
          topicIds: [topics[i % 2]!, ...(i % 5 === 0 ? [topics[1 - (i % 2)]!] : [])],
          translations: i % 4 === 1 ? { km: khmer } : i % 4 === 2 ? { en: english } : { en: english, km: khmer },
        });
      }
    });
    after(async () => {
      await perRequest.close();
      await t.close();
    });

    it('gives every page of every filter the cards, count and status of the per-page statement, in both languages', async () => {
      for (const locale of ['en', 'km']) {
        for (const list of LISTS) {
          for (let page = 1; page <= 5; page += 1) {
            const url = `/${locale}/publications${list}${list ? '&' : '?'}page=${page}`;
            const [kept, fresh] = await Promise.all([t.app.inject(url), perRequest.inject(url)]);
            assert.equal(kept.statusCode, fresh.statusCode, url);
            assert.deepEqual(cardSlugs(kept.body), cardSlugs(fresh.body), url);
            assert.equal(kept.body, fresh.body, url);
          }
        }
      }
    });

    it('sorts again after a change of content', async () => {
      const before = cardSlugs((await t.app.inject('/en/publications?type=report')).body);
      await createPublication(t.db, { slug: 'kept-order-newest', type: 'report', publishedAt: '2025-12-01', translations: { en: { title: 'Newest' } } });
      t.app.contentChanged();
      const afterChange = cardSlugs((await t.app.inject('/en/publications?type=report')).body);
      assert.deepEqual(afterChange, ['kept-order-newest', ...before].slice(0, 12));
    });

    it('leaves out a publication withdrawn before the notice of its change arrives', async () => {
      const [first, second] = cardSlugs((await t.app.inject('/en/publications?type=report')).body);
      assert.ok(first && second);
      await t.db.updateTable('publications').set({ status: 'draft' }).where('slug', '=', first).execute();
      const listed = cardSlugs((await t.app.inject('/en/publications?type=report')).body);
      assert.ok(!listed.includes(first), 'the withdrawn publication is not printed');
      assert.equal(listed[0], second);
      await t.db.updateTable('publications').set({ status: 'published' }).where('slug', '=', first).execute();
      t.app.contentChanged();
    });

    it('sorts again when the clock reaches a publication that was not yet due', async () => {
      const due = new Date(Date.now() + 1500).toISOString();
      await createPublication(t.db, { slug: 'kept-order-due-soon', type: 'infographic', publishedAt: due, translations: { en: { title: 'Due soon' } } });
      t.app.contentChanged();
      assert.ok(!cardSlugs((await t.app.inject('/en/publications?type=infographic')).body).includes('kept-order-due-soon'), 'not listed before its date');
      await sleep(Date.parse(due) - Date.now() + 50);
      assert.equal(cardSlugs((await t.app.inject('/en/publications?type=infographic')).body)[0], 'kept-order-due-soon');
    });
  });
}

describe('list orders kept by a server', () => {
  const app = { whenContentChanges: () => {} } as unknown as FastifyInstance;

  it('sorts again once an order is older than its time to live, the bound for an unannounced change', async () => {
    let clock = 5000;
    let sorts = 0;
    const pages = keptListOrders(app, {
      order: async () => {
        sorts += 1;
        return { ids: [5, 4, 3], changesAt: undefined };
      },
      maxAgeMs: 1000,
      now: () => clock,
    });
    assert.deepEqual(await pages({}, 1, 2), { ids: [5, 4], total: 3 });
    clock = 6000;
    assert.deepEqual(await pages({}, 2, 2), { ids: [3], total: 3 });
    assert.equal(sorts, 1);
    clock = 6001;
    await pages({}, 1, 2);
    assert.equal(sorts, 2);
  });

  it('sorts again at the moment an item not yet due joins the list, before its time to live', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    let sorts = 0;
    const pages = keptListOrders(app, {
      order: async () => {
        sorts += 1;
        return { ids: [2, 1], changesAt: new Date(clock + 500).toISOString() };
      },
      maxAgeMs: 60_000,
      now: () => clock,
    });
    await pages({}, 1, 12);
    clock += 499;
    await pages({}, 1, 12);
    assert.equal(sorts, 1);
    clock += 1;
    await pages({}, 1, 12);
    assert.equal(sorts, 2);
  });

  it('keeps an order without a time to live until content changes (the mirror’s)', async () => {
    let clock = 5000;
    let sorts = 0;
    const pages = keptListOrders(app, {
      order: async () => {
        sorts += 1;
        return { ids: [1], changesAt: undefined };
      },
      now: () => clock,
    });
    await pages({}, 1, 12);
    clock = 10 * 86_400_000;
    await pages({}, 1, 12);
    assert.equal(sorts, 1);
  });
});

describe('list orders kept by a server, bounded', () => {
  const app = { whenContentChanges: () => {} } as unknown as FastifyInstance;

  it('keeps no more than its bound of orders when many filters match nothing (an unknown topic each)', async () => {
    const pages = keptListOrders(app, { order: async () => ({ ids: [], changesAt: undefined }), maxAgeMs: 300_000, now: () => 5000 });
    for (let i = 0; i < 3 * MAX_KEPT_ORDERS; i += 1) {
      assert.deepEqual(await pages({ topic: `no-such-topic-${i}` }, 1, 12), { ids: [], total: 0 });
    }
    const { orders, ids } = pages.kept();
    assert.ok(orders > 0 && orders <= MAX_KEPT_ORDERS, `${orders} orders kept`);
    // An empty order still costs its overhead.
    assert.equal(ids, orders * KEPT_ORDER_OVERHEAD);
  });

  it('drops orders past their time to live without their being asked for again', async () => {
    let clock = 5000;
    const pages = keptListOrders(app, { order: async () => ({ ids: [1, 2, 3], changesAt: undefined }), maxAgeMs: 1000, now: () => clock });
    for (let i = 0; i < 100; i += 1) await pages({ topic: `t-${i}` }, 1, 12);
    assert.equal(pages.kept().orders, 100);
    clock = 6001;
    await pages({ topic: 'another' }, 1, 12);
    assert.deepEqual(pages.kept(), { orders: 1, ids: KEPT_ORDER_OVERHEAD + 3 });
  });
});

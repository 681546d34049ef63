import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentFiles } from '../../src/features/media/storage.js';
import { rebuildSearchIndex } from '../../src/features/search/search.indexer.js';
import { insertFixtureItem } from '../fixtures/search/load.js';
import type { FixtureItem } from '../fixtures/search/documents.js';
import { percent, recallByClass, RELEVANCE_TARGETS } from './recall.js';
import { createTestApp, testEngines, type TestContext } from './test-app.js';

/** A query of a relevance set and the item it must find in the first ten results. */
export interface RelevanceCase {
  q: string;
  class: string;
  /** Slug of the item that must be among the first ten results. */
  expect: string;
  why?: string;
  locale?: 'en' | 'km';
  /** Why the case is known to fail: it is still run and reported, but does not fail the file. */
  todo?: string;
}

/** A query that must show no results. */
export interface NoAnswerCase {
  q: string;
  locale: 'en' | 'km';
  todo?: string;
}

export interface RelevanceSet {
  /** Its name in the test titles (`held-out`). */
  name: string;
  fixture: FixtureItem[];
  cases: readonly RelevanceCase[];
  noAnswer: readonly NoAnswerCase[];
}

/** The public search page of a set's site, as a reader asks for it. */
export type SearchPage = (q: string, locale?: 'en' | 'km') => Promise<string>;

const url = (locale: string, q: string) => `/${locale}/search?${new URLSearchParams({ q }).toString()}`;
export const resultLinks = (html: string) => [...html.matchAll(/<h2 class="card__title"><a href="([^"]+)"/g)].map((m) => m[1]!);
export const marksOf = (html: string) => [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1]!);

/**
 * Runs a relevance set through the public search pages on each engine: every case, every
 * no-answer query, and recall@10 per class against the targets. `more` adds the set's own tests
 * on the same site.
 */
export function describeRelevanceSet(set: RelevanceSet, more?: (page: SearchPage) => void): void {
  for (const engine of testEngines()) {
    describe(`search ${set.name} relevance (${engine})`, () => {
      let t: TestContext;
      const page: SearchPage = async (q, locale = 'en') => {
        const res = await t.app.inject(url(locale, q));
        assert.equal(res.statusCode, 200);
        return res.body;
      };
      /** Slugs of the results on the first page, read from their links. */
      const found = async (q: string, locale: 'en' | 'km' = 'en') =>
        resultLinks(await page(q, locale)).map((href) => set.fixture.find((item) => href.endsWith(`/${item.slug}`))?.slug ?? href);

      before(async () => {
        t = await createTestApp(engine);
        const storage = contentFiles(t.app.storage);
        for (const item of set.fixture) await insertFixtureItem(t.db, storage, item);
        await rebuildSearchIndex(t.db, { storage });
      });
      after(() => t.close());

      const ranks = new Map<RelevanceCase, number>();
      for (const c of set.cases) {
        it(`[${c.class}] finds ${c.expect} in the first ten for ${JSON.stringify(c.q)}${c.why ? ` (${c.why})` : ''}`, { todo: c.todo }, async () => {
          const slugs = await found(c.q, c.locale);
          ranks.set(c, slugs.slice(0, 10).indexOf(c.expect) + 1);
          assert.ok(slugs.slice(0, 10).includes(c.expect), `got ${slugs.join(', ') || 'nothing'}`);
        });
      }

      const showing: string[] = [];
      for (const { q, locale, todo } of set.noAnswer) {
        it(`shows no results for ${JSON.stringify(q)} (${locale})`, { todo }, async () => {
          const slugs = await found(q, locale);
          if (slugs.length) showing.push(`${q}: ${slugs.join(', ')}`);
          assert.deepEqual(slugs, []);
        });
      }

      it('reports recall@10 per class and meets the targets, with at most two no-answer queries showing results', (t) => {
        const { byClass, total } = recallByClass(set.cases, (c) => (ranks.get(c) ?? 0) > 0);
        for (const [name, e] of byClass) t.diagnostic(`recall@10 ${name}: ${percent(e)}`);
        t.diagnostic(`recall@10 overall: ${percent(total)}`);
        t.diagnostic(`no-answer queries showing results: ${showing.length} of ${set.noAnswer.length}${showing.length ? `: ${showing.join('; ')}` : ''}`);
        assert.equal(ranks.size, set.cases.length, 'every case ran first');
        assert.ok(total.found / total.all >= RELEVANCE_TARGETS.recall, percent(total));
        for (const name of RELEVANCE_TARGETS.hardClasses) {
          const e = byClass.get(name)!;
          assert.ok(e.found / e.all >= RELEVANCE_TARGETS.hardClassRecall, `${name}: ${percent(e)}`);
        }
        assert.ok(showing.length <= RELEVANCE_TARGETS.noAnswerShowingResults, showing.join('; '));
      });

      more?.(page);
    });
  }
}

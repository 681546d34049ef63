import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { keyFilePath } from '../../src/crypto/envelope.js';
import type { Engine } from '../../src/db/connection.js';
import { createBackup } from '../../src/features/backup/backup.command.js';
import { restoreBackup } from '../../src/features/backup/restore.command.js';
import { DEFAULT_CONTENT_DIR } from '../../src/seed/content-files.js';
import { createFreshDatabase, createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/** A safety bound: the demo site has a few hundred pages across both languages. */
const MAX_PAGES = 1500;
/**
 * Requests in flight at once. The app runs in this process, so more would only queue; a few
 * let one page's database round trips overlap another's rendering.
 */
const CRAWL_CONCURRENCY = 4;

/** Every same-site link of an HTML body (href and src), without fragments. */
function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (raw.startsWith('/') && !raw.startsWith('//')) links.push(raw.split('#')[0]!);
  }
  return links;
}

/**
 * Follows every same-site link from the home pages, the HTML site maps and sitemap.xml, each
 * URL requested once, and answers each URL's status.
 */
async function crawl(app: FastifyInstance): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (url: string) => {
    if (seen.has(url) || seen.size >= MAX_PAGES) return;
    seen.add(url);
    queue.push(url);
  };
  ['/en/', '/km/', '/en/sitemap', '/km/sitemap', '/sitemap.xml'].forEach(enqueue);
  async function worker(): Promise<void> {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const res = await app.inject(url);
      statuses.set(url, res.statusCode);
      if (res.statusCode !== 200) continue;
      if (String(res.headers['content-type']).startsWith('text/html')) linksOf(res.body).forEach(enqueue);
      if (url === '/sitemap.xml') {
        for (const m of res.body.matchAll(/<loc>http:\/\/dove\.test([^<]+)<\/loc>/g)) enqueue(m[1]!.replace(/&amp;/g, '&'));
      }
    }
  }
  // A worker that finds the queue empty stops; one still fetching may refill it, so go again.
  while (queue.length) await Promise.all(Array.from({ length: CRAWL_CONCURRENCY }, worker));
  return statuses;
}

interface Site {
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The demo content seeded once, on SQLite; the other engine gets the same site through a
 * backup restored into it (seeding renders and encodes every illustration, which is most of
 * this file's time; the seed itself is tested on both engines in src/seed/).
 */
async function demoSites(engines: Engine[]): Promise<Map<Engine, Site>> {
  const sites = new Map<Engine, Site>();
  const seeded: TestContext = await createTestApp('sqlite', { contentDir: DEFAULT_CONTENT_DIR });
  sites.set('sqlite', seeded);
  if (!engines.includes('postgres')) return sites;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-crawl-'));
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-crawl-pg-'));
  const target = await createFreshDatabase('postgres', { dataDir: path.join(parent, 'data'), removeDir: parent });
  try {
    const archive = path.join(work, 'demo.tar');
    await createBackup(seeded.db, seeded.config, archive);
    fs.mkdirSync(target.config.dataDir, { recursive: true, mode: 0o700 });
    fs.copyFileSync(keyFilePath(seeded.config.dataDir), keyFilePath(target.config.dataDir));
    await restoreBackup(target.db, target.config, archive);
  } catch (err) {
    await target.drop();
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const app = await buildApp({ config: target.config, db: target.db, logger: false });
  await app.ready();
  sites.set('postgres', {
    app,
    async close() {
      await app.close();
      await target.drop();
    },
  });
  return sites;
}

const engines = testEngines();
const crawled = new Map<Engine, Map<string, number>>();
let sites: Map<Engine, Site> | undefined;

before(async () => {
  sites = await demoSites(engines);
  const results = await Promise.all([...sites].map(async ([engine, site]) => [engine, await crawl(site.app)] as const));
  for (const [engine, statuses] of results) crawled.set(engine, statuses);
});
after(async () => {
  for (const site of sites?.values() ?? []) await site.close();
});

for (const engine of engines) {
  describe(`the demo site, crawled (${engine})`, () => {
    const statusesOf = () => crawled.get(engine)!;

    it('reaches every page of the site map in both languages', () => {
      const statuses = statusesOf();
      const expected = [
        '/', '/about', '/about/who-we-are', '/human-rights-defenders', '/news/in-the-news', '/news/press-releases',
        '/publications', '/events', '/gallery', '/our-work', '/our-work/human-rights-situation',
        '/our-work/project-description', '/projects/current', '/projects/past', '/campaigns', '/follow-us',
        '/join-us', '/contact', '/sitemap',
      ];
      for (const locale of ['en', 'km']) {
        for (const path of expected) {
          const url = path === '/' ? `/${locale}/` : `/${locale}${path}`;
          assert.equal(statuses.get(url), 200, `${url} was ${statuses.get(url) ?? 'not linked'}`);
        }
      }
    });

    it('has no broken internal link and no server error anywhere', () => {
      const statuses = statusesOf();
      const broken = [...statuses].filter(([, status]) => status >= 400);
      assert.deepEqual(broken, []);
      assert.ok(statuses.size > 100, `crawled only ${statuses.size} URLs`);
    });
  });
}

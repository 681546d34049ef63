import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CONTENT_DIR } from '../../src/seed/content-files.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/** A safety bound: the demo site has a few hundred pages across both languages. */
const MAX_PAGES = 1500;

/** Every same-site link of an HTML body (href and src), without fragments. */
function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (raw.startsWith('/') && !raw.startsWith('//')) links.push(raw.split('#')[0]!);
  }
  return links;
}

for (const engine of testEngines()) {
  describe(`the demo site, crawled (${engine})`, () => {
    let t: TestContext;
    const statuses = new Map<string, number>();
    before(async () => {
      t = await createTestApp(engine, { contentDir: DEFAULT_CONTENT_DIR });
      const queue = ['/en/', '/km/', '/en/sitemap', '/km/sitemap', '/sitemap.xml'];
      while (queue.length && statuses.size < MAX_PAGES) {
        const url = queue.shift()!;
        if (statuses.has(url)) continue;
        const res = await t.app.inject(url);
        statuses.set(url, res.statusCode);
        const type = String(res.headers['content-type']);
        if (res.statusCode === 200 && type.startsWith('text/html')) {
          for (const link of linksOf(res.body)) if (!statuses.has(link)) queue.push(link);
        }
        if (res.statusCode === 200 && url === '/sitemap.xml') {
          for (const m of res.body.matchAll(/<loc>http:\/\/dove\.test([^<]+)<\/loc>/g)) queue.push(m[1]!.replace(/&amp;/g, '&'));
        }
      }
    });
    after(() => t.close());

    it('reaches every page of the site map in both languages', () => {
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
      const broken = [...statuses].filter(([, status]) => status >= 400);
      assert.deepEqual(broken, []);
      assert.ok(statuses.size > 100, `crawled only ${statuses.size} URLs`);
    });
  });
}

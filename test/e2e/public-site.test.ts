import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, SCREENSHOT_DIR, VIEWPORTS } from './support/browser.js';
import {
  findFirstPublicationSlug,
  localeUrl,
  LOCALES,
  measureHorizontalOverflow,
  openPage,
  representativePages,
  runAxe,
  type RepresentativePage,
} from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

/** The narrowest phone the design supports: nothing may scroll sideways at this width. */
const NARROWEST_WIDTH_PX = 320;
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

let site: RunningSite;
let browser: Browser;
let pages: RepresentativePage[];

before(async () => {
  site = await startDemoSite();
  browser = await launchBrowser();
  pages = representativePages(await findFirstPublicationSlug(site.baseUrl));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** A fresh context and page for one test; closed whatever the outcome. */
async function withPage<T>(options: Parameters<typeof newContext>[1], use: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newContext(browser, options);
  try {
    return await use(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

describe('a reader finds a publication and reads it in the other language', () => {
  for (const [from, to] of [['en', 'km'], ['km', 'en']] as const) {
    it(`goes from the ${from} home page through the menu and the filter to a publication, then to ${to}`, async () => {
      await withPage({ wide: true }, async (page) => {
        await openPage(page, localeUrl(site.baseUrl, from, '/'));

        // Reports & Publications sits under Media & Publications in the main menu.
        const mainNav = page.locator('nav.main-nav');
        await Promise.all([page.waitForURL(`**/${from}/media`), mainNav.locator(`a[href="/${from}/media"]`).click()]);
        await Promise.all([
          page.waitForURL(`**/${from}/publications`),
          page.locator(`.section-nav a[href="/${from}/publications"]`).click(),
        ]);
        assert.equal(await page.locator('html').getAttribute('lang'), from);

        // Filter by the type of the first listed publication, as a reader would pick one they see.
        const typeLabel = (await page.locator('.card-list .card .badge').first().innerText()).trim();
        const countBefore = await page.locator('.card-list > .card').count();
        await page.locator('form.filters select[name="type"]').selectOption({ label: typeLabel });
        await Promise.all([page.waitForURL(/[?&]type=/), page.locator('form.filters button[type="submit"]').click()]);
        const badges = (await page.locator('.card-list .card .badge').allInnerTexts()).map((s) => s.trim());
        assert.ok(badges.length > 0, 'the filtered list is not empty');
        assert.ok(badges.length <= countBefore, 'filtering does not add publications');
        assert.deepEqual(new Set(badges), new Set([typeLabel]), 'every result has the chosen type');

        const firstTitle = page.locator('.card-list .card__title a').first();
        const href = await firstTitle.getAttribute('href');
        const slug = /^\/\w+\/publications\/([a-z0-9-]+)$/.exec(href ?? '')?.[1];
        assert.ok(slug, `a publication link: ${href}`);
        await Promise.all([page.waitForURL(`**/${from}/publications/${slug}`), firstTitle.click()]);
        assert.equal(await page.locator('body').getAttribute('class'), 'publication');

        await Promise.all([
          page.waitForURL(`**/${to}/publications/${slug}`),
          page.locator(`nav.lang-switch a[hreflang="${to}"]`).click(),
        ]);
        assert.equal(new URL(page.url()).pathname, `/${to}/publications/${slug}`);
        assert.equal(await page.locator('html').getAttribute('lang'), to);
        assert.equal(await page.locator('nav.lang-switch [aria-current="true"]').getAttribute('lang'), to);
        assert.ok((await page.locator('main h1').innerText()).trim().length > 0, 'the publication has a title');
      });
    });
  }
});

describe('accessibility (axe-core): no serious or critical violation', () => {
  for (const locale of LOCALES) {
    it(`passes on six representative ${locale} pages`, async () => {
      // The site's CSP allows no injected script; this context alone lifts it, to load axe.
      await withPage({ bypassCSP: true, wide: true }, async (page) => {
        const failures: string[] = [];
        for (const p of pages) {
          const status = await openPage(page, localeUrl(site.baseUrl, locale, p.path));
          assert.equal(status, 200, `${locale} ${p.path}`);
          for (const v of await runAxe(page)) {
            const line = `${locale} ${p.path}: [${v.impact}] ${v.id} — ${v.help}\n    ${v.targets.join('\n    ')}`;
            if (BLOCKING_IMPACTS.has(v.impact ?? '')) failures.push(line);
            else console.log(`axe (not blocking) ${line}`);
          }
        }
        assert.deepEqual(failures, [], `axe violations:\n${failures.join('\n')}`);
      });
    });
  }
});

describe('responsive layout', () => {
  for (const locale of LOCALES) {
    it(`saves ${locale} screenshots at ${VIEWPORTS.narrow.width} and ${VIEWPORTS.wide.width} px with no sideways scrolling`, async () => {
      const overflowing: string[] = [];
      for (const [label, viewport] of Object.entries(VIEWPORTS)) {
        await withPage({ wide: label === 'wide' }, async (page) => {
          await page.setViewportSize(viewport);
          for (const p of pages) {
            const status = await openPage(page, localeUrl(site.baseUrl, locale, p.path));
            assert.equal(status, 200, `${locale} ${p.path}`);
            const overflow = await measureHorizontalOverflow(page);
            if (overflow > 0) overflowing.push(`${locale} ${p.path} at ${viewport.width} px: ${overflow} px too wide`);
            const file = path.join(SCREENSHOT_DIR, `${locale}-${p.name}-${viewport.width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            assert.ok(fs.statSync(file).size > 0, file);
          }
        });
      }
      assert.deepEqual(overflowing, []);
    });

    it(`fits ${locale} pages into ${NARROWEST_WIDTH_PX} px`, async () => {
      await withPage({}, async (page) => {
        await page.setViewportSize({ width: NARROWEST_WIDTH_PX, height: 640 });
        const overflowing: string[] = [];
        for (const p of pages) {
          await openPage(page, localeUrl(site.baseUrl, locale, p.path));
          const overflow = await measureHorizontalOverflow(page);
          if (overflow > 0) overflowing.push(`${p.path}: ${overflow} px too wide`);
        }
        assert.deepEqual(overflowing, []);
      });
    });
  }
});

describe('keyboard', () => {
  for (const locale of LOCALES) {
    it(`first Tab on the ${locale} home page lands on the skip link, which moves focus to the main content`, async () => {
      await withPage({}, async (page) => {
        await openPage(page, localeUrl(site.baseUrl, locale, '/'));
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const box = el?.getBoundingClientRect();
          return { className: el?.className, href: el?.getAttribute('href'), top: box?.top ?? -1, height: box?.height ?? 0 };
        });
        assert.equal(focused.className, 'skip-link');
        assert.equal(focused.href, '#main');
        assert.ok(focused.top >= 0 && focused.height > 0, 'the focused skip link is on screen');

        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main');
        assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
      });
    });
  }
});

describe('readers load no script and nothing from another host', () => {
  for (const locale of LOCALES) {
    it(`holds on six representative ${locale} pages`, async () => {
      await withPage({}, async (page) => {
        const origin = new URL(site.baseUrl).origin;
        const problems: string[] = [];
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (request.resourceType() === 'script') problems.push(`script request: ${request.url()}`);
          if (/^https?:$/.test(url.protocol) && url.origin !== origin) problems.push(`other host: ${request.url()}`);
        });
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
        for (const p of pages) {
          await openPage(page, localeUrl(site.baseUrl, locale, p.path));
          const scripts = await page.locator('script:not([type="application/ld+json"])').count();
          if (scripts > 0) problems.push(`${p.path}: ${scripts} executable <script> element(s)`);
        }
        assert.deepEqual(problems, []);
      });
    });
  }
});

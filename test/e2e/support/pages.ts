import { createRequire } from 'node:module';
import type axeCore from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core's browser build, injected into pages as a script file. */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const LOCALES = ['en', 'km'] as const;
export type TestLocale = (typeof LOCALES)[number];

export interface RepresentativePage {
  /** Short name for test titles and screenshot files. */
  name: string;
  /** Locale-less path, as the site's menus write it. */
  path: string;
}

/**
 * One page of each kind a reader meets: the front page, a filtered list and its item, an
 * editorial page, a dated list and a page of contact details. The publication is found on
 * the list at run time, so the tests follow the demo content rather than a fixed slug.
 */
export function representativePages(publicationSlug: string): RepresentativePage[] {
  return [
    { name: 'home', path: '/' },
    { name: 'publications', path: '/publications' },
    { name: 'publication', path: `/publications/${publicationSlug}` },
    { name: 'who-we-are', path: '/about/who-we-are' },
    { name: 'events', path: '/events' },
    { name: 'contact', path: '/contact' },
  ];
}

export function localeUrl(baseUrl: string, locale: TestLocale, path: string): string {
  return `${baseUrl}/${locale}${path === '/' ? '/' : path}`;
}

/** The first publication linked from the English list: its slug, read from the served HTML. */
export async function findFirstPublicationSlug(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/en/publications`);
  if (!res.ok) throw new Error(`/en/publications answered ${res.status}`);
  const slug = /href="\/en\/publications\/([a-z0-9-]+)"/.exec(await res.text())?.[1];
  if (!slug) throw new Error('the publications list links to no publication: is the demo content seeded?');
  return slug;
}

/** Loads a page and waits until its web fonts are in, so a screenshot shows the real glyphs. */
export async function openPage(page: Page, url: string): Promise<number> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${url}`);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return response.status();
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Runs axe-core on the loaded page (the context must bypass CSP to take the injected script). */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof axeCore }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** How far the page is wider than its viewport: more than 0 means a sideways scroll bar. */
export async function measureHorizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

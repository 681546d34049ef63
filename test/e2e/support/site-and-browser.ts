import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';
import { DEMO_CONTENT_DIR, startDemoSite, type RunningSite } from './server.js';

/** What most browser test files start with: a demo site over HTTP and a browser. */
export interface SiteAndBrowser {
  site: RunningSite;
  browser: Browser;
}

/** Starts the demo site (or a site of other content) and a browser, with the screenshot folder ready. */
export async function openSiteAndBrowser(contentDir = DEMO_CONTENT_DIR): Promise<SiteAndBrowser> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const site = await startDemoSite(contentDir);
  return { site, browser: await launchBrowser() };
}

/** Closes what openSiteAndBrowser opened; either may be missing when starting failed. */
export async function closeSiteAndBrowser(site: RunningSite | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await site?.close();
}

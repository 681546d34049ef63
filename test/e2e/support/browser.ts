import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: browsers here come from the system, never from a tool's own download. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and quiet: no GPU, no QUIC, and none of the browser's own calls home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Phone and desktop widths the design is checked at. */
export const VIEWPORTS = {
  narrow: { width: 375, height: 812 },
  wide: { width: 1280, height: 900 },
} as const;

/**
 * One browser for a whole test file. Playwright starts it with a fresh, temporary user-data
 * directory of its own and removes it on close, so no run inherits another's cache or cookies.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium".`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A clean context (own cookies and cache); `bypassCSP` only where a test injects its own script. */
export async function newContext(browser: Browser, options: { bypassCSP?: boolean; wide?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: options.wide ? VIEWPORTS.wide : VIEWPORTS.narrow,
    bypassCSP: options.bypassCSP ?? false,
    reducedMotion: 'reduce',
  });
}

import assert from 'node:assert/strict';
import path from 'node:path';
import { TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './browser.js';

/** Clicks a submit button and waits for the page the POST answers with. */
export async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

/** A full-page screenshot taker whose files are named `<prefix>-<name>.png` in test-results. */
export function screenshotter(prefix: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${prefix}-${name}.png`), fullPage: true });
  };
}

/** Enrols the signed-in user in two-step sign-in on the page the site sends them to. */
export async function enrolTwoFactor(page: Page): Promise<void> {
  assert.equal(new URL(page.url()).pathname, '/admin/account/two-factor');
  const secret = (await page.locator('.totp-secret').innerText()).replace(/\s+/g, '');
  await page.fill('form[action="/admin/account/two-factor"] input[name="code"]', new TOTP({ secret }).generate());
  await submit(page, page.locator('form[action="/admin/account/two-factor"] button[type="submit"]'));
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
}

/** Creates the site's first administrator through /admin/setup and enrols them in two-step sign-in. */
export async function setUpFirstAdmin(page: Page, baseUrl: string, admin: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/admin/setup`);
  await page.fill('input[name="name"]', admin.name);
  await page.fill('input[name="email"]', admin.email);
  await page.fill('input[name="password"]', admin.password);
  await page.fill('input[name="password2"]', admin.password);
  await submit(page, page.locator('form[action="/admin/setup"] button[type="submit"]'));
  await enrolTwoFactor(page);
}

/** Opens one of the case page's folded part forms (`<details id=…>`) and returns its form. */
export async function openPartForm(page: Page, id: string): Promise<Locator> {
  const details = page.locator(`details#${id}`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details.locator('form');
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Cookie, Page } from 'playwright-core';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import { runAxe } from './support/pages.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * An editor reorders the main menu in /admin/menus by dragging an item by its handle, then by
 * the keyboard alone (Space, arrows, Space; Escape cancels), each step announced in the live
 * region; the order is saved and the public header follows. Move up / Move down still work.
 */

const ADMIN = { name: 'Dara Admin', email: 'dara.admin@example.org', password: 'bamboo kettle orange ninety' };
const shot = screenshotter('menus-reorder');

let site: RunningSite;
let browser: Browser;
/** The editor's session from the first test, for the second. */
let savedCookies: Cookie[] = [];

before(async () => {
  ({ site, browser } = await openSiteAndBrowser());
});

after(() => closeSiteAndBrowser(site, browser));

const TOP = 'section[aria-labelledby="menu-main"] > ol.menu-tree > li.menu-tree__item';
const topLabels = (page: Page) => page.locator(`${TOP} > .menu-tree__row .menu-tree__label`).allInnerTexts();
const itemOf = (page: Page, label: string) => page.locator(TOP).filter({ has: page.locator(':scope > .menu-tree__row .menu-tree__label', { hasText: label }) });
const handleOf = (page: Page, label: string) => itemOf(page, label).locator(':scope > .menu-tree__row .menu-tree__handle');
const live = (page: Page) => page.locator('#menu-order-live');

async function publicHeaderLabels(page: Page, baseUrl: string): Promise<string[]> {
  await page.goto(`${baseUrl}/en/`);
  return page.locator('nav.main-nav > ul > li > :is(a, details > summary, button)').allInnerTexts();
}

test('an editor reorders the main menu by dragging and by keyboard, and the site follows', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true });
  const page = await staff.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  try {
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    await page.goto(`${site.baseUrl}/admin/menus`);
    const start = await topLabels(page);
    assert.ok(start.length >= 3, `the main menu has items: ${start.join(', ')}`);
    assert.ok(await page.locator('#menu-order-help').isVisible(), 'the help for dragging is shown once the script runs');

    const dragged = start;
    const last = start[0]!;

    // Keyboard: pick the first item up, move it down twice, drop it.
    const handle = handleOf(page, last);
    await handle.focus();
    await page.keyboard.press('Space');
    assert.equal(await handle.getAttribute('aria-pressed'), 'true');
    assert.match(await live(page).innerText(), new RegExp(`picked up, position 1 of ${start.length}`));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.match(await live(page).innerText(), new RegExp(`position 3 of ${start.length}`));
    assert.ok(await handle.evaluate((el) => el === document.activeElement), 'the handle keeps the focus while moving');
    const keySaved = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/menus/order');
    await page.keyboard.press('Space');
    assert.equal((await keySaved).status(), 200);
    await page.waitForFunction(() => document.getElementById('menu-order-live')?.textContent === 'The new order is saved.');
    const byKeyboard = [...dragged.slice(1, 3), last, ...dragged.slice(3)];
    assert.deepEqual(await topLabels(page), byKeyboard);

    // Escape puts the item back and sends nothing.
    let posted = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/admin/menus/order') posted += 1;
    });
    await handleOf(page, byKeyboard[0]!).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.match(await live(page).innerText(), /Move cancelled/);
    assert.deepEqual(await topLabels(page), byKeyboard);
    assert.equal(posted, 0);
    await shot(page, 'admin-wide');

    await page.reload();
    assert.deepEqual(await topLabels(page), byKeyboard, 'the keyboard order was saved');

    // Move down (a plain form) still works beside the handles.
    await submit(page, itemOf(page, byKeyboard[0]!).locator(':scope > .menu-tree__row form[data-move="down"] button'));
    assert.deepEqual(await topLabels(page), [byKeyboard[1], byKeyboard[0], ...byKeyboard.slice(2)]);
    const finalOrder = await topLabels(page);
    savedCookies = await staff.cookies();

    const reader = await staff.newPage();
    const header = await publicHeaderLabels(reader, site.baseUrl);
    const positions = finalOrder.map((l) => header.findIndex((h) => h.trim() === l.trim())).filter((i) => i >= 0);
    assert.ok(positions.length >= 3, `the header shows the items: ${header.join(', ')}`);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'the public header follows the admin order');
    assert.deepEqual(consoleErrors, [], 'no error, none from the content security policy');

    // axe is injected as an inline script, refused by the admin's policy: a context that ignores it.
    const audit = await newContext(browser, { wide: true, bypassCSP: true });
    try {
      await audit.addCookies(await staff.cookies());
      const check = await audit.newPage();
      await check.goto(`${site.baseUrl}/admin/menus`);
      await check.locator('.menu-tree__handle').first().focus();
      await check.keyboard.press('Space');
      assert.deepEqual(await runAxe(check), []);
      await check.setViewportSize({ width: 375, height: 740 });
      assert.equal(await check.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal overflow at 375 px');
      await shot(check, 'admin-375');
    } finally {
      await audit.close();
    }
  } finally {
    await staff.close();
  }
});

test('an editor reorders the main menu by dragging an item by its handle', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true });
  const page = await staff.newPage();
  try {
    await staff.addCookies(savedCookies);
    await page.goto(`${site.baseUrl}/admin/menus`);
    const start = await topLabels(page);
    // Drag the second item onto the top half of the first: it becomes the first.
    const [first, second] = start;
    const last = second!;
    // Step by step, as a hand moves: Chromium starts the drag on the first moves, then reports
    // the places it passes over.
    // A drag does not scroll the page: make the window tall enough to show both rows (the first
    // item's sub-menu stands between them).
    const below = (await handleOf(page, last).boundingBox())!;
    await page.setViewportSize({ width: 1280, height: Math.ceil(below.y + below.height + 100) });
    const from = (await handleOf(page, last).boundingBox())!;
    const to = (await itemOf(page, first!).locator(':scope > .menu-tree__row').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 5 });
    await page.mouse.move(to.x + 40, to.y + 4, { steps: 20 });
    await page.mouse.up();
    await page.waitForFunction(() => /saved|could not|not the items/.test(document.getElementById('menu-order-live')?.textContent ?? ''));
    assert.equal(await live(page).innerText(), 'The new order is saved.');
    const dragged = [last, first!, ...start.slice(2)];
    assert.deepEqual(await topLabels(page), dragged);
    assert.equal(await itemOf(page, last).locator(':scope > .menu-tree__row form[data-move="up"]').isVisible(), false, 'the first item offers no Move up');
    assert.equal(await itemOf(page, first!).locator(':scope > .menu-tree__row form[data-move="up"]').isVisible(), true);
    await page.reload();
    assert.deepEqual(await topLabels(page), dragged, 'the dragged order was saved');

  } finally {
    await staff.close();
  }
});

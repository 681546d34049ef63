import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import argon2 from 'argon2';
import type { Browser } from 'playwright-core';
import type { Db } from '../../src/db/database.js';
import { MIN_FILL_SECONDS } from '../../src/features/form-guard/form-guard.js';
import { screenshotter, submit } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR } from './support/browser.js';
import { startDemoSite, type RunningSite } from './support/server.js';

/**
 * A reader's comment, in each language, reaches the page only after an editor approves it:
 * the form on the cached news page, the "awaits moderation" page, the moderation queue with
 * its bulk action, and the comments on the page in their own language.
 */

const EDITOR = { name: 'Vanna Editor', email: 'vanna.editor@example.org', password: 'mekong lantern orchid ninety' };
const READERS = {
  en: { name: 'Reader Dara', email: 'dara.reader@example.org', comment: `Thank you for this statement (${Date.now().toString(36)}).` },
  km: { name: 'អ្នកអាន សុភា', email: 'sophea.reader@example.org', comment: `សូមអរគុណសម្រាប់សេចក្ដីថ្លែងការណ៍នេះ (${Date.now().toString(36)})។` },
} as const;

let site: RunningSite;
let db: Db;
let baseUrl: string;
let browser: Browser;
let slug: string;

before(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The demo site, with its database at hand to add an editor.
  site = await startDemoSite();
  ({ baseUrl, db } = site);
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      email: EDITOR.email,
      name: EDITOR.name,
      passwordHash: await argon2.hash(EDITOR.password, { type: argon2.argon2id }),
      role: 'editor',
      locale: 'en',
      totpSecret: null,
      totpEnabledAt: null,
      lockedUntil: null,
      disabledAt: null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  const post = await db
    .selectFrom('newsPosts')
    .select('slug')
    .where('status', '=', 'published')
    .where('commentsEnabled', '=', 1)
    .where('publishedAt', '<=', now)
    .orderBy('publishedAt', 'desc')
    .executeTakeFirstOrThrow();
  slug = post.slug;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const shot = screenshotter('comments');

test('a reader’s comment appears on the page only after an editor approves it, in each language', async () => {
  const reader = await newContext(browser);
  const page = await reader.newPage();
  for (const locale of ['en', 'km'] as const) {
    const r = READERS[locale];
    await page.goto(`${baseUrl}/${locale}/news/${slug}`);
    const form = page.locator('form.comment-form');
    await form.locator('#comment-comment').fill(r.comment);
    await form.locator('#comment-name').fill(r.name);
    await form.locator('#comment-email').fill(r.email);
    // A person takes a moment; the spam defence refuses a form sent faster than that.
    await page.waitForTimeout(MIN_FILL_SECONDS * 1000 + 500);
    await submit(page, form.locator('button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, `/${locale}/news/${slug}/comments/sent`);
    assert.equal(await page.locator('html').getAttribute('lang'), locale);
    await page.locator('.notice--success').waitFor();
    await shot(page, `awaiting-${locale}`);
    await page.goto(`${baseUrl}/${locale}/news/${slug}`);
    assert.equal(await page.getByText(r.comment).count(), 0, 'nothing appears before approval');
  }

  const staff = await newContext(browser, { wide: true });
  const admin = await staff.newPage();
  await admin.goto(`${baseUrl}/admin/comments`);
  assert.equal(new URL(admin.url()).pathname, '/admin/sign-in');
  await admin.fill('form[action="/admin/sign-in"] input[name="email"]', EDITOR.email);
  await admin.fill('form[action="/admin/sign-in"] input[name="password"]', EDITOR.password);
  await submit(admin, admin.locator('form[action="/admin/sign-in"] button[type="submit"]'));
  assert.equal(new URL(admin.url()).pathname, '/admin/comments');
  for (const locale of ['en', 'km'] as const) {
    const row = admin.locator('tr', { hasText: READERS[locale].comment });
    await row.locator('input[name="ids"]').check();
  }
  await shot(admin, 'queue');
  await admin.selectOption('#bulk-action', 'approve');
  await submit(admin, admin.locator('.moderation-form__bulk button'));
  await admin.locator('.notice--success').waitFor();
  assert.equal(await admin.getByText(READERS.en.comment).count(), 0, 'the pending tab no longer lists them');

  for (const locale of ['en', 'km'] as const) {
    const other = locale === 'en' ? 'km' : 'en';
    await page.goto(`${baseUrl}/${locale}/news/${slug}`);
    const comment = page.locator('.comment', { hasText: READERS[locale].comment });
    await comment.waitFor();
    assert.equal(await comment.getAttribute('lang'), locale);
    assert.match((await comment.locator('.comment__author').textContent()) ?? '', new RegExp(READERS[locale].name));
    assert.equal(await page.getByText(READERS[other].comment).count(), 0, 'each page shows its own language’s comments');
    const html = await page.content();
    for (const r of Object.values(READERS)) assert.ok(!html.includes(r.email), 'the email never reaches the page');
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await shot(page, `approved-${locale}`);
  }
  await reader.close();
  await staff.close();
});

import assert from 'node:assert/strict';
import { setTimeout as wait } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { MIN_FILL_SECONDS } from '../../src/features/form-guard/form-guard.js';
import { createNewsPost } from '../factories/news.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

const ORIGIN = 'http://dove.test';

/**
 * The body a browser builds from a page's form: every control in document order, hidden ones
 * included, with what the person typed in the visible ones, encoded as UTF-8 (`+` for spaces).
 */
function browserPost(html: string, action: string, typed: Record<string, string>): string {
  const form = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(`action="${action}"`));
  assert.ok(form, `a form posting to ${action}`);
  const params = new URLSearchParams();
  for (const [, tag, attrs] of form.matchAll(/<(input|textarea)\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(attrs!)?.[1];
    if (!name) continue;
    const given = tag === 'input' ? (/\bvalue="([^"]*)"/.exec(attrs!)?.[1] ?? '').replaceAll('&amp;', '&') : '';
    params.append(name, typed[name] ?? given);
  }
  return params.toString();
}

const BROWSER_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };

for (const engine of testEngines()) {
  describe(`the public forms take what a browser sends (${engine})`, () => {
    let t: TestContext;
    const pages: Record<string, string> = {};
    before(async () => {
      t = await createTestApp(engine);
      await createNewsPost(t.db, { slug: 'forms-statement', translations: { en: { title: 'Statement' }, km: { title: 'សេចក្ដីថ្លែងការណ៍' } } });
      for (const url of ['/en/contact', '/km/news/forms-statement', '/km/']) pages[url] = (await t.app.inject({ url })).body;
      // A person takes a moment to fill in a form; the signed timestamp refuses anything quicker.
      await wait(MIN_FILL_SECONDS * 1000 + 200);
    });
    after(() => t.close());

    const send = (url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: BROWSER_HEADERS, payload, remoteAddress: '192.0.2.200' });

    it('Contact Us: stored and on to the thank-you page', async () => {
      const typed = { name: 'Sokha Chan', email: 'sokha@example.org', subject: 'Land & water', message: 'Hello,\r\nwho can I talk to?' };
      const res = await send('/en/contact', browserPost(pages['/en/contact']!, '/en/contact', typed));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, '/en/contact/sent');
      const row = await t.db.selectFrom('contactMessages').select(['subject', 'message']).where('email', '=', 'sokha@example.org').executeTakeFirst();
      assert.deepEqual(row, { subject: 'Land & water', message: 'Hello,\nwho can I talk to?' });
    });

    it('a comment in Khmer: stored pending and on to the waiting page', async () => {
      const typed = { comment: 'សូមអរគុណសម្រាប់របាយការណ៍នេះ។', name: 'សុខា', email: 'sokha.km@example.org' };
      const res = await send('/km/news/forms-statement/comments', browserPost(pages['/km/news/forms-statement']!, '/km/news/forms-statement/comments', typed));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, '/km/news/forms-statement/comments/sent');
      const row = await t.db.selectFrom('comments').select(['body', 'status']).where('authorEmail', '=', 'sokha.km@example.org').executeTakeFirst();
      assert.deepEqual(row, { body: typed.comment, status: 'pending' });
    });

    it('the footer subscribe form: a pending subscriber with every topic, in the page language', async () => {
      const res = await send('/km/subscribe', browserPost(pages['/km/']!, '/km/subscribe', { email: 'Reader@Example.org' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="km"/);
      const row = await t.db.selectFrom('subscribers').select(['status', 'locale']).where('email', '=', 'reader@example.org').executeTakeFirst();
      assert.deepEqual(row, { status: 'pending', locale: 'km' });
    });
  });
}

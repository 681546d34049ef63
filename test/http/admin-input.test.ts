import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS } from '../factories/editor.js';
import { MAX_FORM_FIELDS } from '../../src/web/form-body.js';
import { signInAs, type StaffAgent } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`staff input the admin never sends is refused with a 400 page (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    it('refuses U+0000 in a staff field, and stores nothing', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/pages',
        headers: { cookie: editor.cookie, ...FORM_HEADERS },
        payload: editorForm('page', editor.csrfToken, { en: 'Null\u0000title' }),
      });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      const stored = await t.db.selectFrom('pageTranslations').select('title').where('title', 'like', 'Null%').execute();
      assert.deepEqual(stored, []);
    });

    it('refuses U+0000 in an admin search', async () => {
      for (const url of ['/admin/media?q=a%00b', '/admin/subscribers?q=%00', '/admin/pages?q=x%00']) {
        const res = await t.app.inject({ url, headers: { cookie: editor.cookie } });
        assert.equal(res.statusCode, 400, url);
      }
    });

    it('refuses a malformed percent-escape or bytes that are not UTF-8 in a staff form, and stores nothing', async () => {
      for (const title of ['Broken%FF%FEtitle', 'Broken%ZZtitle']) {
        const form = editorForm('page', editor.csrfToken, { en: 'Placeholder' }).replace('Placeholder', title);
        const res = await t.app.inject({ method: 'POST', url: '/admin/pages', headers: { cookie: editor.cookie, ...FORM_HEADERS }, payload: form });
        assert.equal(res.statusCode, 400, title);
        assert.match(String(res.headers['content-type']), /text\/html/);
      }
      const stored = await t.db.selectFrom('pageTranslations').select('title').where('title', 'like', 'Broken%').execute();
      assert.deepEqual(stored, []);
    });

    it('refuses a form with more fields than any form sends, with the 400 page in the visitor\'s language', async () => {
      const many = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => `f${i}=1`).join('&');
      const res = await t.app.inject({ method: 'POST', url: '/km/contact', headers: { origin: 'http://dove.test', ...FORM_HEADERS }, payload: many });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<html lang="km"/);
    });

    it('refuses a JSON body with lists and objects on an editor form', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/pages',
        headers: { cookie: editor.cookie, 'content-type': 'application/json', 'x-csrf-token': editor.csrfToken },
        payload: JSON.stringify({ _version: '0', intent: 'save', 'en.title': ['a', 'b'], 'en.summary': { x: 1 } }),
      });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS } from '../factories/editor.js';
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

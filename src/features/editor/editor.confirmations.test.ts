import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** The status region a page shows after a save redirected to it, or undefined. */
function confirmationOf(html: string): string | undefined {
  return /<p class="notice notice--success flash-notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];
}

for (const engine of testEngines()) {
  describe(`confirmations after a save (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let khmerEditor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      khmerEditor = await signInAs(t, 'editor', { locale: 'km' });
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });
    /** Follows a redirect as the browser would and returns the confirmation it shows. */
    const follow = async (agent: StaffAgent, res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const page = await t.app.inject({ url: String(res.headers.location), headers: { cookie: agent.cookie } });
      assert.equal(page.statusCode, 200);
      return confirmationOf(page.body);
    };
    const csrf = (agent: StaffAgent) => `_csrf=${encodeURIComponent(agent.csrfToken)}`;

    it('confirms a saved draft, a submission and a publication, in the user language', async () => {
      const saved = await post(editor, '/admin/news', editorForm('news', editor.csrfToken, { en: 'Confirmed draft' }));
      assert.equal(await follow(editor, saved), 'Saved.');
      const id = itemIdFrom(saved.headers.location);
      const submitted = await post(editor, `/admin/news/${id}`, editorForm('news', editor.csrfToken, { en: 'Confirmed draft' }, { intent: 'submit', _version: '1' }));
      assert.equal(await follow(editor, submitted), 'Saved and submitted for review.');
      const published = await post(editor, `/admin/news/${id}`, editorForm('news', editor.csrfToken, { en: 'Confirmed draft' }, { intent: 'publish', _version: '2' }));
      assert.equal(await follow(editor, published), 'Published: the item is on the public site.');

      const km = await post(khmerEditor, '/admin/pages', editorForm('page', khmerEditor.csrfToken, { km: 'ទំព័រថ្មី' }, { intent: 'publish' }));
      assert.equal(await follow(khmerEditor, km), 'បានផ្សព្វផ្សាយ៖ ធាតុនេះមាននៅលើគេហទំព័រសាធារណៈហើយ។');
    });

    it('says when a publication dated in the future will go public', async () => {
      const res = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, { en: 'Later statement' }, { intent: 'publish', publishedAt: '2031-05-01T08:00' }));
      assert.match((await follow(editor, res)) ?? '', /^Scheduled: the item goes public on .*2031/);
      const km = await post(khmerEditor, '/admin/pages', editorForm('page', khmerEditor.csrfToken, { km: 'សេចក្តីថ្លែងការណ៍ក្រោយ' }, { intent: 'publish', publishedAt: '2031-05-01T08:00' }));
      assert.match((await follow(khmerEditor, km)) ?? '', /^បានកំណត់ពេល៖.*២០៣១/);
    });

    it('confirms an unpublication, a restored version and a deletion', async () => {
      const created = await post(editor, '/admin/events', editorForm('event', editor.csrfToken, { en: 'Short-lived event' }, { intent: 'publish' }));
      const id = itemIdFrom(created.headers.location);
      assert.equal(await follow(editor, await post(editor, `/admin/events/${id}/unpublish`, csrf(editor))), 'Unpublished: the item left the public site and is a draft again.');
      assert.equal(await follow(editor, await post(editor, `/admin/events/${id}/revisions/1/restore`, csrf(editor))), 'The version was restored as a new revision.');
      assert.equal(await follow(editor, await post(editor, `/admin/events/${id}/delete`, csrf(editor))), 'Deleted.');
    });

    it('shows no confirmation on a page opened without one, nor for an unknown outcome', async () => {
      const created = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, { en: 'Quiet project' }));
      const id = itemIdFrom(created.headers.location);
      for (const url of [`/admin/projects/${id}`, `/admin/projects/${id}?done=hacked`, '/admin/projects?done=saved', `/admin/projects/${id}/revisions`]) {
        const page = await t.app.inject({ url, headers: { cookie: editor.cookie } });
        assert.equal(page.statusCode, 200, url);
        assert.equal(confirmationOf(page.body), undefined, url);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { createDocument, createImage, testStorage } from '../../../test/factories/media.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { findContentType, type ContentTypeKey } from './editor.types.js';

/** Previews of the public-page types, the admin lists' pages, and the licence and cover fields. */
for (const engine of testEngines()) {
  describe(`content editor: previews, pages, licence and cover (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });
    const get = (agent: StaffAgent, url: string) => t.app.inject({ url, headers: { cookie: agent.cookie } });
    const idFrom = itemIdFrom;

    const previewed: ContentTypeKey[] = ['publication', 'news', 'project', 'album', 'topic'];
    for (const type of previewed) {
      const admin = findContentType(type)!.adminPath;
      it(`previews a ${type} item as its public page, in each language, for staff only`, async () => {
        const en = `Unreleased ${type} preview`;
        const km = `មើលជាមុន ${type}`;
        const created = await post(editor, admin, editorForm(type, editor.csrfToken, { en, km }));
        assert.equal(created.statusCode, 303, created.body.slice(0, 300));
        const id = idFrom(created.headers.location);
        const anonymous = await t.app.inject(`${admin}/${id}/preview/en`);
        assert.equal(anonymous.statusCode, 303);
        assert.match(String(anonymous.headers.location), /^\/admin\/sign-in/);
        for (const [locale, title] of [['en', en], ['km', km]] as const) {
          const res = await get(editor, `${admin}/${id}/preview/${locale}`);
          assert.equal(res.statusCode, 200, `${type} preview in ${locale}`);
          assert.ok(res.body.includes(title), `${type} preview in ${locale} shows the draft's title`);
          assert.match(res.body, /<meta name="robots" content="noindex/);
          assert.equal(res.headers['cache-control'], 'no-store');
          assert.match(res.body, new RegExp(`<html lang="${locale}"`));
        }
        assert.equal((await get(editor, `${admin}/${id}/preview/fr`)).statusCode, 404);
      });
    }

    it('pages the admin list, keeping the search, filters and sort in the links', async () => {
      for (let n = 1; n <= 27; n += 1) {
        const label = String(n).padStart(2, '0');
        const { id } = await t.db.insertInto('topics').values({ slug: `pager-topic-${label}`, sortOrder: 100 + n }).returning('id').executeTakeFirstOrThrow();
        await t.db.insertInto('topicTranslations').values({ itemId: id, locale: 'en', name: `Pager topic ${label}` }).execute();
      }
      const first = await get(editor, '/admin/topics?q=pager&sort=title');
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /rel="next" href="\/admin\/topics\?q=pager&amp;sort=title&amp;page=2"/);
      assert.match(first.body, /Pager topic 25/);
      assert.doesNotMatch(first.body, /Pager topic 26/);
      const second = await get(editor, '/admin/topics?q=pager&sort=title&page=2');
      assert.equal(second.statusCode, 200);
      assert.match(second.body, /Page 2 of 2/);
      assert.match(second.body, /Pager topic 26/);
      assert.match(second.body, /Pager topic 27/);
      assert.doesNotMatch(second.body, /Pager topic 01/);
      assert.match(second.body, /rel="prev" href="\/admin\/topics\?q=pager&amp;sort=title"/);
      assert.equal((await get(editor, '/admin/topics?q=pager&sort=title&page=3')).statusCode, 404);
      assert.equal((await get(editor, '/admin/topics?page=0')).statusCode, 400);
    });

    it('offers the licences with CC BY 4.0 by default, stores the chosen one and refuses others', async () => {
      const blank = await get(editor, '/admin/publications/new');
      assert.match(blank.body, /<option value="CC-BY-4.0" selected>Creative Commons Attribution 4.0 International<\/option>/);
      for (const id of ['CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-ND-4.0', 'CC0-1.0', 'all-rights-reserved']) {
        assert.ok(blank.body.includes(`<option value="${id}">`), `offers ${id}`);
      }
      assert.doesNotMatch((await get(editor, '/admin/people/new')).body, /name="licence"/);
      const created = await post(editor, '/admin/news', editorForm('news', editor.csrfToken, { en: 'Licensed post' }, { licence: 'CC-BY-NC-4.0', intent: 'publish' }));
      assert.equal(created.statusCode, 303);
      const id = idFrom(created.headers.location);
      const row = await t.db.selectFrom('newsPosts').select(['licence', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.licence, 'CC-BY-NC-4.0');
      assert.match((await get(editor, `/admin/news/${id}`)).body, /<option value="CC-BY-NC-4.0" selected>/);
      assert.match((await t.app.inject(`/en/news/${row.slug}`)).body, /rel="license" href="https:\/\/creativecommons.org\/licenses\/by-nc\/4.0\/"/);
      const refused = await post(editor, '/admin/news', editorForm('news', editor.csrfToken, { en: 'Badly licensed post' }, { licence: 'GPL-3.0' }));
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /id="f-licence-error">Choose one of the options/);
      assert.match(refused.body, /value="Badly licensed post"/);
      assert.equal(await t.db.selectFrom('newsPostTranslations').select('itemId').where('title', '=', 'Badly licensed post').executeTakeFirst(), undefined);
    });

    it('chooses a cover among the library images and refuses to publish it without alt text in the item languages', async () => {
      const storage = testStorage(t.config);
      const englishOnly = await createImage(t.db, storage, { alts: [{ locale: 'en', alt: 'A meeting hall' }] });
      const described = await createImage(t.db, storage);
      const document = await createDocument(t.db, storage, { originalName: 'annual-report.pdf' });
      const names = await t.db.selectFrom('files').select(['id', 'originalName']).where('id', 'in', [englishOnly, described]).execute();
      const form = await get(editor, '/admin/projects/new');
      for (const file of names) assert.ok(form.body.includes(`<option value="${file.id}">${file.originalName}</option>`), `offers ${file.originalName}`);
      assert.doesNotMatch(form.body, /annual-report\.pdf/);

      const both = { en: 'Covered project', km: 'គម្រោងមានរូប' };
      for (const [locale, message] of [['en', /id="f-coverFileId-error">This image has no alt text/], ['km', /id="f-coverFileId-error">រូបភាពនេះមិនទាន់មានអត្ថបទជំនួស/]] as const) {
        const agent = await signInAs(t, 'editor', { locale });
        const res = await post(agent, '/admin/projects', editorForm('project', agent.csrfToken, both, { coverFileId: String(englishOnly), intent: 'publish' }));
        assert.equal(res.statusCode, 422);
        assert.match(res.body, message);
        assert.match(res.body, /value="Covered project"/);
        assert.match(res.body, new RegExp(`<option value="${englishOnly}" selected>`));
      }
      assert.equal(await t.db.selectFrom('projectTranslations').select('itemId').where('title', '=', 'Covered project').executeTakeFirst(), undefined);

      // A draft may carry it; publishing it later is refused the same way.
      const draft = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, both, { coverFileId: String(englishOnly) }));
      assert.equal(draft.statusCode, 303);
      const draftId = idFrom(draft.headers.location);
      const publishLater = await post(editor, `/admin/projects/${draftId}`, editorForm('project', editor.csrfToken, both, { coverFileId: String(englishOnly), intent: 'publish', _version: '1' }));
      assert.equal(publishLater.statusCode, 422);
      assert.equal((await t.db.selectFrom('projects').select('status').where('id', '=', draftId).executeTakeFirstOrThrow()).status, 'draft');

      // An item written in English only needs only the English alt text.
      const english = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, { en: 'English covered project' }, { coverFileId: String(englishOnly), intent: 'publish' }));
      assert.equal(english.statusCode, 303);

      const published = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, both, { coverFileId: String(described), intent: 'publish' }));
      assert.equal(published.statusCode, 303);
      const row = await t.db.selectFrom('projects').select(['coverFileId', 'status']).where('id', '=', idFrom(published.headers.location)).executeTakeFirstOrThrow();
      assert.deepEqual(row, { coverFileId: described, status: 'published' });

      const notImage = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, { en: 'Document cover' }, { coverFileId: String(document.id) }));
      assert.equal(notImage.statusCode, 422);
      assert.match(notImage.body, /id="f-coverFileId-error">Choose one of the options/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { createDocument, createImage, testStorage } from '../../../test/factories/media.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

/** A person's portrait and an organisation's logo, chosen or uploaded from the item's form. */
for (const engine of testEngines()) {
  describe(`content editor: portraits and logos (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let khmerEditor: StaffAgent;
    let portrait: number;
    let logo: number;
    let englishOnly: number;

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      khmerEditor = await signInAs(t, 'editor', { locale: 'km' });
      const storage = testStorage(t.config);
      portrait = await createImage(t.db, storage, { alts: [{ locale: 'en', alt: 'Chak Sopheap smiling' }, { locale: 'km', alt: 'ចក់ សុភាព ញញឹម' }] });
      logo = await createImage(t.db, storage, { alts: [{ locale: 'en', alt: 'Logo of the Mekong Fund' }, { locale: 'km', alt: 'និមិត្តសញ្ញាមូលនិធិមេគង្គ' }] });
      englishOnly = await createImage(t.db, storage, { alts: [{ locale: 'en', alt: 'Only described in English' }] });
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });
    const get = (agent: StaffAgent, url: string) => t.app.inject({ url, headers: { cookie: agent.cookie } });
    const both = { en: 'Chak Sopheap', km: 'ចក់ សុភាព' };

    it('offers the portrait and the logo with the library picker and the upload control, in English and Khmer', async () => {
      for (const [path, field, en, km] of [
        ['/admin/people/new', 'photoFileId', 'Portrait', 'រូបថតបុគ្គល'],
        ['/admin/organisations/new', 'logoFileId', 'Logo', 'និមិត្តសញ្ញា'],
      ] as const) {
        const page = await get(editor, path);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`<label for="f-${field}">${en}</label><select id="f-${field}" name="${field}"`));
        assert.match(page.body, new RegExp(`<option value="${portrait}">test-image-\\d+\\.png</option>`), 'library images are offered');
        assert.match(page.body, new RegExp(`data-field-upload="f-${field}"`));
        assert.match(page.body, new RegExp(`<input type="file" id="f-${field}-upload" accept="image/jpeg`), 'the upload control takes images');
        const khmer = await get(khmerEditor, path);
        assert.match(khmer.body, new RegExp(`<label for="f-${field}">${km}</label>`));
      }
    });

    it("saves a person's portrait with an audit row, shows it on the people page, and clears it", async () => {
      const created = await post(editor, '/admin/people', editorForm('person', editor.csrfToken, both, { photoFileId: String(portrait), intent: 'publish' }));
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      const id = itemIdFrom(created.headers.location);
      const row = await t.db.selectFrom('people').select(['photoFileId', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { photoFileId: portrait, status: 'published' });
      const audit = await t.db.selectFrom('auditLog').select('after').where('subjectType', '=', 'person').where('subjectId', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(String(audit.after), new RegExp(`"photoFileId":${portrait}`));
      t.app.contentChanged();
      assert.match((await t.app.inject('/en/about/people')).body, /<img [^>]*alt="Chak Sopheap smiling"/);
      assert.match((await t.app.inject('/km/about/people')).body, /<img [^>]*alt="ចក់ សុភាព ញញឹម"/);
      assert.match((await get(editor, `/admin/people/${id}`)).body, new RegExp(`<option value="${portrait}" selected>`));

      const cleared = await post(editor, `/admin/people/${id}`, editorForm('person', editor.csrfToken, both, { photoFileId: '', intent: 'publish', _version: '1' }));
      assert.equal(cleared.statusCode, 303, cleared.body.slice(0, 400));
      assert.equal((await t.db.selectFrom('people').select('photoFileId').where('id', '=', id).executeTakeFirstOrThrow()).photoFileId, null);
      const last = await t.db.selectFrom('auditLog').select(['action', 'before', 'after']).where('subjectType', '=', 'person').where('subjectId', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(String(last.before), new RegExp(`"photoFileId":${portrait}`));
      assert.match(String(last.after), /"photoFileId":null/);
      t.app.contentChanged();
      assert.doesNotMatch((await t.app.inject('/en/about/people')).body, /alt="Chak Sopheap smiling"/);
    });

    it("saves and clears an organisation's logo, shown on the donors and partners page", async () => {
      const names = { en: 'Mekong Fund', km: 'មូលនិធិមេគង្គ' };
      const created = await post(editor, '/admin/organisations', editorForm('organisation', editor.csrfToken, names, { kind: 'donor', logoFileId: String(logo), intent: 'publish' }));
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      const id = itemIdFrom(created.headers.location);
      assert.equal((await t.db.selectFrom('organisations').select('logoFileId').where('id', '=', id).executeTakeFirstOrThrow()).logoFileId, logo);
      t.app.contentChanged();
      // The logo is decorative beside the organisation's name: shown with an empty alt.
      assert.match((await t.app.inject('/en/about/donors-and-partners')).body, /<picture class="org__logo">.*<\/picture><h3 class="org__name">Mekong Fund<\/h3>/);

      const cleared = await post(editor, `/admin/organisations/${id}`, editorForm('organisation', editor.csrfToken, names, { kind: 'donor', logoFileId: '', intent: 'publish', _version: '1' }));
      assert.equal(cleared.statusCode, 303, cleared.body.slice(0, 400));
      assert.equal((await t.db.selectFrom('organisations').select('logoFileId').where('id', '=', id).executeTakeFirstOrThrow()).logoFileId, null);
      t.app.contentChanged();
      const after = (await t.app.inject('/en/about/donors-and-partners')).body;
      assert.match(after, /<h3 class="org__name">Mekong Fund<\/h3>/);
      assert.doesNotMatch(after, /org__logo/);
    });

    it('refuses a PDF or an unknown file as a portrait or logo, and an image without alt text in a language when publishing', async () => {
      const pdf = await createDocument(t.db, testStorage(t.config));
      const notImage = await post(editor, '/admin/organisations', editorForm('organisation', editor.csrfToken, { en: 'Document logo' }, { logoFileId: String(pdf.id) }));
      assert.equal(notImage.statusCode, 422);
      assert.match(notImage.body, /id="f-logoFileId-error">Choose one of the options/);
      const unknown = await post(editor, '/admin/people', editorForm('person', editor.csrfToken, both, { photoFileId: '999999' }));
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /id="f-photoFileId-error">Choose one of the options/);
      const junk = await post(khmerEditor, '/admin/people', editorForm('person', khmerEditor.csrfToken, both, { photoFileId: 'photo.jpg' }));
      assert.equal(junk.statusCode, 422);
      assert.match(junk.body, /id="f-photoFileId-error">សូមជ្រើសរើសជម្រើសមួយ។/);

      for (const [agent, message] of [[editor, /id="f-photoFileId-error">This image has no alt text/], [khmerEditor, /id="f-photoFileId-error">រូបភាពនេះមិនទាន់មានអត្ថបទជំនួស/]] as const) {
        const res = await post(agent, '/admin/people', editorForm('person', agent.csrfToken, both, { photoFileId: String(englishOnly), intent: 'publish' }));
        assert.equal(res.statusCode, 422);
        assert.match(res.body, message);
      }
      // A draft may keep it until the Khmer alt text is written; an English-only person may publish it.
      const draft = await post(editor, '/admin/people', editorForm('person', editor.csrfToken, both, { photoFileId: String(englishOnly) }));
      assert.equal(draft.statusCode, 303);
      const english = await post(editor, '/admin/people', editorForm('person', editor.csrfToken, { en: 'Only English' }, { photoFileId: String(englishOnly), intent: 'publish' }));
      assert.equal(english.statusCode, 303, english.body.slice(0, 400));
    });
  });
}

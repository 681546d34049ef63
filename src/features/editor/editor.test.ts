import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentTypes as TYPES } from '../content-types/content-types.js';
import { runSchedulerTick } from './editor.scheduler.js';
import { CONTENT_TYPE_KEYS, findContentType } from './editor.types.js';

for (const engine of testEngines()) {
  describe(`content editor (${engine})`, () => {
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

    for (const type of CONTENT_TYPE_KEYS) {
      const admin = findContentType(type)!.adminPath;
      it(`round-trips ${type} through its form in English and Khmer, and publishes it`, async () => {
        const en = `Round trip ${type} report`;
        const km = `សាកល្បង ${type}`;
        const created = await post(editor, admin, editorForm(type, editor.csrfToken, { en, km }, { intent: 'publish' }));
        assert.equal(created.statusCode, 303, created.body.slice(0, 500));
        const id = idFrom(created.headers.location);
        const form = await get(editor, `${admin}/${id}`);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, new RegExp(`value="${en}"`));
        assert.match(form.body, new RegExp(`value="${km}"`));
        assert.match(form.body, /<fieldset class="editor-language" lang="km">/);
        const slug = (await t.db.selectFrom(findContentType(type)!.table as 'pages').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
        for (const [locale, text] of [['en', en], ['km', km]] as const) {
          // Where the registry says readers find it (people and organisations on their list pages).
          const page = await t.app.inject(`/${locale}${findContentType(type)!.publicPath(slug)}`);
          assert.equal(page.statusCode, 200, `${type} public page in ${locale}`);
          assert.ok(page.body.includes(text), `${type} public page in ${locale} shows its text`);
        }
        const audit = await t.db.selectFrom('auditLog').select('action').where('subjectId', '=', String(id)).where('action', '=', 'content.create')
          .where('subjectType', '=', type).execute();
        assert.equal(audit.length, 1);
      });
    }

    // What the browser posts for a language left alone: empty inputs and the editor's empty paragraph.
    const untouched = (locale: string) => ({ [`${locale}.title`]: '', [`${locale}.summary`]: '', [`${locale}.bodyHtml`]: '<p></p>' });

    for (const [only, other, title] of [['km', 'en', 'របាយការណ៍ជាភាសាខ្មែរតែប៉ុណ្ណោះ'], ['en', 'km', 'A report in English only']] as const) {
      it(`publishes a ${only}-only publication when the ${other} editor posts its empty markup`, async () => {
        const created = await post(editor, '/admin/publications', editorForm('publication', editor.csrfToken, { [only]: title }, {
          intent: 'publish', ...untouched(other), [`${other}.bodyHtml`]: '<p><br></p><p>&nbsp; </p>', [`${only}.bodyHtml`]: `<p>${title}</p>`,
        }));
        assert.equal(created.statusCode, 303, created.body.slice(0, 500));
        const id = idFrom(created.headers.location);
        const rows = await t.db.selectFrom('publicationTranslations').select('locale').where('itemId', '=', id).execute();
        assert.deepEqual(rows.map((r) => r.locale), [only]);
        const { slug } = await t.db.selectFrom('publications').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
        const own = await t.app.inject(`/${only}/publications/${slug}`);
        assert.equal(own.statusCode, 200);
        assert.ok(own.body.includes(title));
        assert.doesNotMatch(own.body, /notice--language/);
        const fallback = await t.app.inject(`/${other}/publications/${slug}`);
        assert.equal(fallback.statusCode, 200);
        assert.ok(fallback.body.includes(title));
        assert.match(fallback.body, /notice--language/);
      });
    }

    it('asks for the title, in the user language, of a language given only a body', async () => {
      for (const [locale, message] of [['en', /This field is required/], ['km', /វាលនេះត្រូវតែបំពេញ/]] as const) {
        const agent = await signInAs(t, 'editor', { locale });
        const res = await post(agent, '/admin/publications', editorForm('publication', agent.csrfToken, { km: 'ចំណងជើង' }, {
          ...untouched('en'), 'en.bodyHtml': '<p>A body with no title</p>',
        }));
        assert.equal(res.statusCode, 422);
        assert.match(res.body, message);
        assert.ok(res.body.includes('A body with no title'));
      }
      const imageOnly = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, {}, { ...untouched('km'), 'km.bodyHtml': '<p><img src="/media/a.jpg" alt=""></p>' }));
      assert.equal(imageOnly.statusCode, 422);
      assert.match(imageOnly.body, /This field is required/);
      const none = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, {}, { ...untouched('en'), ...untouched('km') }));
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /Fill in at least one language/);
    });

    it('keeps typed values and explains errors in the user language when validation fails', async () => {
      for (const [locale, message] of [['en', /This field is required/], ['km', /វាលនេះត្រូវតែបំពេញ/]] as const) {
        const agent = await signInAs(t, 'editor', { locale });
        const before = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const res = await post(agent, '/admin/events', editorForm('event', agent.csrfToken, { en: 'Kept title' }, { startsAt: '', 'en.location': 'Kept place' }));
        assert.equal(res.statusCode, 422);
        assert.match(res.body, message);
        assert.match(res.body, /value="Kept title"/);
        assert.match(res.body, /value="Kept place"/);
        const afterCount = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(afterCount.n), Number(before.n));
      }
      const none = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, {}));
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /Fill in at least one language/);
    });

    it('lets an author write a draft and submit it, but not publish (403 and an audit row)', async () => {
      const author = await signInAs(t, 'author');
      const created = await post(author, '/admin/news', editorForm('news', author.csrfToken, { en: 'Author draft' }));
      assert.equal(created.statusCode, 303);
      const id = idFrom(created.headers.location);
      const refused = await post(author, `/admin/news/${id}`, editorForm('news', author.csrfToken, { en: 'Author draft' }, { intent: 'publish', _version: '1' }));
      assert.equal(refused.statusCode, 403);
      const row = await t.db.selectFrom('newsPosts').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'draft');
      const denied = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'permission.denied').where('subjectType', '=', 'news').where('subjectId', '=', String(id)).execute();
      assert.equal(denied.length, 1);
      const submitted = await post(author, `/admin/news/${id}`, editorForm('news', author.csrfToken, { en: 'Author draft' }, { intent: 'submit', _version: '1' }));
      assert.equal(submitted.statusCode, 303);
      assert.equal((await t.db.selectFrom('newsPosts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'in_review');
      // Once submitted it is no longer the author's draft to edit.
      assert.equal((await get(author, `/admin/news/${id}`)).statusCode, 403);
      const monitor = await signInAs(t, 'monitor');
      assert.equal((await get(monitor, '/admin/news')).statusCode, 403);
    });

    it('schedules a future publication and publishes it when the scheduler finds it due', async () => {
      const created = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, { en: 'Scheduled statement' }, { intent: 'publish', publishedAt: '2031-05-01T08:00' }));
      const id = idFrom(created.headers.location);
      const row = await t.db.selectFrom('pages').select(['status', 'publishedAt', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'scheduled');
      assert.equal(row.publishedAt, '2031-05-01T01:00:00.000Z');
      assert.equal(await runSchedulerTick(t.app, new Date('2031-04-30T00:00:00Z')), 0);
      assert.equal(await runSchedulerTick(t.app, new Date('2031-05-01T02:00:00Z')), 1);
      assert.equal((await t.db.selectFrom('pages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'published');
      const audit = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'content.publish_scheduled').where('subjectType', '=', 'page').where('subjectId', '=', String(id)).execute();
      assert.equal(audit.length, 1);
    });

    it('unpublishing removes the item from the public site and from search', async () => {
      const created = await post(editor, '/admin/news', editorForm('news', editor.csrfToken, { en: 'Zanzibarish unpublish check' }, { intent: 'publish' }));
      const id = idFrom(created.headers.location);
      const { slug } = await t.db.selectFrom('newsPosts').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal((await t.app.inject(`/en/news/${slug}`)).statusCode, 200);
      const indexed = () => t.db.withTables<{ searchDocuments: { type: string; itemId: number } }>().selectFrom('searchDocuments').select('itemId').where('type', '=', 'news').where('itemId', '=', id).execute();
      assert.equal((await indexed()).length, 1);
      const res = await post(editor, `/admin/news/${id}/unpublish`, `_csrf=${encodeURIComponent(editor.csrfToken)}`);
      assert.equal(res.statusCode, 303);
      assert.equal((await t.app.inject(`/en/news/${slug}`)).statusCode, 404);
      assert.equal((await indexed()).length, 0);
      assert.doesNotMatch((await t.app.inject('/en/search?q=Zanzibarish')).body, /Zanzibarish unpublish check/);
    });

    it('refuses a save over a newer version, keeps the typed text and changes nothing', async () => {
      const created = await post(editor, '/admin/projects', editorForm('project', editor.csrfToken, { en: 'Conflict base' }));
      const id = idFrom(created.headers.location);
      const other = await signInAs(t, 'editor');
      assert.equal((await post(other, `/admin/projects/${id}`, editorForm('project', other.csrfToken, { en: 'Their change' }, { _version: '1' }))).statusCode, 303);
      const mine = await post(editor, `/admin/projects/${id}`, editorForm('project', editor.csrfToken, { en: 'My late change' }, { _version: '1' }));
      assert.equal(mine.statusCode, 409);
      assert.match(mine.body, /value="My late change"/);
      assert.match(mine.body, /revisions\/compare\?from=1&amp;to=2/);
      const title = await t.db.selectFrom('projectTranslations').select('title').where('itemId', '=', id).where('locale', '=', 'en').executeTakeFirstOrThrow();
      assert.equal(title.title, 'Their change');
    });

    it('lists revisions, shows a word diff per language and restores an old version as a new one', async () => {
      const created = await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, { en: 'First words', km: 'ពាក្យដំបូង' }));
      const id = idFrom(created.headers.location);
      await post(editor, `/admin/pages/${id}`, editorForm('page', editor.csrfToken, { en: 'Second words <b>', km: 'ពាក្យដំបូង' }, { _version: '1' }));
      const list = await get(editor, `/admin/pages/${id}/revisions`);
      assert.match(list.body, /Version 2/);
      const diff = await get(editor, `/admin/pages/${id}/revisions/compare?from=1&to=2`);
      assert.match(diff.body, /<del>First<\/del>/);
      assert.match(diff.body, /<ins>Second<\/ins>/);
      assert.match(diff.body, /<ins>&lt;b><\/ins>/);
      const restored = await post(editor, `/admin/pages/${id}/revisions/1/restore`, `_csrf=${encodeURIComponent(editor.csrfToken)}`);
      assert.equal(restored.statusCode, 303);
      const title = await t.db.selectFrom('pageTranslations').select('title').where('itemId', '=', id).where('locale', '=', 'en').executeTakeFirstOrThrow();
      assert.equal(title.title, 'First words');
      assert.match((await get(editor, `/admin/pages/${id}/revisions`)).body, /Version 3/);
    });

    it('renders XSS payloads inert in the admin and on the public page', async () => {
      const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<iframe src="https://evil.example"></iframe>'];
      const body = `${payloads.join(' ')}<p><a href="javascript:alert(1)">link</a></p>`;
      const created = await post(
        editor,
        '/admin/pages',
        editorForm('page', editor.csrfToken, { en: payloads.join(' ') }, { 'en.bodyHtml': body, 'en.summary': payloads.join(' '), slug: 'xss-check', intent: 'publish' }),
      );
      const id = idFrom(created.headers.location);
      for (const res of [await get(editor, `/admin/pages/${id}`), await t.app.inject('/en/xss-check'), await get(editor, `/admin/pages/${id}/preview/en`)]) {
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload|<iframe|href="javascript:/);
      }
      const stored = await t.db.selectFrom('pageTranslations').select('bodyHtml').where('itemId', '=', id).executeTakeFirstOrThrow();
      assert.doesNotMatch(stored.bodyHtml, /<script|onerror|onload|<iframe|javascript:/);
    });

    it('previews a draft for signed-in staff only, with noindex and no caching', async () => {
      const created = await post(editor, '/admin/events', editorForm('event', editor.csrfToken, { en: 'Draft event preview' }));
      const id = idFrom(created.headers.location);
      const anonymous = await t.app.inject(`/admin/events/${id}/preview/en`);
      assert.equal(anonymous.statusCode, 303);
      const res = await get(editor, `/admin/events/${id}/preview/en`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Draft event preview/);
      assert.match(res.body, /noindex/);
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    it('previews every type with an item page through that page: the same body and meta as readers get once it is public', async () => {
      for (const type of ['page', 'publication', 'news', 'project', 'event', 'album', 'vacancy', 'topic'] as const) {
        const title = `Preview parity ${type}`;
        const created = await post(editor, TYPES[type].adminPath, editorForm(type, editor.csrfToken, { en: title }));
        const id = idFrom(created.headers.location);
        const preview = await get(editor, `${TYPES[type].adminPath}/${id}/preview/en`);
        assert.equal(preview.statusCode, 200, type);
        assert.match(preview.body, new RegExp(title), type);
        assert.match(preview.body, /<meta name="robots" content="noindex/, type);
        const slug = String((await t.db.selectFrom(TYPES[type].table as 'pages').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug);
        assert.match(preview.body, new RegExp(`<link rel="canonical" href="[^"]*/en${TYPES[type].publicPath(slug)}"`), type);
        // The item page's own meta: the structured data readers' pages carry.
        if (['publication', 'news', 'project', 'event', 'album'].includes(type)) assert.match(preview.body, /<script type="application\/ld\+json">/, type);
      }
    });

    it('lets an author preview their own items only, never another author\'s draft', async () => {
      const author = await signInAs(t, 'author');
      const other = await signInAs(t, 'author');
      const own = idFrom((await post(author, '/admin/news', editorForm('news', author.csrfToken, { en: 'My own draft' }))).headers.location);
      const theirs = idFrom((await post(other, '/admin/news', editorForm('news', other.csrfToken, { en: 'Embargoed statement' }))).headers.location);
      const mine = await get(author, `/admin/news/${own}/preview/en`);
      assert.equal(mine.statusCode, 200);
      assert.match(mine.body, /My own draft/);
      const refused = await get(author, `/admin/news/${theirs}/preview/en`);
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch(refused.body, /Embargoed statement/);
      assert.equal((await get(editor, `/admin/news/${theirs}/preview/en`)).statusCode, 200);
    });

    it('deletes after a confirmation page', async () => {
      const created = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, { km: 'អាល់ប៊ុមលុប' }));
      const id = idFrom(created.headers.location);
      assert.match((await get(editor, `/admin/albums/${id}/delete`)).body, /អាល់ប៊ុមលុប/);
      assert.equal((await post(editor, `/admin/albums/${id}/delete`, `_csrf=${encodeURIComponent(editor.csrfToken)}`)).statusCode, 303);
      assert.equal(await t.db.selectFrom('albums').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    });

    it('lists items with search, filters and sorting, and serves the editor script only to staff', async () => {
      const res = await get(editor, '/admin/publications?q=round%20trip&status=published&kind=report&sort=title');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Round trip publication report/);
      assert.equal((await get(editor, '/admin/publications?sort=bogus')).statusCode, 400);
      const form = await get(editor, '/admin/pages/new');
      const src = /<script type="module" src="(\/admin\/assets\/rich-text-editor\.[0-9a-f]+\.js)"/.exec(form.body)?.[1];
      assert.ok(src);
      const script = await get(editor, src);
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['cache-control']), /max-age=31536000/);
      assert.equal((await t.app.inject(src)).statusCode, 303);
      assert.doesNotMatch((await t.app.inject('/en/')).body, /rich-text-editor/);
    });
  });
}

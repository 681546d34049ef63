import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS } from '../../../test/factories/editor.js';
import { createImage, testStorage } from '../../../test/factories/media.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { PickerImage } from './media-library.picker.repository.js';

for (const engine of testEngines()) {
  describe(`media picker for the rich-text editor (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let wideId: number;
    let narrowId: number;
    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      const storage = testStorage(t.config);
      wideId = await createImage(t.db, storage, { width: 1700, alts: [{ locale: 'en', alt: 'Riverbank meeting', caption: null }, { locale: 'km', alt: 'កិច្ចប្រជុំមាត់ទន្លេ', caption: null }] });
      narrowId = await createImage(t.db, storage, { width: 640, alts: [{ locale: 'en', alt: 'Village well', caption: null }] });
    });
    after(() => t.close());

    const picker = (query = '', agent: StaffAgent | null = editor) =>
      t.app.inject({ url: `/admin/media/picker.json${query}`, headers: agent ? { cookie: agent.cookie } : {} });

    it('lists library images newest first with the 960-px rendition and both alt texts', async () => {
      const res = await picker();
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(String(res.headers['content-type']), /application\/json/);
      const { images } = res.json<{ images: PickerImage[] }>();
      assert.deepEqual(images.map((i) => i.id).slice(0, 2), [narrowId, wideId]);
      const wide = images.find((i) => i.id === wideId)!;
      assert.match(wide.src, /^\/media\/[0-9a-f]{64}\.jpg$/);
      assert.equal(wide.width, 960);
      assert.ok(wide.height > 0);
      assert.deepEqual(wide.alt, { en: 'Riverbank meeting', km: 'កិច្ចប្រជុំមាត់ទន្លេ' });
      assert.match(wide.name, /\.png$/);
      const narrow = images.find((i) => i.id === narrowId)!;
      assert.ok(narrow.width <= 960);
      assert.deepEqual(narrow.alt, { en: 'Village well', km: '' });
      assert.equal((await t.app.inject(wide.src)).statusCode, 200);
    });

    it('searches names and alt texts, in the given language only when one is given', async () => {
      const byAlt = (await picker('?q=riverbank')).json<{ images: PickerImage[] }>().images;
      assert.deepEqual(byAlt.map((i) => i.id), [wideId]);
      const khmer = (await picker(`?q=${encodeURIComponent('មាត់ទន្លេ')}&locale=km`)).json<{ images: PickerImage[] }>().images;
      assert.deepEqual(khmer.map((i) => i.id), [wideId]);
      assert.deepEqual((await picker('?q=riverbank&locale=km')).json<{ images: PickerImage[] }>().images, []);
      assert.equal((await picker('?locale=fr')).statusCode, 400);
    });

    it('sends anonymous visitors to sign in and refuses monitors', async () => {
      const anonymous = await picker('', null);
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /sign-in/);
      const monitor = await signInAs(t, 'monitor');
      assert.equal((await picker('', monitor)).statusCode, 403);
      const denied = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'permission.denied').where('subjectType', '=', 'file').execute();
      assert.ok(denied.length >= 1);
    });

    it('keeps a library image inserted by the editor through saving and on the public page', async () => {
      const { images } = (await picker()).json<{ images: PickerImage[] }>();
      const image = images.find((i) => i.id === wideId)!;
      const body = `<p>Before the picture.</p><img src="${image.src}" alt="${image.alt.en}"><p>After it.</p>`;
      const created = await t.app.inject({
        method: 'POST',
        url: '/admin/pages',
        headers: { cookie: editor.cookie, ...FORM_HEADERS },
        payload: editorForm('page', editor.csrfToken, { en: 'Picture page' }, { 'en.bodyHtml': body, slug: 'picture-page', intent: 'publish' }),
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 500));
      const stored = await t.db.selectFrom('pageTranslations').select('bodyHtml').where('locale', '=', 'en').where('title', '=', 'Picture page').executeTakeFirstOrThrow();
      assert.ok(stored.bodyHtml.includes(`<img src="${image.src}" alt="Riverbank meeting"`), stored.bodyHtml);
      const page = await t.app.inject('/en/picture-page');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`<img src="${image.src}" alt="Riverbank meeting"`));
    });
  });
}

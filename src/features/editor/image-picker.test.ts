import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInAs } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { IMAGE_PICKER_META, type ImagePickerText } from './image-picker-text.js';
import { imagePickerText } from './image-picker.messages.js';

describe('the image dialog texts', () => {
  it('speak the admin language, with an alt-text label for each content language in the configured order', () => {
    const km = imagePickerText('km', ['km', 'en']);
    assert.equal(km.title, 'បញ្ចូលរូបភាព');
    assert.deepEqual(km.languages, ['km', 'en']);
    assert.deepEqual(km.altLabels, { km: 'អត្ថបទជំនួស (ខ្មែរ)', en: 'អត្ថបទជំនួស (អង់គ្លេស)' });
    assert.deepEqual(imagePickerText('en', ['en']).altLabels, { en: 'Alt text (English)' });
  });
});

for (const engine of testEngines()) {
  describe(`the editor page hands the image dialog its texts (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    it('writes them as JSON in a meta element, in the signed-in user language', async () => {
      const editor = await signInAs(t, 'editor', { locale: 'km' });
      const res = await t.app.inject({ url: '/admin/news/new', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 200);
      const content = new RegExp(`<meta name="${IMAGE_PICKER_META}" content="([^"]*)"`).exec(res.body)?.[1];
      assert.ok(content, 'the editor page carries the dialog texts');
      const text = JSON.parse(content.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as ImagePickerText;
      assert.equal(text.insert, 'បញ្ចូល');
      assert.deepEqual(text.languages, t.app.config.locales);
      assert.deepEqual(Object.keys(text.altLabels), [...t.app.config.locales]);
    });
  });
}

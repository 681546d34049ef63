import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { htmlToParagraphs } from '../../web/rich-text.js';
import { diffParagraphs } from './revisions.diff.js';

describe('paragraph-aware revision diff', () => {
  it('reads rich text as its blocks', () => {
    assert.deepEqual(htmlToParagraphs('<h2>Findings</h2><p>One <b>two</b>.</p><ul><li>A</li><li>B</li></ul><p>Line<br>break</p>'), ['Findings', 'One two.', 'A', 'B', 'Line', 'break']);
  });

  it('shows an inserted paragraph as one new paragraph, and counts the ones left as they were', () => {
    const diff = diffParagraphs(['Intro.', 'Middle.', 'End.'], ['Intro.', 'A new paragraph.', 'Middle.', 'End.']);
    assert.deepEqual(diff, [
      { kind: 'unchanged', count: 1 },
      { kind: 'added', parts: [{ kind: 'added', text: 'A new paragraph.' }] },
      { kind: 'unchanged', count: 2 },
    ]);
  });

  it('compares a rewritten paragraph word by word, and a removed one whole', () => {
    const diff = diffParagraphs(['Monitors visited ten villages.', 'Gone.'], ['Monitors visited twelve villages.']);
    assert.equal(diff.length, 2);
    assert.equal(diff[0]!.kind, 'changed');
    const parts = diff[0]!.kind === 'changed' ? diff[0]!.parts : [];
    assert.deepEqual(parts.filter((p) => p.kind !== 'same').map((p) => `${p.kind}:${p.text}`), ['removed:ten', 'added:twelve']);
    assert.deepEqual(diff[1], { kind: 'removed', parts: [{ kind: 'removed', text: 'Gone.' }] });
  });
});

for (const engine of testEngines()) {
  describe(`revision comparison page (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });

    it('names fields as the form does and keeps paragraphs apart, in the user language', async () => {
      const body1 = '<p>The first paragraph.</p><p>The second paragraph.</p>';
      const body2 = '<p>The first paragraph.</p><p>An inserted paragraph.</p><p>The second paragraph, revised.</p>';
      const created = await post(editor, '/admin/news', editorForm('news', editor.csrfToken, { en: 'Diff test' }, { 'en.bodyHtml': body1 }));
      const id = itemIdFrom(created.headers.location);
      await post(editor, `/admin/news/${id}`, editorForm('news', editor.csrfToken, { en: 'Diff test' }, { 'en.bodyHtml': body2, kind: 'letter', _version: '1' }));
      const page = await t.app.inject({ url: `/admin/news/${id}/revisions/compare?from=1&to=2`, headers: { cookie: editor.cookie } });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /bodyHtml|<dt>kind<\/dt>/, 'no column names');
      assert.match(page.body, /<h3 lang="en">Text<\/h3>/);
      assert.match(page.body, /<dt>Kind<\/dt>/);
      assert.match(page.body, /1 unchanged paragraph …/);
      assert.match(page.body, /<p class="revision-diff__paragraph revision-diff__paragraph--added"><ins>An inserted paragraph\.<\/ins><\/p>/);
      assert.match(page.body, /<p class="revision-diff__paragraph revision-diff__paragraph--changed">The second paragraph<ins>, revised<\/ins>\.<\/p>|revision-diff__paragraph--changed">The second <del>paragraph\.<\/del><ins>paragraph, revised\.<\/ins>/);
      const km = await signInAs(t, 'editor', { locale: 'km' });
      const khmer = await t.app.inject({ url: `/admin/news/${id}/revisions/compare?from=1&to=2`, headers: { cookie: km.cookie } });
      assert.match(khmer.body, /កថាខណ្ឌ ១ មិនបានផ្លាស់ប្ដូរ/);
    });
  });
}

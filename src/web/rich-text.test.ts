import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmptyRichText, localizeInternalLinks, markdownToHtml, sanitizeRichText } from './rich-text.js';

describe('rich text', () => {
  it('keeps structure and drops scripts, handlers and dangerous URLs', () => {
    const html = sanitizeRichText(
      '<h2>T</h2><p onclick="x()">a<script>alert(1)</script></p><a href="javascript:alert(1)">j</a><img src="x" onerror="y()"><iframe src="https://e.org"></iframe>',
    );
    assert.equal(html, '<h2>T</h2><p>a</p><a>j</a><img src="x" loading="lazy" />');
  });

  it('keeps images from the media library and drops images from elsewhere', () => {
    assert.equal(sanitizeRichText('<img src="/media/abc.jpg" alt="A">'), '<img src="/media/abc.jpg" alt="A" loading="lazy" />');
    assert.equal(sanitizeRichText('<p>a<img src="https://tracker.example/p.gif" alt=""></p>'), '<p>a</p>');
  });

  it('counts an empty editor\'s markup as empty, and images and tables as content', () => {
    for (const html of ['', '<p></p>', '<p><br></p>', '<p>&nbsp; </p>', ' <p>\u00a0</p>\n<p></p>', '<p>\u200b</p>', '<h2></h2><ul><li></li></ul>', '<script>alert(1)</script>']) {
      assert.equal(isEmptyRichText(html), true, html);
    }
    for (const html of ['<p>a</p>', '<p>ក</p>', '<p><img src="/media/a.jpg" alt=""></p>', '<table><tr><td></td></tr></table>']) {
      assert.equal(isEmptyRichText(html), false, html);
    }
  });

  it('marks outside links noopener and leaves internal ones alone', () => {
    assert.match(sanitizeRichText('<a href="https://example.org">x</a>'), /rel="noopener noreferrer"/);
    assert.doesNotMatch(sanitizeRichText('<a href="/en/about">x</a>'), /rel=/);
  });

  it('turns Markdown into sanitized HTML', () => {
    assert.equal(markdownToHtml('## Title\n\nSome *text*.'), '<h2>Title</h2>\n<p>Some <em>text</em>.</p>\n');
  });

  it('sends internal links of a body to the same language of the site', () => {
    const html = '<a href="/about/history">h</a><a href="/km/contact">c</a><a href="/">home</a><a href="/files/abc/x.pdf">f</a><a href="/media">m</a><a href="https://e.org/x">e</a>';
    assert.equal(
      localizeInternalLinks(html, 'km', ['en', 'km']),
      '<a href="/km/about/history">h</a><a href="/km/contact">c</a><a href="/km/">home</a><a href="/files/abc/x.pdf">f</a><a href="/km/media">m</a><a href="https://e.org/x">e</a>',
    );
  });
});

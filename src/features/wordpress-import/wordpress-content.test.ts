import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoParagraphs, cleanExcerpt, cleanWordPressContent, decodeEntities, inlineReusableBlocks, MAX_INLINED_CHARACTERS, renderShortcodes, type ContentLinks } from './wordpress-content.js';
import { plainTitle, uploadLinksOf } from './wordpress-scan.js';

/** Links of a site where nothing was imported, but for the reusable blocks given. */
function linksWith(blocks: Record<string, string> = {}): ContentLinks {
  return { imageSrc: () => undefined, pageHref: () => undefined, galleryImages: () => [], reusableBlock: (id) => blocks[id] };
}

describe('WordPress content', () => {
  it('takes <!--more--> and <!--nextpage--> as breaks between paragraphs, leaving no empty ones', () => {
    const html = cleanWordPressContent('Before the break.\n\n<!--more-->\n\nAfter it.<!--more Read on-->Third.\n<!--nextpage-->\nPage two.', linksWith());
    assert.equal(html, '<p>Before the break.</p>\n<p>After it.</p>\n<p>Third.</p>\n<p>Page two.</p>');
  });

  it('sets block elements apart from the text around them, as wpautop does', () => {
    const html = autoParagraphs('Intro line\n<h2>One Column</h2>\n[gallery]\n<h2>Two</h2>\nMore text\n<ul>\n<li>One</li>\n</ul>Last');
    assert.equal(html, '<p>Intro line</p>\n<h2>One Column</h2>\n<p>[gallery]</p>\n<h2>Two</h2>\n<p>More text</p>\n<ul>\n<li>One</li>\n</ul>\n<p>Last</p>');
  });

  it('keeps the lines of preformatted text as they are', () => {
    const html = autoParagraphs('Code:\n\n<pre>line one\n\nline three</pre>\n\nAfter.');
    assert.equal(html, '<p>Code:</p>\n<pre>line one\n\nline three</pre>\n<p>After.</p>');
  });

  it('makes an address alone on its line (an oEmbed) a link, and leaves one in a sentence as text', () => {
    const html = cleanWordPressContent('Watch:\n\nhttps://www.youtube.com/watch?v=SQEQr7c0&amp;t=5\n\nSee https://example.org in the text.', linksWith());
    assert.match(html, /<p><a href="https:\/\/www\.youtube\.com\/watch\?v=SQEQr7c0&amp;t=5"[^>]*>https:\/\/www\.youtube\.com\/watch\?v=SQEQr7c0&amp;t=5<\/a><\/p>/);
    assert.match(html, /<p>See https:\/\/example\.org in the text\.<\/p>/);
  });

  it('links an embed block to its address once escaped, however the address was written', () => {
    const raw = '<!-- wp:embed {"url":"https://www.instagram.com/p/Bp/?a=1&amp;b=2"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.instagram.com/p/Bp/?a=1&amp;b=2\n</div></figure>\n<!-- /wp:embed -->';
    const html = cleanWordPressContent(raw, linksWith());
    assert.match(html, /href="https:\/\/www\.instagram\.com\/p\/Bp\/\?a=1&amp;b=2"/);
    assert.doesNotMatch(html, /&amp;amp;/);
  });

  it('reads the address of [audio], [video] and [embed] written without a name', () => {
    const html = renderShortcodes('[audio https://site.test/wp-content/uploads/2008/06/blues.mp3]\n[video https://site.test/clip.mp4 loop="on"]', linksWith());
    assert.match(html, /<a href="https:\/\/site\.test\/wp-content\/uploads\/2008\/06\/blues\.mp3">blues\.mp3<\/a>/);
    assert.match(html, /<a href="https:\/\/site\.test\/clip\.mp4">clip\.mp4<\/a>/);
  });

  it('shows a reusable block where a post uses it, a block within a block too, and drops one the export lacks', () => {
    const blocks = { '12': '<!-- wp:paragraph --><p>Support our work: <!-- wp:block {"ref":13} /--></p><!-- /wp:paragraph -->', '13': '<strong>donate</strong>' };
    const raw = '<!-- wp:paragraph --><p>Report text.</p><!-- /wp:paragraph -->\n<!-- wp:block {"ref":12} /-->\n<!-- wp:block {"ref":99} /-->';
    assert.equal(cleanWordPressContent(raw, linksWith(blocks)), '<p>Report text.</p>\n<p>Support our work: <strong>donate</strong></p>');
  });

  it('never puts a reusable block inside itself, however often it refers to itself', () => {
    const selfish = `<p>Again</p>${'<!-- wp:block {"ref":5} /-->'.repeat(50)}`;
    const html = cleanWordPressContent('<!-- wp:block {"ref":5} /-->', linksWith({ '5': selfish }));
    assert.equal((html.match(/Again/g) ?? []).length, 1);
  });

  it('caps what a fan-out of reusable blocks adds to one body', () => {
    // Each block uses the next 50 times: 50^5 copies of the last one uncapped.
    const blocks: Record<string, string> = { '5': `<p>${'x'.repeat(100)}</p>` };
    for (let id = 1; id < 5; id += 1) blocks[String(id)] = `<!-- wp:block {"ref":${id + 1}} /-->`.repeat(50);
    const html = inlineReusableBlocks('<!-- wp:block {"ref":1} /-->', linksWith(blocks));
    assert.ok(html.length > 0 && html.length <= MAX_INLINED_CHARACTERS, `inlined ${html.length} characters`);
  });

  it('keeps an address\'s parameters whose names begin like entities written without a semicolon', () => {
    const html = cleanWordPressContent('Map:\n\nhttps://m.example/?q=a&region=KH&section=2&amp;lang=km\n\n[embed]https://m.example/?q=a&region=KH[/embed]', linksWith());
    assert.match(html, /href="https:\/\/m\.example\/\?q=a&amp;region=KH&amp;section=2&amp;lang=km"/);
    assert.match(html, /href="https:\/\/m\.example\/\?q=a&amp;region=KH"/);
    assert.doesNotMatch(html, /®|§/);
    assert.deepEqual(uploadLinksOf('<a href="https://s.test/wp-content/uploads/r.pdf?x=1&copy=2&amp;y=3">r</a>'), ['https://s.test/wp-content/uploads/r.pdf?x=1&copy=2&y=3']);
  });

  it('decodes every HTML entity in titles, names and excerpts', () => {
    assert.equal(decodeEntities('Ping 1 &laquo; What&#8217;s new &raquo; &eacute;t&eacute; &amp; more &#x1F600;'), 'Ping 1 « What’s new » été & more 😀');
    assert.equal(cleanExcerpt('<p>Caf&eacute; &hellip; [caption]x[/caption]</p>'), 'Café … x');
  });

  it('gives a title with markup as its text', () => {
    assert.equal(plainTitle('Markup: Title <em>With</em> <b>Mark<sup>up</sup></b> &amp; &lt;b&gt;'), 'Markup: Title With Markup & <b>');
  });
});

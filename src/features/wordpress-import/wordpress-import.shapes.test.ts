import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { listAllRedirects } from '../redirects/redirects.repository.js';
import { runWordPressImport } from './wordpress-import.command.js';
import type { ImportReport } from './wordpress-import.report.js';

/**
 * Shapes of real exports the Polylang and WPML fixtures do not have: a WordPress.com blog (https
 * namespaces, the network's address as its site, uploads on a host of their own, a `-scaled`
 * original), Gutenberg content with a reusable block, classic content with `<!--more-->` and an
 * oEmbed address, the statuses and types an export carries besides posts, and a second blog of the
 * same network whose ids are the first's.
 */

const COURT_JPG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/wordpress/uploads/2024/03/court.jpg');

interface ItemShape {
  id: number;
  type?: string;
  status?: string;
  name: string;
  title: string;
  content?: string;
  link?: string;
  parent?: number;
  extra?: string;
}

function itemXml(blog: string, i: ItemShape): string {
  return `<item>
    <title><![CDATA[${i.title}]]></title>
    <link>${i.link ?? `${blog}/${i.name}/`}</link>
    <pubDate>Mon, 04 Mar 2024 09:00:00 +0000</pubDate>
    <dc:creator><![CDATA[ស្រីពៅ]]></dc:creator>
    <guid isPermaLink="false">${blog}/?p=${i.id}</guid>
    <description></description>
    <content:encoded><![CDATA[${i.content ?? ''}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>${i.id}</wp:post_id>
    <wp:post_date><![CDATA[2024-03-04 16:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2024-03-04 09:00:00]]></wp:post_date_gmt>
    <wp:comment_status><![CDATA[open]]></wp:comment_status>
    <wp:ping_status><![CDATA[open]]></wp:ping_status>
    <wp:post_name><![CDATA[${i.name}]]></wp:post_name>
    <wp:status><![CDATA[${i.status ?? 'publish'}]]></wp:status>
    <wp:post_parent>${i.parent ?? 0}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type><![CDATA[${i.type ?? 'post'}]]></wp:post_type>
    <wp:post_password><![CDATA[]]></wp:post_password>
    <wp:is_sticky>${i.id === 11 ? 1 : 0}</wp:is_sticky>
    ${i.extra ?? ''}
  </item>`;
}

/** A WordPress.com export of the blog at `blog`, as WordPress.com writes one. */
function wordpressComExport(blog: string, items: ItemShape[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- generator="WordPress.com" created="2024-03-10 10:00"-->
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
  <title>Rights blog</title>
  <link>${blog}</link>
  <language>en</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://wordpress.com/</wp:base_site_url>
  <wp:base_blog_url>${blog}</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[sreypov]]></wp:author_login><wp:author_display_name><![CDATA[ស្រីពៅ]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>44</wp:term_id><wp:category_nicename>land</wp:category_nicename><wp:category_parent/><wp:cat_name><![CDATA[Land &amp; housing]]></wp:cat_name></wp:category>
  ${items.map((i) => itemXml(blog, i)).join('\n')}
</channel>
</rss>
`;
}

const BLOG = 'https://rightsblog.wordpress.com';
const FILES = 'https://rightsblog.files.wordpress.com';

const blockPost = (blockText: string): ItemShape[] => [
  {
    id: 30, type: 'attachment', status: 'inherit', name: 'court', title: 'Court', parent: 10, link: `${BLOG}/court-ruling/court/`,
    extra: `<wp:attachment_url><![CDATA[${FILES}/2024/03/court-scaled.jpg]]></wp:attachment_url>
      <wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key><wp:meta_value><![CDATA[2024/03/court-scaled.jpg]]></wp:meta_value></wp:postmeta>
      <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_metadata]]></wp:meta_key><wp:meta_value><![CDATA[a:5:{s:5:"width";i:2560;s:6:"height";i:1707;s:4:"file";s:24:"2024/03/court-scaled.jpg";s:5:"sizes";a:0:{}s:14:"original_image";s:9:"court.jpg";}]]></wp:meta_value></wp:postmeta>
      <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[The provincial court]]></wp:meta_value></wp:postmeta>`,
  },
  {
    id: 10, name: 'court-ruling', title: 'Court ruling',
    content: `<!-- wp:paragraph -->\n<p>The court ruled today.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {"id":30,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="${FILES}/2024/03/court-1024x683.jpg?w=1024" alt="" class="wp-image-30"/></figure>\n<!-- /wp:image -->\n\n<!-- wp:block {"ref":50} /-->`,
    extra: `<category domain="category" nicename="land"><![CDATA[Land &amp; housing]]></category>
      <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[30]]></wp:meta_value></wp:postmeta>`,
  },
  {
    id: 11, name: 'monitoring-report', title: 'Report \u000b<em>Monitoring</em> &laquo;2024&raquo;',
    content: 'What we found.\n<!--more-->\nThe details.\n<h2>Findings</h2>\nhttps://www.youtube.com/watch?v=abc&amp;t=3\n\n[audio https://rightsblog.files.wordpress.com/2024/03/interview.mp3]',
  },
  { id: 50, type: 'wp_block', name: 'donate', title: 'Donate call', content: `<!-- wp:paragraph -->\n<p>${blockText}</p>\n<!-- /wp:paragraph -->` },
  { id: 60, type: 'nav_menu_item', name: '60', title: 'Home' },
  { id: 61, type: 'revision', status: 'inherit', name: '10-revision-v1', title: 'Court ruling', parent: 10, content: '<p>An older text.</p>' },
  { id: 62, status: 'trash', name: 'old-post__trashed', title: 'Removed post' },
  { id: 63, type: 'wp_global_styles', name: 'wp-global-styles-theme', title: 'Custom Styles' },
];

for (const engine of testEngines()) {
  describe(`dove import wordpress, shapes of real exports (${engine})`, () => {
    let t: TestContext;
    let work: string;
    let uploads: string;
    const write = (name: string, xml: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, xml);
      return file;
    };
    const run = (file: string, dryRun = false) =>
      runWordPressImport(t.db, t.config, file, { uploads, fetchTimeout: '1', report: path.join(work, 'report.json'), language: 'en', dryRun });
    const count = async (table: 'newsPosts' | 'files' | 'redirects') =>
      table === 'redirects' ? (await listAllRedirects(t.db)).length : Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const body = async (slug: string) =>
      (await t.db.selectFrom('newsPostTranslations').innerJoin('newsPosts', 'newsPosts.id', 'newsPostTranslations.itemId').select(['title', 'bodyHtml']).where('slug', '=', slug).executeTakeFirstOrThrow());
    const outcome = (report: ImportReport, wpId: string) => report.entries.find((e) => e.wpId === wpId && e.object !== 'comment' && e.object !== 'topic')?.outcome;

    before(async () => {
      t = await createTestApp(engine);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-wp-shapes-'));
      uploads = path.join(work, 'uploads');
      fs.mkdirSync(path.join(uploads, '2024/03'), { recursive: true });
      fs.copyFileSync(COURT_JPG, path.join(uploads, '2024/03/court-scaled.jpg'));
    });
    after(async () => {
      await t.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('a dry run of a WordPress.com export reports the posts and writes nothing', async () => {
      const { report, text } = await run(write('blog.xml', wordpressComExport(BLOG, blockPost('Support our work.'))), true);
      assert.match(text, /Dry run/);
      assert.equal(outcome(report, '10'), 'imported');
      assert.equal(outcome(report, '11'), 'imported');
      assert.deepEqual([await count('newsPosts'), await count('files'), await count('redirects')], [0, 0, 0]);
    });

    it('imports it: the -scaled original behind a resized copy on the uploads host, the reusable block, the classic text', async () => {
      const { report } = await run(path.join(work, 'blog.xml'));
      assert.equal(await count('newsPosts'), 2);
      const court = await body('court-ruling');
      assert.match(court.bodyHtml, /<figure[^>]*><img src="\/media\/[0-9a-f]{64}\.jpg"[^>]*><\/figure>/);
      assert.doesNotMatch(court.bodyHtml, /files\.wordpress\.com/);
      assert.match(court.bodyHtml, /<p>Support our work\.<\/p>/);
      const cover = await t.db.selectFrom('newsPosts').select('coverFileId').where('slug', '=', 'court-ruling').executeTakeFirstOrThrow();
      assert.ok(cover.coverFileId);
      const monitoring = await body('monitoring-report');
      assert.equal(monitoring.title, 'Report Monitoring «2024»');
      assert.match(monitoring.bodyHtml, /^<p>What we found\.<\/p>\n<p>The details\.<\/p>\n<h2>Findings<\/h2>\n<p><a href="https:\/\/www\.youtube\.com\/watch\?v=abc&amp;t=3"[^>]*>https:\/\/www\.youtube/);
      assert.match(monitoring.bodyHtml, /<a href="https:\/\/rightsblog\.files\.wordpress\.com\/2024\/03\/interview\.mp3"[^>]*>interview\.mp3<\/a>/);
      assert.doesNotMatch(monitoring.bodyHtml, /<p>\s*<\/p>/);
      for (const id of ['50', '60', '61', '63']) assert.equal(outcome(report, id), 'skipped', id);
      assert.match(report.entries.find((e) => e.wpId === '50')?.reason ?? '', /reusable block/);
      assert.match(report.entries.find((e) => e.wpId === '62')?.reason ?? '', /status is "trash"/);
    });

    it('answers the old addresses with a 301, with or without the trailing slash', async () => {
      t.app.redirects.invalidate();
      const expect = async (old: string, to: string) => {
        const res = await t.app.inject(old);
        assert.equal(res.statusCode, 301, `${old}: ${res.statusCode}`);
        assert.equal(res.headers.location, to, old);
      };
      await expect('/court-ruling/', '/en/news/court-ruling');
      await expect('/court-ruling', '/en/news/court-ruling');
      await expect('/COURT-RULING/', '/en/news/court-ruling');
      await expect('/?p=11', '/en/news/monitoring-report');
      await expect('/court-ruling/court/', '/en/news/court-ruling');
      await expect('/?attachment_id=30', '/en/news/court-ruling');
      await expect('/category/land/', '/en/topics/land');
      await expect('/2024/03/', '/en/news/press-releases?kind=press_release');
      assert.equal((await t.app.inject('/old-post__trashed/')).statusCode, 404);
    });

    it('a second run changes nothing; an edited reusable block updates the post that shows it', async () => {
      const before = await count('redirects');
      const again = await run(path.join(work, 'blog.xml'));
      assert.deepEqual(again.report.entries.filter((e) => e.outcome === 'imported' || e.outcome === 'changed'), []);
      assert.equal(await count('redirects'), before);
      const { report } = await run(write('edited.xml', wordpressComExport(BLOG, blockPost('Please donate today.'))));
      assert.equal(outcome(report, '10'), 'changed');
      assert.equal(outcome(report, '11'), 'unchanged');
      assert.match((await body('court-ruling')).bodyHtml, /Please donate today\./);
    });

    it('another blog of the same network, whose post ids are the first blog\'s, is imported beside it', async () => {
      const other = 'https://rightsblogkm.wordpress.com';
      const { report } = await run(write('other.xml', wordpressComExport(other, [{ id: 10, name: 'workshop', title: 'Workshop', content: 'A workshop.', link: `${other}/workshop/` }])));
      assert.equal(outcome(report, '10'), 'imported');
      assert.equal(await count('newsPosts'), 3);
      assert.equal((await body('court-ruling')).title, 'Court ruling');
      assert.equal((await body('workshop')).title, 'Workshop');
    });
  });
}

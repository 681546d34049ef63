import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readWxr, WxrError, type WxrItem, type WxrRecord } from './wxr-reader.js';

/** An export as WordPress writes it, around the given channel body, with the namespaces of `base`. */
function exportOf(body: string, base = 'http://wordpress.org/export/1.2/'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="${base}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="${base}">
<channel>
  <title>Site</title>
  <link>https://site.test</link>
  <wp:wxr_version>${/export\/(1\.\d)\//.exec(base)![1]}</wp:wxr_version>
  <wp:base_site_url>https://site.test</wp:base_site_url>
  <wp:base_blog_url>https://site.test</wp:base_blog_url>
${body}
</channel>
</rss>
`;
}

const item = (inner: string) => `<item>
  <title><![CDATA[A post]]></title>
  <wp:post_id>7</wp:post_id>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:status><![CDATA[publish]]></wp:status>
  ${inner}
</item>`;

describe('the WXR reader', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-wxr-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function read(xml: string | Buffer): Promise<WxrRecord[]> {
    const file = path.join(dir, 'export.xml');
    fs.writeFileSync(file, xml);
    const records: WxrRecord[] = [];
    await readWxr(file, (r) => {
      records.push(r);
    });
    return records;
  }
  const itemsOf = (records: WxrRecord[]) => records.flatMap((r) => (r.kind === 'item' ? [r.item] : []));
  const onlyItem = async (xml: string | Buffer): Promise<WxrItem> => {
    const items = itemsOf(await read(xml));
    assert.equal(items.length, 1);
    return items[0]!;
  };

  it('reads the https namespaces of a WordPress.com export', async () => {
    const records = await read(exportOf(item('<content:encoded><![CDATA[Body]]></content:encoded><excerpt:encoded><![CDATA[Short]]></excerpt:encoded>'), 'https://wordpress.org/export/1.2/'));
    const channel = records.find((r) => r.kind === 'channel');
    assert.equal(channel?.kind === 'channel' && channel.channel.wxrVersion, '1.2');
    const [post] = itemsOf(records);
    assert.deepEqual([post?.postId, post?.postType, post?.content, post?.excerpt], ['7', 'post', 'Body', 'Short']);
  });

  it('reads WXR 1.0 and 1.1 namespaces alike', async () => {
    for (const base of ['http://wordpress.org/export/1.0/', 'http://wordpress.org/export/1.1/']) {
      const post = await onlyItem(exportOf(item('<content:encoded><![CDATA[Body]]></content:encoded>'), base));
      assert.deepEqual([post.postId, post.status, post.content], ['7', 'publish', 'Body'], base);
    }
  });

  it('takes the control characters WordPress leaves in text as spaces instead of refusing the export', async () => {
    const post = await onlyItem(exportOf(item('<wp:postmeta><wp:meta_key>note</wp:meta_key><wp:meta_value><![CDATA[a\u000bb]]></wp:meta_value></wp:postmeta><content:encoded><![CDATA[Line\u000cbreak\u0008]]></content:encoded>')));
    assert.equal(post.content, 'Line break ');
    assert.equal(post.meta.get('note'), 'a b');
  });

  it('still refuses a broken export with the line of the fault after such characters', async () => {
    const xml = exportOf(item('<content:encoded><![CDATA[a\u000b]]></content:encoded>\n<wp:post_name>x</wp:post_nam>'));
    const line = xml.split('\n').findIndex((l) => l.includes('</wp:post_nam>')) + 1;
    await assert.rejects(read(xml), (e: Error) => e instanceof WxrError && e.line === line && e.reason === 'unexpected close tag');
  });

  it('joins CDATA sections WordPress splits around "]]>", and consecutive ones', async () => {
    const post = await onlyItem(exportOf(item('<content:encoded><![CDATA[a ]]]]><![CDATA[> b]]>\n</content:encoded><excerpt:encoded><![CDATA[one]]><![CDATA[two]]></excerpt:encoded>')));
    assert.equal(post.content, 'a ]]> b\n');
    assert.equal(post.excerpt, 'onetwo');
  });

  it('reads empty elements, self-closing or not, as empty', async () => {
    const records = await read(exportOf(`<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:category_parent/><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
      ${item('<content:encoded><![CDATA[]]></content:encoded><wp:post_password></wp:post_password><wp:post_parent/>')}`));
    const term = records.find((r) => r.kind === 'term');
    assert.deepEqual(term?.kind === 'term' && [term.term.slug, term.term.parent, term.term.name], ['news', '', 'News']);
    const [post] = itemsOf(records);
    assert.deepEqual([post?.content, post?.postPassword, post?.postParent], ['', '', '']);
  });

  it('reads an export in the ISO-8859-1 its XML declaration names', async () => {
    const xml = exportOf(item('<content:encoded><![CDATA[Caf\u00e9 \u00e0 Phnom Penh \u00a9]]></content:encoded>')).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const post = await onlyItem(Buffer.from(xml, 'latin1'));
    assert.equal(post.content, 'Caf\u00e9 \u00e0 Phnom Penh \u00a9');
  });

  it('reads as UTF-8 an export that declares windows-1252 but holds UTF-8, and says so', async () => {
    const text = 'Caf\u00e9 \u2013 \u1780\u1798\u17d2\u1796\u17bb\u1787\u17b6';
    const xml = exportOf(item(`<content:encoded><![CDATA[${text}]]></content:encoded>`)).replace('encoding="UTF-8"', 'encoding="windows-1252"');
    const file = path.join(dir, 'moved.xml');
    fs.writeFileSync(file, Buffer.from(xml, 'utf8'));
    const records: WxrRecord[] = [];
    const reading = await readWxr(file, (r) => {
      records.push(r);
    });
    assert.equal(itemsOf(records)[0]?.content, text);
    assert.equal(reading.encoding, 'utf-8');
    assert.match(reading.encodingNote ?? '', /declares windows-1252 but holds UTF-8/);
  });

  it('keeps the declared single-byte encoding for a file that is not valid UTF-8, or is plain ASCII', async () => {
    const file = path.join(dir, 'latin.xml');
    const latin = exportOf(item('<content:encoded><![CDATA[Caf\u00e9]]></content:encoded>')).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    fs.writeFileSync(file, Buffer.from(latin, 'latin1'));
    assert.deepEqual(await readWxr(file, () => {}), { encoding: 'ISO-8859-1' });
    fs.writeFileSync(file, exportOf(item('')).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'));
    assert.deepEqual(await readWxr(file, () => {}), { encoding: 'ISO-8859-1' });
  });

  it('refuses an encoding it cannot read, saying which', async () => {
    const xml = exportOf(item('')).replace('encoding="UTF-8"', 'encoding="x-klingon"');
    await assert.rejects(read(xml), /the encoding "x-klingon", which cannot be read here/);
  });

  it('reads Khmer and emoji split across the chunks the file is read in', async () => {
    const text = 'សិទ្ធិមនុស្ស 😀 '.repeat(12000);
    const post = await onlyItem(exportOf(item(`<content:encoded><![CDATA[${text}]]></content:encoded>`)));
    assert.equal(post.content, text);
  });
});

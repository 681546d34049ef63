import fs from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * A streaming reader of WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2, as WordPress writes it,
 * with what Polylang and WPML add). The file is read in chunks and each object is handed over
 * as soon as its element closes, so memory holds one item at a time, not the export.
 */

export interface WxrChannel {
  title: string;
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  wxrVersion: string;
  language: string;
}

export interface WxrAuthor {
  login: string;
  displayName: string;
}

export interface WxrTerm {
  id: string;
  taxonomy: string;
  slug: string;
  name: string;
  parent: string;
  description: string;
}

export interface WxrCategoryRef {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrComment {
  id: string;
  author: string;
  authorEmail: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
}

export interface WxrItem {
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postParent: string;
  menuOrder: string;
  postType: string;
  /** Set when the post is password-protected in WordPress: its content was not meant for everyone. */
  postPassword: string;
  attachmentUrl: string;
  categories: WxrCategoryRef[];
  meta: Map<string, string>;
  comments: WxrComment[];
}

export type WxrRecord =
  | { kind: 'channel'; channel: WxrChannel }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem };

/** The export is not well-formed XML, or not a WordPress export; names where, when it can. */
export class WxrError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column}: ${reason}`);
  }
}

/** Namespaces by what they are, whatever the export's WXR version. */
function prefixOf(uri: string): string {
  if (/^https?:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/.test(uri)) return 'excerpt:';
  if (/^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/.test(uri)) return 'wp:';
  if (uri === 'http://purl.org/rss/1.0/modules/content/') return 'content:';
  if (uri === 'http://purl.org/dc/elements/1.1/') return 'dc:';
  return uri ? 'other:' : '';
}

const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: 'title', link: 'link', guid: 'guid', 'dc:creator': 'creator', 'content:encoded': 'content', 'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId', 'wp:post_date': 'postDate', 'wp:post_date_gmt': 'postDateGmt', 'wp:comment_status': 'commentStatus',
  'wp:post_name': 'postName', 'wp:status': 'status', 'wp:post_parent': 'postParent', 'wp:menu_order': 'menuOrder',
  'wp:post_type': 'postType', 'wp:post_password': 'postPassword', 'wp:attachment_url': 'attachmentUrl',
};
const COMMENT_FIELDS: Record<string, keyof WxrComment> = {
  'wp:comment_id': 'id', 'wp:comment_author': 'author', 'wp:comment_author_email': 'authorEmail', 'wp:comment_date': 'date',
  'wp:comment_date_gmt': 'dateGmt', 'wp:comment_content': 'content', 'wp:comment_approved': 'approved', 'wp:comment_type': 'type',
};
/** `wp:category`, `wp:tag` and `wp:term` name the same facts differently. */
const TERM_FIELDS: Record<string, keyof WxrTerm> = {
  'wp:term_id': 'id', 'wp:category_nicename': 'slug', 'wp:tag_slug': 'slug', 'wp:term_slug': 'slug', 'wp:cat_name': 'name',
  'wp:tag_name': 'name', 'wp:term_name': 'name', 'wp:category_parent': 'parent', 'wp:term_parent': 'parent',
  'wp:category_description': 'description', 'wp:tag_description': 'description', 'wp:term_description': 'description',
  'wp:term_taxonomy': 'taxonomy',
};
const TERM_ELEMENTS: Record<string, string> = { 'wp:category': 'category', 'wp:tag': 'post_tag', 'wp:term': '' };

const emptyItem = (): WxrItem => ({
  title: '', link: '', guid: '', creator: '', content: '', excerpt: '', postId: '', postDate: '', postDateGmt: '', commentStatus: '',
  postName: '', status: '', postParent: '', menuOrder: '', postType: '', postPassword: '', attachmentUrl: '', categories: [], meta: new Map(), comments: [],
});
const emptyComment = (): WxrComment => ({ id: '', author: '', authorEmail: '', date: '', dateGmt: '', content: '', approved: '', type: '' });

/** Builds records from the parser's events; `take()` hands over those completed so far. */
class WxrBuilder {
  private readonly stack: Array<{ name: string; text: string; line: number }> = [];
  private readonly done: WxrRecord[] = [];
  private channel: WxrChannel | undefined;
  private sawChannel = false;
  private item: WxrItem | undefined;
  private comment: WxrComment | undefined;
  private term: WxrTerm | undefined;
  private author: WxrAuthor | undefined;
  private meta: { key: string; value: string } | undefined;
  private category: WxrCategoryRef | undefined;

  /** The innermost element still open, and the line it opened on. */
  innermost(): { name: string; line: number } | undefined {
    return this.stack[this.stack.length - 1];
  }

  open(tag: SaxesTagNS, line: number): void {
    const name = prefixOf(tag.uri) + tag.local;
    const parent = this.stack[this.stack.length - 1]?.name;
    if (this.stack.length === 0 && name !== 'rss') throw new WxrError('this is not a WordPress export (WXR): its root element is not <rss>');
    this.stack.push({ name, text: '', line });
    if (name === 'channel' && parent === 'rss') {
      this.sawChannel = true;
      this.channel = { title: '', link: '', baseSiteUrl: '', baseBlogUrl: '', wxrVersion: '', language: '' };
    } else if (name === 'item' && parent === 'channel') this.item = emptyItem();
    else if (this.item && name === 'wp:comment') this.comment = emptyComment();
    else if (this.item && name === 'wp:postmeta') this.meta = { key: '', value: '' };
    else if (this.item && name === 'category' && parent === 'item') {
      const attr = (n: string) => String(tag.attributes[n]?.value ?? '');
      this.category = { domain: attr('domain'), nicename: attr('nicename'), name: '' };
    } else if (!this.item && parent === 'channel' && name in TERM_ELEMENTS) {
      this.term = { id: '', taxonomy: TERM_ELEMENTS[name]!, slug: '', name: '', parent: '', description: '' };
    } else if (!this.item && parent === 'channel' && name === 'wp:author') this.author = { login: '', displayName: '' };
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += text;
  }

  close(): void {
    const { name, text } = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1]?.name;
    if (this.comment) this.closeInComment(name, text);
    else if (this.meta) this.closeInMeta(name, text);
    else if (this.item) this.closeInItem(name, text, parent);
    else if (this.term) this.closeInTerm(name, text, parent);
    else if (this.author) this.closeInAuthor(name, text);
    else if (this.channel && parent === 'channel') this.closeInChannel(name, text);
    else if (name === 'channel' && this.channel) this.flushChannel();
  }

  private closeInComment(name: string, text: string) {
    if (name === 'wp:comment') {
      this.item!.comments.push(this.comment!);
      this.comment = undefined;
    } else if (COMMENT_FIELDS[name] && this.stack[this.stack.length - 1]?.name === 'wp:comment') this.comment![COMMENT_FIELDS[name]] = text;
  }

  private closeInMeta(name: string, text: string) {
    if (name === 'wp:meta_key') this.meta!.key = text.trim();
    else if (name === 'wp:meta_value') this.meta!.value = text;
    else if (name === 'wp:postmeta') {
      this.item!.meta.set(this.meta!.key, this.meta!.value);
      this.meta = undefined;
    }
  }

  private closeInItem(name: string, text: string, parent: string | undefined) {
    if (name === 'item') {
      this.flushChannel();
      this.done.push({ kind: 'item', item: this.item! });
      this.item = undefined;
    } else if (name === 'category' && this.category) {
      this.item!.categories.push({ ...this.category, name: text });
      this.category = undefined;
    } else if (parent === 'item' && ITEM_FIELDS[name]) {
      (this.item as unknown as Record<string, string>)[ITEM_FIELDS[name]] = text;
    }
  }

  private closeInTerm(name: string, text: string, parent: string | undefined) {
    if (name in TERM_ELEMENTS && parent === 'channel') {
      this.done.push({ kind: 'term', term: this.term! });
      this.term = undefined;
    } else if (TERM_FIELDS[name]) this.term![TERM_FIELDS[name]] = text;
  }

  private closeInAuthor(name: string, text: string) {
    if (name === 'wp:author') {
      this.done.push({ kind: 'author', author: this.author! });
      this.author = undefined;
    } else if (name === 'wp:author_login') this.author!.login = text;
    else if (name === 'wp:author_display_name') this.author!.displayName = text;
  }

  private closeInChannel(name: string, text: string) {
    const c = this.channel!;
    if (name === 'title') c.title = text;
    else if (name === 'link') c.link = text.trim();
    else if (name === 'wp:base_site_url') c.baseSiteUrl = text.trim();
    else if (name === 'wp:base_blog_url') c.baseBlogUrl = text.trim();
    else if (name === 'wp:wxr_version') c.wxrVersion = text.trim();
    else if (name === 'language') c.language = text.trim();
  }

  /** The channel's facts come before its first item; they are handed over once. */
  private flushChannel() {
    if (!this.channel) return;
    if (!this.channel.wxrVersion) throw new WxrError('this is not a WordPress export (WXR): it has no <wp:wxr_version>');
    this.done.push({ kind: 'channel', channel: this.channel });
    this.channel = undefined;
  }

  finish(): void {
    if (!this.sawChannel) throw new WxrError('this is not a WordPress export (WXR): it has no <channel>');
  }

  take(): WxrRecord[] {
    return this.done.splice(0, this.done.length);
  }
}

/**
 * Characters XML forbids (C0 controls but tab and newlines, and U+FFFE/U+FFFF). WordPress writes
 * them as they were saved - a vertical tab or form feed pasted from a word processor - and a
 * strict parser would refuse the whole export for one; each becomes a space, which keeps every
 * line and column where it was for the errors that remain.
 */
// eslint-disable-next-line no-control-regex -- these characters are what it finds
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Bytes read at a time: the memory the reader needs besides the item being built. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The encoding the XML declaration names. WordPress writes the blog's charset there, and a site set
 * up long ago may still have ISO-8859-1 or windows-1252 rather than UTF-8; without one it is UTF-8.
 */
async function declaredEncoding(file: string): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead).toString('latin1');
    return /^(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1] ?? 'utf-8';
  } finally {
    await handle.close();
  }
}

const UTF8 = /^utf-?8$/i;

/** What the reader found about the file's encoding, for the report. */
export interface WxrReading {
  /** The encoding the file was read in. */
  encoding: string;
  /** Set when the file was read otherwise than its declaration says, and why. */
  encodingNote?: string;
}

/**
 * The encoding to read the file in. A site moved to a new host often keeps an old ISO-8859-1 or
 * windows-1252 declaration over a database that was converted to UTF-8: read as declared, every
 * accented or Khmer character comes out as two or three wrong ones. Text in a single-byte encoding
 * almost never forms valid UTF-8 multibyte sequences, so a file that decodes cleanly as UTF-8 and
 * holds at least one is read as UTF-8.
 */
async function encodingToRead(file: string): Promise<WxrReading> {
  const declared = await declaredEncoding(file);
  if (UTF8.test(declared) || !(await isMultibyteUtf8(file))) return { encoding: declared };
  return { encoding: 'utf-8', encodingNote: `the file declares ${declared} but holds UTF-8 text (multibyte characters that decode cleanly as UTF-8); it was read as UTF-8` };
}

/** Whether the whole file is valid UTF-8 with at least one character beyond ASCII. */
async function isMultibyteUtf8(file: string): Promise<boolean> {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let multibyte = false;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      const bytes = chunk as Buffer;
      strict.decode(bytes, { stream: true });
      multibyte ||= bytes.some((b) => b >= 0x80);
    }
    strict.decode();
  } catch {
    return false;
  }
  return multibyte;
}

function decoderOf(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    throw new WxrError(`its XML declaration names the encoding "${encoding}", which cannot be read here (UTF-8, ISO-8859-x and windows-125x can)`, 1, 1);
  }
}

/**
 * Reads the export at `file`, calling `onRecord` for each channel, author, term and item, in
 * file order. A malformed file stops with a WxrError naming its line and column.
 */
export async function readWxr(file: string, onRecord: (record: WxrRecord) => void | Promise<void>): Promise<WxrReading> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const builder = new WxrBuilder();
  let failure: Error | undefined;
  parser.on('error', (error) => {
    // The parser ends its messages with a full stop; the command adds its own sentence after the reason.
    let reason = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.+$/, '');
    // Found only at the end of the file (a bare "&" makes the parser read on to the end): say where the element began.
    const open = builder.innermost();
    if (reason.startsWith('unclosed tag') && open) reason = `${reason} (the <${open.name}> that opened on line ${open.line} never closes; look there for a bare "&" or "<")`;
    failure ??= new WxrError(reason, parser.line, parser.column);
  });
  parser.on('opentag', (tag) => builder.open(tag, parser.line));
  parser.on('text', (text) => builder.text(text));
  parser.on('cdata', (text) => builder.text(text));
  parser.on('closetag', () => builder.close());
  const reading = await encodingToRead(file);
  const decoder = decoderOf(reading.encoding);
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const feed = (text: string) => write(parser, () => failure, () => parser.write(text.replace(FORBIDDEN_CHARACTERS, ' ')));
  try {
    for await (const chunk of stream) {
      // Decoded as a stream: a character split between two chunks is whole in the next.
      feed(decoder.decode(chunk as Buffer, { stream: true }));
      if (failure) throw failure;
      for (const record of builder.take()) await onRecord(record);
    }
    feed(decoder.decode());
    write(parser, () => failure, () => parser.close());
    if (failure) throw failure;
    builder.finish();
    for (const record of builder.take()) await onRecord(record);
  } finally {
    stream.destroy();
  }
  return reading;
}

/** Runs a parser step; an error thrown by the builder is placed at the parser's position. */
function write(parser: SaxesParser, failed: () => Error | undefined, step: () => void) {
  try {
    step();
  } catch (error) {
    // After a syntax error the builder may trip over what follows; the syntax error is the cause.
    const failure = failed();
    if (failure) throw failure;
    if (error instanceof WxrError && error.line !== undefined) throw error;
    const reason = error instanceof WxrError ? error.reason : (error as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    throw new WxrError(reason, parser.line, parser.column);
  }
}

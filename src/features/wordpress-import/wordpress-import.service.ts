import { createHash } from 'node:crypto';
import { uniqueSlug } from '../../i18n/slug.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { htmlToText } from '../../web/rich-text.js';
import { writeAudit } from '../audit/audit.repository.js';
import { publicPathOf } from '../content-types/content-types.js';
import { isSlugTaken } from '../editor/editor.repository.js';
import { descriptorOf, LICENCE_IDS, type ContentTypeDescriptor } from '../editor/editor.types.js';
import { recordImage, storeDocument } from '../media/images.js';
import { variantUrl } from '../media/media.repository.js';
import type { FileStorage } from '../media/storage.js';
import { findAltTexts, replaceAltTexts } from '../media-library/media-library.repository.js';
import { redirectKeyOf } from '../redirects/redirect-paths.js';
import { writeComments } from './wordpress-comments.js';
import { cleanExcerpt, cleanWordPressContent, inlineReusableBlocks, type ContentLinks } from './wordpress-content.js';
import { findJpegVariants, findTopicIdBySlug, loadImportedObjects, rekeyImportedObjects, rowExists, type ImportedObject } from './wordpress-import.repository.js';
import type { ImportReport } from './wordpress-import.report.js';
import { outcomeOf, remember, type ImportState, type WordPressImportOptions } from './wordpress-import.state.js';
import { currentSnapshot, IMPORT_ACTOR, saveImportedItem } from './wordpress-import.writes.js';
import { loadAttachment, type LoadedAttachment } from './wordpress-media.js';
import { addressOf, planRedirects, writeRedirects } from './wordpress-redirects.js';
import { blogPathOf, planExport, planTopics, type GroupPlan, type TopicPlan } from './wordpress-plan.js';
import { scanExport, checksumOf, type Scan, type ScannedAttachment, type ScannedPost } from './wordpress-scan.js';
import { readWxr, type WxrItem } from './wxr-reader.js';

export type { WordPressImportOptions } from './wordpress-import.state.js';

/** Thrown to roll a dry run back once its report is made. */
class DryRunDone extends Error {}

/**
 * Imports a WordPress export: a first pass reads the whole file (a malformed one stops there,
 * nothing written), attachments are read and encoded, then one transaction writes topics,
 * files, items, comments and redirects - all or nothing. A dry run does the same and rolls back.
 */
export async function importWordPress(db: Db, storage: FileStorage, options: WordPressImportOptions): Promise<ImportReport> {
  const startedAt = new Date().toISOString();
  const scan = await scanExport(options.file, options.locales, options.defaultLocale);
  const source = sourceOf(scan);
  options.progress?.(`Read ${scan.posts.length} posts and pages, ${scan.attachments.size} attachments, ${scan.terms.size} categories and tags.`);
  const { previous, legacySource } = await loadPrevious(db, scan, source);
  const loaded = await loadAttachments(db, storage, scan, previous, options);
  const linked = await loadLinkedUploads(scan, source, storage, options);
  const report: ImportReport = {
    file: options.file, source, wxrVersion: scan.channel.wxrVersion, dryRun: options.dryRun, startedAt, finishedAt: '', entries: [],
    redirects: { created: 0, changed: 0, unchanged: 0, keptEditors: 0 }, notices: [...scan.notices],
  };
  try {
    await db.transaction().execute(async (tx) => {
      if (legacySource) report.notices.push(await carryOverKeys(tx, legacySource, source));
      const state: ImportState = {
        tx, storage, options, scan, plan: planExport(scan, options.locales), source, blogPath: blogPathOf(scan), previous, entries: report.entries,
        now: new Date().toISOString(), files: new Map(), imageByPath: new Map(), documentByPath: new Map(), uploadProblems: new Map(), topicIds: new Map(), items: new Map(), redirects: new Map(),
      };
      await writeAttachments(state, loaded);
      await writeLinkedUploads(state, linked);
      await writeTopics(state);
      await assignSlugs(state);
      planRedirects(state);
      await writePosts(state);
      report.redirects = await writeRedirects(state);
      for (const other of scan.others) report.entries.push({ object: 'other', wpId: other.id, title: other.title, outcome: 'skipped', reason: otherReason(other.postType) });
      if (options.dryRun) throw new DryRunDone();
    });
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  report.finishedAt = new Date().toISOString();
  return report;
}

const REUSABLE_BLOCK_REF = /<!--\s*wp:block\s/;

/** Why an item of another type is not an item in Dove. */
function otherReason(postType: string): string {
  if (postType === 'wp_block') return 'a reusable block: not an item of its own; the posts and pages that use it show its content';
  return `Dove does not import WordPress "${postType}" items`;
}

/**
 * The site the export is of, which keys what earlier imports of it made: its blog's address. In a
 * multisite network (and on WordPress.com, whose exports all name https://wordpress.com/ as the
 * site) the site address is the network's, shared by every blog in it.
 */
export function sourceOf(scan: Scan): string {
  return (scan.channel.baseBlogUrl || scan.channel.baseSiteUrl || scan.channel.link).trim().replace(/\/+$/, '');
}

/**
 * The key earlier versions of the importer gave an export: the site address before the blog's.
 * On WordPress.com and in a multisite network that is the network's address (`https://wordpress.com`).
 */
export function legacySourceOf(scan: Scan): string {
  return (scan.channel.baseSiteUrl || scan.channel.link).trim().replace(/\/+$/, '');
}

/**
 * What earlier imports made of this export. When nothing is stored under its key but there is under
 * the key earlier versions gave it, those rows are this export's: they are used, and re-keyed inside
 * the import's transaction (`legacySource` says from where), so a re-run updates instead of duplicating.
 */
async function loadPrevious(db: Db, scan: Scan, source: string): Promise<{ previous: Map<string, ImportedObject>; legacySource?: string }> {
  const previous = await loadImportedObjects(db, source);
  const legacy = legacySourceOf(scan);
  if (previous.size > 0 || !legacy || legacy === source) return { previous };
  const old = await loadImportedObjects(db, legacy);
  return old.size > 0 ? { previous: old, legacySource: legacy } : { previous };
}

async function carryOverKeys(tx: DbOrTx, from: string, to: string): Promise<string> {
  const moved = await rekeyImportedObjects(tx, from, to);
  return `${moved} objects an earlier import recorded under ${from} (the site address) are now recorded under ${to} (the blog's address), and were updated rather than imported again`;
}

/** Reads each attachment; an unchanged one already imported is not encoded again. */
async function loadAttachments(db: Db, storage: FileStorage, scan: Scan, previous: Map<string, ImportedObject>, options: WordPressImportOptions) {
  const loaded = new Map<string, LoadedAttachment>();
  let n = 0;
  for (const att of scan.attachments.values()) {
    const before = previous.get(`attachment:${att.id}`);
    const stillThere = before && (await rowExists(db, 'files', before.targetId));
    loaded.set(att.id, await loadAttachment(att, storage, options, stillThere ? before.checksum : undefined));
    if (++n % 50 === 0) options.progress?.(`Read ${n} of ${scan.attachments.size} attachments.`);
  }
  return loaded;
}

/** The old site's hosts, worked out once per export (a test is made for every post). */
const oldHostsOfScan = new WeakMap<Scan, Set<string>>();

function oldHostsOf(scan: Scan): Set<string> {
  let hosts = oldHostsOfScan.get(scan);
  if (!hosts) {
    // The attachments' own hosts too: WordPress.com serves a blog's uploads from <blog>.files.wordpress.com.
    const attachmentUrls = [...scan.attachments.values()].map((a) => a.url);
    hosts = new Set([scan.channel.baseSiteUrl, scan.channel.baseBlogUrl, scan.channel.link, ...attachmentUrls].map((u) => {
      try {
        return new URL(u).host.toLowerCase();
      } catch {
        return '';
      }
    }));
    hosts.delete('');
    oldHostsOfScan.set(scan, hosts);
  }
  return hosts;
}

/** Whether an address is on the old site (its hosts, or a path without one). */
function oldSiteTest(scan: Scan): (url: string) => boolean {
  const oldHosts = oldHostsOf(scan);
  return (url) => {
    try {
      const parsed = new URL(url, 'http://old.invalid');
      return parsed.host === 'old.invalid' || oldHosts.has(parsed.host.toLowerCase());
    } catch {
      return false;
    }
  };
}

interface LinkedUpload {
  /** The first address a post wrote it with, made absolute on the old site. */
  url: string;
  loaded: LoadedAttachment;
}

/**
 * The documents posts link to in the old site's uploads folder without an attachment of the
 * export for them (an attachment's file is read with the attachments): each is read once, from
 * the uploads folder or its old address, and checked by content like any upload, outside the
 * transaction.
 */
async function loadLinkedUploads(scan: Scan, source: string, storage: FileStorage, options: WordPressImportOptions): Promise<Map<string, LinkedUpload>> {
  const isOld = oldSiteTest(scan);
  const ofAttachments = new Set([...scan.attachments.values()].map((a) => imagePathKey(a.url)));
  const linked = new Map<string, LinkedUpload>();
  for (const post of scan.posts) {
    for (const written of post.uploadLinks) {
      const key = imagePathKey(written);
      if (!key || !isOld(written) || ofAttachments.has(key) || linked.has(key)) continue;
      let url: string;
      try {
        url = new URL(written, `${source}/`).href;
      } catch {
        continue;
      }
      const pseudo: ScannedAttachment = { id: key, title: '', link: '', url, file: '', alt: '', caption: '', parent: '', locale: undefined };
      linked.set(key, { url, loaded: await loadAttachment(pseudo, storage, options, undefined) });
    }
  }
  return linked;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A document's address in Dove: served while a published item links to it or a publication offers it. */
function documentAddress(bytes: Buffer, name: string): string {
  return `/files/${sha256Hex(bytes)}/${encodeURIComponent(name)}`;
}

/** Stores the linked documents (once each: the storage and the files table keep one copy of the same bytes) and notes where they are now. */
async function writeLinkedUploads(state: ImportState, linked: Map<string, LinkedUpload>) {
  for (const [key, { url, loaded: got }] of linked) {
    // The key is decoded already (imagePathKey).
    const title = key.split('/').pop() || key;
    if (!got.ok || got.kind !== 'document') {
      const problem = got.ok ? 'it is a picture under a name that is not a picture\'s' : got.problem;
      state.uploadProblems.set(key, problem);
      state.entries.push({ object: 'attachment', wpId: url, title, outcome: 'skipped', reason: `a file a post links to: ${problem}` });
      continue;
    }
    const before = state.previous.get(`upload:${key}`);
    const exists = before !== undefined && (await rowExists(state.tx, 'files', before.targetId));
    const outcome = outcomeOf(state, 'upload', key, got.checksum, exists);
    if (outcome !== 'unchanged' && !state.options.dryRun) {
      const fileId = await storeAttachment(state, undefined, got, { alt: '', title: '', caption: '' });
      await remember(state, 'upload', key, 'file', fileId, null, got.checksum);
    }
    const address = documentAddress(got.bytes, got.name);
    state.documentByPath.set(key, address);
    state.entries.push({ object: 'attachment', wpId: url, title: got.name, outcome, address, reason: 'a file in the uploads folder that a post links to (not an attachment of the export): its links now lead to this copy' });
  }
}

/**
 * What WordPress adds to an upload's name for its copies: `-300x200` for a resized one, and since
 * 5.3 `-scaled` (a large original made smaller) and `-rotated`, whose own resized copies are named
 * after the original (`photo-1024x683.jpg` beside the attached `photo-scaled.jpg`).
 */
const RESIZED_SUFFIX = /(?:-\d+x\d+|-scaled|-rotated)+(\.[a-z0-9]+)$/;

/** The path part of an old upload's address, without what WordPress adds to the names of its copies. */
function imagePathKey(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://old.invalid').pathname).toLowerCase().replace(RESIZED_SUFFIX, '$1');
  } catch {
    return undefined;
  }
}

async function writeAttachments(state: ImportState, loaded: Map<string, LoadedAttachment>) {
  const { tx } = state;
  for (const att of state.scan.attachments.values()) {
    const got = loaded.get(att.id)!;
    if (!got.ok) {
      const key = imagePathKey(att.url);
      if (key) state.uploadProblems.set(key, got.problem);
      state.entries.push({ object: 'attachment', wpId: att.id, title: att.title || att.url, outcome: 'skipped', reason: got.problem });
      continue;
    }
    const before = state.previous.get(`attachment:${att.id}`);
    const exists = before !== undefined && (await rowExists(tx, 'files', before.targetId));
    const outcome = outcomeOf(state, 'attachment', att.id, got.checksum, exists);
    let fileId = before?.targetId ?? 0;
    if (outcome !== 'unchanged') fileId = await storeAttachment(state, att.locale, got, att);
    if (outcome !== 'unchanged' && !state.options.dryRun) await remember(state, 'attachment', att.id, 'file', fileId, att.locale ?? null, got.checksum);
    const src = got.kind === 'image' && fileId > 0 ? await largestJpeg(tx, fileId) : undefined;
    state.files.set(att.id, { fileId, ...(src ? { src } : {}) });
    const key = imagePathKey(att.url);
    if (src && key) state.imageByPath.set(key, src);
    if (got.kind === 'document' && key) state.documentByPath.set(key, documentAddress(got.bytes, got.name));
    const reason = got.kind === 'document' ? 'a document: it is in the media library, and the posts that link to it lead to it there' : !att.alt ? 'no alt text in WordPress: the title was used; check it in the media library' : undefined;
    state.entries.push({ object: 'attachment', wpId: att.id, title: att.title || got.name, outcome, ...(reason ? { reason } : {}), ...(src ? { address: src } : {}) });
  }
}

async function largestJpeg(tx: DbOrTx, fileId: number): Promise<string | undefined> {
  const [largest] = await findJpegVariants(tx, fileId);
  return largest ? variantUrl(largest.sha256, 'jpeg') : undefined;
}

/** Records the file (in a dry run, nothing: id 0); its alt text goes to the attachment's language. */
async function storeAttachment(state: ImportState, locale: string | undefined, got: Extract<LoadedAttachment, { ok: true }>, att: { alt: string; title: string; caption: string }): Promise<number> {
  if (state.options.dryRun) return 0;
  const { tx } = state;
  if (got.kind === 'document') return storeDocument(tx, state.storage, got.bytes, got.name, got.mime);
  const alt = (att.alt || att.title).slice(0, 500);
  const lang = locale ?? state.options.defaultLocale;
  const { id, created } = await recordImage(tx, got.prepared!, got.name, alt ? [{ locale: lang, alt, caption: att.caption || null }] : []);
  if (!created && alt) {
    // The same picture in another language (Polylang's media translations): add that language's text.
    const texts = await findAltTexts(tx, id);
    if (!texts.some((t) => t.locale === lang)) await replaceAltTexts(tx, id, [...texts, { locale: lang, alt, caption: att.caption || null }]);
  }
  if (created) await writeAudit(tx, { actor: IMPORT_ACTOR, action: 'file.upload', subjectType: 'file', subjectId: String(id), after: { name: got.name, mime: 'image/jpeg' } });
  return id;
}

async function uniqueSlugFor(state: ImportState, type: ContentTypeDescriptor, base: string, fallback: string, id: number | undefined, taken: Set<string>) {
  const slug = await uniqueSlug(base || fallback, async (s) => taken.has(`${type.key}:${s}`) || (await isSlugTaken(state.tx, type, s, id)));
  taken.add(`${type.key}:${slug}`);
  return slug;
}

async function writeTopics(state: ImportState) {
  const { topics, topicOfTerm, skipped } = planTopics(state.scan, state.options.locales, state.options.defaultLocale);
  for (const s of skipped) state.entries.push({ object: 'topic', wpId: s.id, title: s.title, outcome: 'skipped', reason: s.reason });
  const type = descriptorOf('topic');
  const taken = new Set<string>();
  const idOfGroup = new Map<string, number>();
  for (const topic of topics.values()) idOfGroup.set(topic.key, await writeTopic(state, type, topic, taken));
  for (const [termKey, group] of topicOfTerm) state.topicIds.set(termKey, idOfGroup.get(group)!);
}

async function writeTopic(state: ImportState, type: ContentTypeDescriptor, topic: TopicPlan, taken: Set<string>): Promise<number> {
  const { tx } = state;
  const lead = topic.terms[0]!;
  const before = topic.terms.map((t) => state.previous.get(`term:${t.id}`)).find(Boolean);
  const imported = before && (await rowExists(tx, 'topics', before.targetId)) ? before.targetId : undefined;
  // A topic of the same slug that the site already had is the same subject: its names stay, missing languages are added.
  const joined = imported === undefined && topic.slugBase ? await findTopicIdBySlug(tx, topic.slugBase) : undefined;
  const existing = imported ?? joined;
  const current = existing === undefined ? undefined : await currentSnapshot(tx, type, existing);
  const slug = current ? String(current.item.slug) : await uniqueSlugFor(state, type, topic.slugBase, `topic-${lead.id}`, undefined, taken);
  const names = Object.entries(topic.names).filter(([l]) => joined === undefined || !current?.translations[l]);
  const checksum = checksumOf({ names: topic.names, slug });
  const outcome = outcomeOf(state, 'term', lead.id, checksum, imported !== undefined);
  let id = existing ?? 0;
  if (outcome !== 'unchanged') {
    if (names.length || existing === undefined) {
      const translations = { ...(current?.translations ?? {}), ...Object.fromEntries(names.map(([l, name]) => [l, { name }])) };
      const before = existing === undefined || !current ? undefined : { id: existing, snapshot: current };
      id = await saveImportedItem(tx, state.storage, type, before, { item: { ...(current?.item ?? { sortOrder: 0 }), slug }, translations, topicIds: [] }, state.now);
    }
    for (const t of topic.terms) await remember(state, 'term', t.id, 'topic', id, t.locale ?? null, checksum);
  }
  const reason = joined !== undefined && outcome === 'imported' ? 'joined the topic the site already had under this slug' : undefined;
  for (const t of topic.terms) {
    state.entries.push({ object: 'topic', wpId: t.id, title: t.name, outcome, address: `/${t.locale ?? state.options.defaultLocale}${publicPathOf('topic', slug)}`, ...(reason ? { reason } : {}) });
  }
  return id;
}

/** Each item's slug before anything is written, so links and redirects can name every new address. */
async function assignSlugs(state: ImportState) {
  const taken = new Set<string>();
  const assign = async (group: GroupPlan, depth: number): Promise<string> => {
    const known = state.items.get(group.key);
    if (known) return known.slug;
    const type = descriptorOf(group.type);
    const id = await existingItemOf(state, group);
    const current = id === undefined ? undefined : await currentSnapshot(state.tx, type, id);
    let slug: string;
    if (current) slug = String(current.item.slug);
    else {
      const parent = group.parentGroup && depth < 10 ? state.plan.groups.get(group.parentGroup) : undefined;
      const prefix = parent ? `${await assign(parent, depth + 1)}/` : '';
      const own = group.slugBase || `${group.type === 'news' ? 'news' : 'page'}-${group.members[0]!.id}`;
      slug = await uniqueSlugFor(state, type, `${prefix}${own}`, `${prefix}${own}`, undefined, taken);
    }
    state.items.set(group.key, { id, slug });
    return slug;
  };
  for (const group of state.plan.groups.values()) await assign(group, 0);
}

async function existingItemOf(state: ImportState, group: GroupPlan): Promise<number | undefined> {
  for (const m of group.members) {
    const before = state.previous.get(`post:${m.id}`);
    if (before && before.targetType === group.type && (await rowExists(state.tx, descriptorOf(group.type).table, before.targetId))) return before.targetId;
  }
  return undefined;
}

/** The second pass: each post or page is written as its language of its Dove item, with its comments. */
async function writePosts(state: ImportState) {
  for (const s of state.plan.skipped) {
    const post = state.scan.posts.find((p) => p.id === s.id);
    state.entries.push({ object: post?.kind ?? 'post', wpId: s.id, title: s.title, outcome: 'skipped', reason: s.reason });
  }
  const posts = new Map(state.scan.posts.map((p) => [p.id, p]));
  let n = 0;
  await readWxr(state.options.file, async (record) => {
    if (record.kind !== 'item') return;
    const group = state.plan.groups.get(state.plan.groupOfPost.get(record.item.postId) ?? '');
    if (!group) return;
    await writePost(state, group, posts.get(record.item.postId)!, record.item);
    if (++n % 500 === 0) state.options.progress?.(`Wrote ${n} posts and pages.`);
  });
}

function linksFor(state: ImportState, post: ScannedPost): ContentLinks {
  const isOld = oldSiteTest(state.scan);
  return {
    imageSrc: (url) => (isOld(url) ? state.imageByPath.get(imagePathKey(url) ?? '') : undefined),
    pageHref: (url) => {
      if (!isOld(url) || url.startsWith('#')) return undefined;
      const document = state.documentByPath.get(imagePathKey(url) ?? '');
      if (document) return document;
      const key = redirectKeyOf(url);
      return (key && state.redirects.get(key)) ?? state.imageByPath.get(imagePathKey(url) ?? '');
    },
    galleryImages: (ids) => {
      const chosen = ids.length ? ids : [...state.scan.attachments.values()].filter((a) => a.parent === post.id).map((a) => a.id);
      return chosen.flatMap((id) => {
        const src = state.files.get(id)?.src;
        const att = state.scan.attachments.get(id);
        return src ? [{ src, alt: att?.alt || att?.title || '' }] : [];
      });
    },
    reusableBlock: (id) => state.scan.reusableBlocks.get(id),
  };
}

async function writePost(state: ImportState, group: GroupPlan, post: ScannedPost, item: WxrItem) {
  const { tx } = state;
  const type = descriptorOf(group.type);
  const target = state.items.get(group.key)!;
  const locale = post.locale!;
  const coverFileId = group.type === 'news' ? (group.thumbnailIds.map((id) => state.files.get(id)).find((f) => f?.src && f.fileId > 0)?.fileId ?? null) : undefined;
  const topicIds = group.type === 'news' ? [...new Set(group.termKeys.map((k) => state.topicIds.get(k)).filter((id): id is number => id !== undefined && id > 0))].sort((a, b) => a - b) : [];
  const itemFields: Record<string, unknown> = {
    slug: target.slug, status: group.status, publishedAt: group.publishedAt,
    ...(group.type === 'news' ? { kind: state.options.newsKind, commentsEnabled: group.commentsOpen ? 1 : 0, coverFileId } : {}),
  };
  const isOld = oldSiteTest(state.scan);
  const uploads = post.uploadLinks.filter(isOld).map((url) => ({ url, key: imagePathKey(url) ?? '' }));
  // Where its documents are now is part of what the post became: one found on a later run updates it.
  const documents = uploads.map(({ key }) => state.documentByPath.get(key) ?? null);
  // The reusable blocks it shows are part of its text: one edited since updates it.
  const blocks = REUSABLE_BLOCK_REF.test(item.content) ? checksumOf(inlineReusableBlocks(item.content, linksFor(state, post))) : undefined;
  const checksum = checksumOf({ item: post.checksum, itemFields, topicIds, ...(uploads.length ? { documents } : {}), ...(blocks ? { blocks } : {}) });
  const exists = target.id !== undefined;
  const outcome = outcomeOf(state, 'post', post.id, checksum, exists);
  const address = addressOf(group, target.slug, locale);
  const notes: string[] = [];
  if (post.passwordProtected) notes.push('password-protected in WordPress: imported as a draft (Dove has no per-item passwords)');
  else if (post.status === 'private') notes.push('private in WordPress: imported as a draft');
  if (!post.title) notes.push('it had no title in WordPress');
  if (post.thumbnailId && group.type === 'news' && coverFileId === null) notes.push(`its featured image (attachment ${post.thumbnailId}) was not imported`);
  for (const { url, key } of uploads) {
    const problem = state.documentByPath.has(key) ? undefined : state.uploadProblems.get(key);
    if (problem) notes.push(`its link to ${url} was left as it was (${problem})`);
  }
  if (outcome !== 'unchanged') {
    const current = target.id === undefined ? undefined : await currentSnapshot(tx, type, target.id);
    const fresh = { licence: LICENCE_IDS[0], ...(group.type === 'news' ? { externalUrl: null, outlet: null } : {}) };
    const translation = {
      title: (post.title || htmlToText(item.content).slice(0, 80) || `${post.kind} ${post.id}`).slice(0, 300),
      summary: cleanExcerpt(item.excerpt),
      bodyHtml: cleanWordPressContent(item.content, linksFor(state, post)),
    };
    const snapshot = {
      item: { ...(current?.item ?? fresh), ...itemFields },
      translations: { ...(current?.translations ?? {}), [locale]: translation },
      topicIds,
    };
    const before = target.id === undefined || !current ? undefined : { id: target.id, snapshot: current };
    target.id = await saveImportedItem(tx, state.storage, type, before, snapshot, state.now);
    await remember(state, 'post', post.id, group.type, target.id, locale, checksum);
  }
  state.entries.push({ object: post.kind, wpId: post.id, title: post.title, outcome, address, ...(notes.length ? { reason: notes.join('; ') } : {}) });
  await writeComments(state, group, post, item.comments, target.id ?? 0);
}

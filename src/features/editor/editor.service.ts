import type { Db, DbOrTx } from '../../db/database.js';
import { slugFromTitle, uniqueSlug } from '../../i18n/slug.js';
import type { SessionUser } from '../accounts/session-user.js';
import { writeAudit } from '../audit/audit.repository.js';
import { findImagesMissingAltText } from '../media-library/media-library.repository.js';
import type { FileStorage } from '../media/storage.js';
import { reindexItem } from '../search/search.indexer.js';
import { checkAttachments } from './editor.attachments.js';
import type { FieldErrors } from './editor.form-data.js';
import type { Intent, ItemInput } from './editor.form.js';
import {
  deleteItem,
  findItemById,
  findLastAuditAction,
  isLibraryImage,
  isSlugTaken,
  claimScheduledItem,
  listDueScheduled,
  updateItemStatus,
  writeItem,
  type ItemSnapshot,
} from './editor.repository.js';
import { CONTENT_TYPES, type ContentTypeDescriptor } from './editor.types.js';
import { findCurrentVersion, findRevision, insertRevision } from './revisions.repository.js';

/** What a change needs besides the database: who makes it and where files live (for reindexing). */
export interface ChangeContext {
  db: Db;
  storage: FileStorage;
  actor: { id: number; name: string; email: string };
}

export type SaveResult =
  | { outcome: 'saved'; id: number; version: number }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'conflict'; currentVersion: number }
  | { outcome: 'missing' };

/** Thrown inside a transaction to roll it back and answer with the outcome it carries. */
class Refused extends Error {
  constructor(readonly result: SaveResult) {
    super(result.outcome);
  }
}

export const actorOf = (user: SessionUser) => ({ id: user.id, name: user.name, email: user.email });

/** The status and date an item gets from the button pressed, its date and the clock. */
function nextState(type: ContentTypeDescriptor, intent: Intent, before: ItemSnapshot | undefined, publishedAt: string | null, now: string) {
  if (type.workflow === 'none') return {};
  const current = (before?.item.status as string | undefined) ?? 'draft';
  if (type.workflow === 'status') {
    return { status: intent === 'publish' ? 'published' : intent === 'submit' ? 'in_review' : current };
  }
  const date = publishedAt ?? (before?.item.publishedAt as string | null | undefined) ?? null;
  if (intent === 'submit') return { status: 'in_review', publishedAt: date };
  const goesPublic = intent === 'publish' || current === 'published' || current === 'scheduled';
  if (!goesPublic) return { status: current, publishedAt: date };
  const when = date ?? now;
  return { status: when > now ? 'scheduled' : 'published', publishedAt: when };
}

/** Records a change: the revision, the audit row and the search index, in the caller's transaction. */
async function recordChange(
  tx: DbOrTx,
  ctx: ChangeContext,
  type: ContentTypeDescriptor,
  id: number,
  version: number,
  action: string,
  before: ItemSnapshot | undefined,
  now: string,
): Promise<ItemSnapshot | undefined> {
  const after = (await findItemById(tx, type, id))?.snapshot;
  if (after) {
    await insertRevision(tx, { contentType: type.key, itemId: id, version, snapshot: after, authorId: ctx.actor.id, authorName: ctx.actor.name, now });
  }
  await writeAudit(tx, { actor: ctx.actor.email, action, subjectType: type.key, subjectId: String(id), before, after });
  if (type.search) await reindexItem(tx, type.key, id, { storage: ctx.storage });
  return after;
}

/** The item's image fields (a cover, a person's portrait, an organisation's logo). */
const imageFields = (type: ContentTypeDescriptor) => type.fields.filter((f) => f.widget === 'image').map((f) => f.name);

/**
 * Each image field (cover, portrait, logo) must name an image of the media library, and an item
 * going public (published or scheduled) needs the image's alt text in each language it is
 * written in: readers of that language would otherwise get an image they cannot have described
 * to them.
 */
async function checkImages(tx: DbOrTx, type: ContentTypeDescriptor, input: ItemInput, status: string | undefined): Promise<FieldErrors | undefined> {
  const errors: FieldErrors = {};
  for (const name of imageFields(type)) {
    const fileId = input.item[name];
    if (typeof fileId !== 'number') continue;
    if (!(await isLibraryImage(tx, fileId))) errors[name] = 'invalidChoice';
    else if (status === 'published' || status === 'scheduled') {
      const missing = await findImagesMissingAltText(tx, [fileId], Object.keys(input.translations));
      if (missing.length) errors[name] = 'coverAltMissing';
    }
  }
  return Object.keys(errors).length ? errors : undefined;
}

/** Whether readers would see the item's images: every image it shows has alt text in its languages. */
async function hasUndescribedImages(tx: DbOrTx, type: ContentTypeDescriptor, snapshot: ItemSnapshot): Promise<boolean> {
  const images = [...imageFields(type).map((name) => snapshot.item[name] as number | null | undefined), ...(snapshot.photoIds ?? [])];
  return (await findImagesMissingAltText(tx, images, Object.keys(snapshot.translations))).length > 0;
}

const isPublic = (status: unknown) => status === 'published' || status === 'scheduled';

/** A unique slug: the one typed, or one made from the first title. */
async function resolveSlug(tx: DbOrTx, type: ContentTypeDescriptor, input: ItemInput, id: number | undefined, before?: ItemSnapshot): Promise<string | FieldErrors> {
  // An address once given stays, unless someone types a new one: links to it keep working.
  if (!input.slug && before?.item.slug) return String(before.item.slug);
  if (input.slug) return (await isSlugTaken(tx, type, input.slug, id)) ? { slug: 'slugTaken' } : input.slug;
  const first = Object.values(input.translations)[0] ?? {};
  const title = String(input.translations.en?.[type.titleField] ?? first[type.titleField] ?? '');
  const fallback = `${type.key.replace(/_/g, '-')}-${Date.now().toString(36)}`;
  return uniqueSlug(slugFromTitle(title, fallback), (s) => isSlugTaken(tx, type, s, id));
}

/**
 * Creates (id undefined) or updates an item in one transaction: the rows, a revision, the
 * audit row (before → after) and the search index. Refuses a save made over a version other
 * than `baseVersion`, so nothing is silently overwritten.
 */
export async function saveItem(
  ctx: ChangeContext,
  type: ContentTypeDescriptor,
  id: number | undefined,
  input: ItemInput,
  intent: Intent,
  baseVersion: number,
  now = new Date().toISOString(),
): Promise<SaveResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const before = id === undefined ? undefined : (await findItemById(tx, type, id))?.snapshot;
      if (id !== undefined && !before) throw new Refused({ outcome: 'missing' });
      const current = id === undefined ? 0 : await findCurrentVersion(tx, type.key, id);
      if (current !== baseVersion) throw new Refused({ outcome: 'conflict', currentVersion: current });
      const slug = await resolveSlug(tx, type, input, id, before);
      if (typeof slug !== 'string') throw new Refused({ outcome: 'invalid', errors: slug });
      const state = nextState(type, intent, before, input.publishedAt, now);
      const imageErrors = await checkImages(tx, type, input, state.status);
      if (imageErrors) throw new Refused({ outcome: 'invalid', errors: imageErrors });
      const fileErrors = await checkAttachments(tx, input, Object.keys(input.translations), isPublic(state.status));
      if (fileErrors) throw new Refused({ outcome: 'invalid', errors: fileErrors });
      const attachments = { ...(input.documents ? { documents: input.documents } : {}), ...(input.photoIds ? { photoIds: input.photoIds } : {}) };
      const snapshot: ItemSnapshot = { item: { ...input.item, slug, ...state }, translations: input.translations, topicIds: input.topicIds, ...attachments };
      const savedId = await writeItem(tx, type, id, snapshot, now);
      const action = id === undefined ? 'content.create' : `content.${intent === 'save' ? 'update' : intent}`;
      await recordChange(tx, ctx, type, savedId, current + 1, action, before, now);
      return { outcome: 'saved' as const, id: savedId, version: current + 1 };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    // Two saves from the same version: the unique (type, item, version) key lets one through.
    if (id !== undefined && /unique|duplicate/i.test(String((error as Error).message))) {
      return { outcome: 'conflict', currentVersion: await findCurrentVersion(ctx.db, type.key, id) };
    }
    throw error;
  }
}

/** Unpublishes (back to draft): the item leaves the site and the search index. */
export async function unpublishItem(ctx: ChangeContext, type: ContentTypeDescriptor, id: number, now = new Date().toISOString()): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await findItemById(tx, type, id);
    if (!before || type.workflow === 'none') return false;
    await updateItemStatus(tx, type, id, { status: 'draft' }, now);
    await recordChange(tx, ctx, type, id, (await findCurrentVersion(tx, type.key, id)) + 1, 'content.unpublish', before.snapshot, now);
    return true;
  });
}

export async function removeItem(ctx: ChangeContext, type: ContentTypeDescriptor, id: number, now = new Date().toISOString()): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await findItemById(tx, type, id);
    if (!before) return false;
    await deleteItem(tx, type, id);
    await recordChange(tx, ctx, type, id, 0, 'content.delete', before.snapshot, now);
    return true;
  });
}

/**
 * Brings back the texts and fields of an old version as a new revision. The workflow state
 * stays as it is now: restoring words never publishes or unpublishes by itself. A public item
 * is not restored to a version that would show an image without alt text (`invalid`, with
 * `_restore: 'restoreAltMissing'`).
 */
export async function restoreRevision(
  ctx: ChangeContext,
  type: ContentTypeDescriptor,
  id: number,
  version: number,
  now = new Date().toISOString(),
): Promise<SaveResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const before = await findItemById(tx, type, id);
      const old = await findRevision(tx, type.key, id, version);
      if (!before || !old) throw new Refused({ outcome: 'missing' });
      const { status, publishedAt } = before.snapshot.item;
      const item: Record<string, unknown> = { ...old.snapshot.item, ...(type.workflow === 'none' ? {} : { status }), ...(type.workflow === 'full' ? { publishedAt } : {}) };
      if (await isSlugTaken(tx, type, String(item.slug), id)) item.slug = before.snapshot.item.slug;
      await writeItem(tx, type, id, { ...old.snapshot, item }, now);
      // Checked on what was written: a revision without attachments keeps the current ones.
      const restored = (await findItemById(tx, type, id))!.snapshot;
      if (isPublic(status) && (await hasUndescribedImages(tx, type, restored))) throw new Refused({ outcome: 'invalid', errors: { _restore: 'restoreAltMissing' } });
      const current = await findCurrentVersion(tx, type.key, id);
      await recordChange(tx, ctx, type, id, current + 1, 'content.restore', before.snapshot, now);
      return { outcome: 'saved' as const, id, version: current + 1 };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

/**
 * Publishes every scheduled item whose time has come, each in its own transaction with its
 * revision, audit row and index update. An item showing an image without alt text in one of
 * its languages stays scheduled, with a `publish.blocked` audit row (written once, not on
 * every pass, until something else happens to it). Returns how many went public.
 */
export async function publishDueItems(ctx: ChangeContext, now = new Date().toISOString()): Promise<number> {
  let published = 0;
  for (const type of CONTENT_TYPES.filter((t) => t.workflow === 'full')) {
    for (const id of await listDueScheduled(ctx.db, type, now)) {
      const done = await ctx.db.transaction().execute(async (tx) => {
        // Claimed inside the transaction: an editor may have unpublished it meanwhile, and another
        // server may be publishing it at this moment.
        if (!(await claimScheduledItem(tx, type, id))) return false;
        const before = await findItemById(tx, type, id);
        if (!before) return false;
        if (await hasUndescribedImages(tx, type, before.snapshot)) {
          await recordBlocked(tx, ctx, type, id);
          return false;
        }
        await updateItemStatus(tx, type, id, { status: 'published' }, now);
        await recordChange(tx, ctx, type, id, (await findCurrentVersion(tx, type.key, id)) + 1, 'content.publish_scheduled', before.snapshot, now);
        return true;
      });
      if (done) published += 1;
    }
  }
  return published;
}

const BLOCKED_REASON = 'An image of the item has no alt text in every language the item is written in.';

async function recordBlocked(tx: DbOrTx, ctx: ChangeContext, type: ContentTypeDescriptor, id: number): Promise<void> {
  if ((await findLastAuditAction(tx, type.key, id)) === 'publish.blocked') return;
  await writeAudit(tx, { actor: ctx.actor.email, action: 'publish.blocked', subjectType: type.key, subjectId: String(id), after: { reason: BLOCKED_REASON } });
}

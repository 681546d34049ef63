import { decodeEntities } from './wordpress-content.js';
import { insertApprovedComment, rowExists, updateImportedComment } from './wordpress-import.repository.js';
import { outcomeOf, remember, type ImportState } from './wordpress-import.state.js';
import type { GroupPlan } from './wordpress-plan.js';
import { checksumOf, isoOfWordPressDate, type ScannedPost } from './wordpress-scan.js';
import type { WxrComment } from './wxr-reader.js';

/** WordPress's notices from other sites; not readers' comments. */
const PINGS = new Set(['pingback', 'trackback']);

/** Approved comments, as approved comments of the post's language; the rest are reported. */
export async function writeComments(state: ImportState, group: GroupPlan, post: ScannedPost, comments: WxrComment[], itemId: number) {
  for (const c of comments) {
    const entry = { object: 'comment' as const, wpId: c.id, title: `${decodeEntities(c.author) || 'Anonymous'} on "${post.title}"` };
    const skip = PINGS.has(c.type) ? `a ${c.type}, not a reader's comment`
      : c.approved !== '1' ? `not approved in WordPress (${c.approved === '0' ? 'pending' : c.approved})`
      : group.type !== 'news' ? 'Dove takes comments on news and publications, not on pages'
      : undefined;
    if (skip) {
      state.entries.push({ ...entry, outcome: 'skipped', reason: skip });
      continue;
    }
    const comment = {
      newsPostId: itemId, locale: post.locale!, authorName: (decodeEntities(c.author).trim() || 'Anonymous').slice(0, 200),
      authorEmail: c.authorEmail.trim().slice(0, 320), body: commentText(c.content),
      createdAt: isoOfWordPressDate(c.dateGmt) ?? isoOfWordPressDate(c.date) ?? state.now,
    };
    const checksum = checksumOf(comment);
    const before = state.previous.get(`comment:${c.id}`);
    const exists = before !== undefined && (await rowExists(state.tx, 'comments', before.targetId));
    const outcome = outcomeOf(state, 'comment', c.id, checksum, exists);
    if (outcome === 'imported') {
      await remember(state, 'comment', c.id, 'comment', await insertApprovedComment(state.tx, comment, state.now), post.locale!, checksum);
    } else if (outcome === 'changed') {
      await updateImportedComment(state.tx, before!.targetId, comment);
      await remember(state, 'comment', c.id, 'comment', before!.targetId, post.locale!, checksum);
    }
    state.entries.push({ ...entry, outcome });
  }
}

/** A comment is plain text in Dove: WordPress's tags dropped, its paragraphs kept as blank lines. */
function commentText(html: string): string {
  const text = html.replace(/\r\n?/g, '\n').replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>\s*/gi, '\n\n').replace(/<[^>]*>/g, '');
  return decodeEntities(text).replace(/\n{3,}/g, '\n\n').trim().normalize('NFC').slice(0, 5000);
}

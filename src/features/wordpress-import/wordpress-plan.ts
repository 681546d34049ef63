import { slugify } from '../../i18n/slug.js';
import { redirectKeyOf } from '../redirects/redirect-paths.js';
import type { PostKind, Scan, ScannedPost, ScannedTerm } from './wordpress-scan.js';

/**
 * Decisions made from the first pass alone: which WordPress posts form one Dove item (a post and
 * its translations), which are left out and why, each item's status and date, and the slug the
 * export suggests. Pure: the service adds what the database knows (slugs taken, earlier imports).
 */

export type DoveTypeKey = 'news' | 'page';
export const DOVE_TYPE_OF: Record<PostKind, DoveTypeKey> = { post: 'news', page: 'page' };

/** WordPress statuses Dove imports, and what they become. */
const STATUS_RANK: Record<string, number> = { publish: 3, future: 2, pending: 1, draft: 0, private: 0 };

export interface GroupPlan {
  key: string;
  type: DoveTypeKey;
  /** Members imported, in the order of the site's languages; the first leads (slug, date). */
  members: ScannedPost[];
  status: 'published' | 'scheduled' | 'in_review' | 'draft';
  /** The leading post's date (see ScannedPost.date). */
  publishedAt: string | null;
  /** The slug suggested by the export (before checks against slugs taken). */
  slugBase: string;
  /** For pages: the group of the parent page, for a nested slug. */
  parentGroup: string | undefined;
  commentsOpen: boolean;
  thumbnailIds: string[];
  termKeys: string[];
}

export interface Skipped {
  id: string;
  title: string;
  reason: string;
}

export interface ExportPlan {
  groups: Map<string, GroupPlan>;
  /** Posts and pages left out, with the reason. */
  skipped: Skipped[];
  /** Post id → its group key, for members only. */
  groupOfPost: Map<string, string>;
}

/** A slug from a WordPress post name (percent-encoded when not ASCII), by Dove's slug rules; '' when none can be made. */
export function slugOfPostName(postName: string): string {
  let decoded = postName;
  try {
    decoded = decodeURIComponent(postName);
  } catch {
    // A stray `%` is only a character.
  }
  // A name in Khmer (or another script without an agreed romanisation) gives no slug, as Dove's titles do not.
  if (/[^\x20-\x7e]/.test(decoded.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))) return '';
  return slugify(decoded.replace(/-+/g, ' '), '');
}

function statusOf(rank: number): GroupPlan['status'] {
  return rank === 3 ? 'published' : rank === 2 ? 'scheduled' : rank === 1 ? 'in_review' : 'draft';
}

function skipReason(post: ScannedPost, locales: readonly string[]): string | undefined {
  if (!(post.status in STATUS_RANK)) return `its WordPress status is "${post.status}" (only publish, future, pending, draft and private are imported)`;
  if (!post.locale) return `its language "${post.languageCode}" is not one of this site's languages (${locales.join(', ')})`;
  return undefined;
}

export function planExport(scan: Scan, locales: readonly string[]): ExportPlan {
  const skipped: Skipped[] = [];
  const byGroup = new Map<string, ScannedPost[]>();
  for (const post of scan.posts) {
    const reason = skipReason(post, locales);
    if (reason) skipped.push({ id: post.id, title: post.title, reason });
    else byGroup.set(post.group, [...(byGroup.get(post.group) ?? []), post]);
  }
  const groups = new Map<string, GroupPlan>();
  const groupOfPost = new Map<string, string>();
  for (const [key, posts] of byGroup) {
    const plan = planGroup(key, posts, locales, skipped);
    if (!plan) continue;
    groups.set(key, plan);
    for (const m of plan.members) groupOfPost.set(m.id, key);
  }
  for (const plan of groups.values()) {
    const parent = plan.type === 'page' ? plan.members[0]!.parent : '0';
    plan.parentGroup = parent && parent !== '0' ? groupOfPost.get(parent) : undefined;
  }
  return { groups, skipped, groupOfPost };
}

function planGroup(key: string, posts: ScannedPost[], locales: readonly string[], skipped: Skipped[]): GroupPlan | undefined {
  const ordered = [...posts].sort((a, b) => locales.indexOf(a.locale!) - locales.indexOf(b.locale!));
  const type = DOVE_TYPE_OF[ordered[0]!.kind];
  const best = Math.max(...ordered.map((p) => STATUS_RANK[p.status]!));
  const members: ScannedPost[] = [];
  for (const post of ordered) {
    if (DOVE_TYPE_OF[post.kind] !== type) skipped.push({ id: post.id, title: post.title, reason: `it is a ${post.kind} linked as a translation of a ${ordered[0]!.kind}` });
    else if (members.some((m) => m.locale === post.locale)) skipped.push({ id: post.id, title: post.title, reason: `another ${post.locale} post (${members.find((m) => m.locale === post.locale)!.id}) is already the translation in that language` });
    // Dove publishes an item in all its languages at once: a draft translation would go public with it.
    else if (best >= 2 && STATUS_RANK[post.status]! < 2) skipped.push({ id: post.id, title: post.title, reason: `it is a ${post.status} translation of a published item; it would be public in Dove` });
    else members.push(post);
  }
  if (!members.length) return undefined;
  const lead = members[0]!;
  return {
    key,
    type,
    members,
    status: statusOf(best),
    publishedAt: lead.date ?? null,
    slugBase: members.map((m) => slugOfPostName(m.postName) || slugify(m.title, '')).find(Boolean) ?? '',
    parentGroup: undefined,
    commentsOpen: members.some((m) => m.commentsOpen),
    thumbnailIds: members.map((m) => m.thumbnailId).filter(Boolean),
    termKeys: [...new Set(members.flatMap((m) => m.terms))],
  };
}

export interface TopicPlan {
  key: string;
  terms: ScannedTerm[];
  slugBase: string;
  names: Record<string, string>;
}

/** WordPress's default category is not a topic anyone chose. */
export const SKIPPED_TERMS = new Set(['category:uncategorized']);

/** Categories and tags as topics: a term and its Polylang translations are one topic named in each language. */
export function planTopics(scan: Scan, locales: readonly string[], fallbackLocale: string): { topics: Map<string, TopicPlan>; topicOfTerm: Map<string, string>; skipped: Skipped[] } {
  const topics = new Map<string, TopicPlan>();
  const topicOfTerm = new Map<string, string>();
  const skipped: Skipped[] = [];
  for (const [termKey, term] of scan.terms) {
    if (SKIPPED_TERMS.has(termKey)) {
      skipped.push({ id: term.id, title: term.name, reason: 'it is WordPress’s default category' });
      continue;
    }
    const topic = topics.get(term.group) ?? { key: term.group, terms: [], slugBase: '', names: {} };
    const locale = term.locale ?? fallbackLocale;
    if (!topic.names[locale]) topic.names[locale] = term.name.slice(0, 200);
    topic.terms.push(term);
    topics.set(term.group, topic);
    topicOfTerm.set(termKey, term.group);
  }
  for (const topic of topics.values()) {
    const ordered = [...topic.terms].sort((a, b) => locales.indexOf(a.locale ?? fallbackLocale) - locales.indexOf(b.locale ?? fallbackLocale));
    topic.slugBase = ordered.map((t) => slugOfPostName(t.slug) || slugify(t.name, '')).find(Boolean) ?? '';
  }
  return { topics, topicOfTerm, skipped };
}

/** The path of the exported blog (`/blog` for a site at example.org/blog), '' at the root. */
export function blogPathOf(scan: Scan): string {
  try {
    return new URL(scan.channel.baseBlogUrl || scan.channel.link).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/** The old addresses of a post or page: its permalink, its guid and WordPress's query links. */
export function oldKeysOfPost(post: ScannedPost, blogPath: string): string[] {
  const keys = [redirectKeyOf(post.link), redirectKeyOf(`${blogPath}/?p=${post.id}`)];
  if (post.kind === 'page') keys.push(redirectKeyOf(`${blogPath}/?page_id=${post.id}`));
  if (/[?&](p|page_id)=/.test(post.guid)) keys.push(redirectKeyOf(post.guid));
  return keys.filter((k): k is string => Boolean(k));
}

/** The old addresses of a category or tag archive, with Polylang's language prefix when it has one. */
export function oldKeysOfTerm(term: ScannedTerm, blogPath: string, slugPath: string, languageCode: string | undefined): string[] {
  const base = term.taxonomy === 'category' ? 'category' : 'tag';
  const archive = `/${base}/${slugPath}`;
  const keys = [`${blogPath}${archive}`, term.taxonomy === 'category' ? `${blogPath}/?cat=${term.id}` : `${blogPath}/?tag=${term.slug}`];
  if (languageCode) keys.push(`${blogPath}/${languageCode}${archive}`);
  return keys.map((k) => redirectKeyOf(k)).filter((k): k is string => Boolean(k));
}

import { publicPathOf } from '../content-types/content-types.js';
import { STATEMENT_KINDS } from '../news/news.schema.js';
import type { NewsKind } from '../news/news.tables.js';
import { redirectKeyOf } from '../redirects/redirect-paths.js';
import { insertRedirect, listAllRedirects, updateRedirect } from '../redirects/redirects.repository.js';
import type { RedirectCounts } from './wordpress-import.report.js';
import type { ImportState } from './wordpress-import.state.js';
import { oldKeysOfPost, oldKeysOfTerm, type GroupPlan } from './wordpress-plan.js';
import type { Scan } from './wordpress-scan.js';

/** The new address of an item in one of its languages. */
export const addressOf = (group: GroupPlan, slug: string, locale: string) => `/${locale}${publicPathOf(group.type, slug)}`;

/** Old address → new, for posts, pages, attachment pages, category and date archives; never the home pages. */
export function planRedirects(state: ImportState) {
  const homes = new Set(['/', ...state.options.locales.map((l) => `/${l}`)]);
  const add = (key: string, target: string) => {
    if (!homes.has(key) && key !== redirectKeyOf(target) && !state.redirects.has(key)) state.redirects.set(key, target);
  };
  for (const group of state.plan.groups.values()) {
    const { slug } = state.items.get(group.key)!;
    for (const m of group.members) for (const key of oldKeysOfPost(m, state.blogPath)) add(key, addressOf(group, slug, m.locale!));
  }
  for (const [key, locale] of dateArchiveKeys(state)) add(key, newsListPath(locale, state.options.newsKind));
  for (const att of state.scan.attachments.values()) {
    const parentGroup = state.plan.groupOfPost.get(att.parent);
    const group = parentGroup ? state.plan.groups.get(parentGroup) : undefined;
    const member = group?.members.find((m) => m.id === att.parent);
    const target = group && member ? addressOf(group, state.items.get(group.key)!.slug, member.locale!) : state.files.get(att.id)?.src;
    if (!target) continue;
    for (const key of [redirectKeyOf(att.link), redirectKeyOf(`${state.blogPath}/?attachment_id=${att.id}`)]) if (key) add(key, target);
  }
  for (const entry of state.entries) {
    if (entry.object !== 'topic' || !entry.address) continue;
    const term = [...state.scan.terms.values()].find((t) => t.id === entry.wpId);
    if (term) for (const key of oldKeysOfTerm(term, state.blogPath, termSlugPath(state.scan, term.id), term.locale)) add(key, entry.address);
  }
}

/** The list page the imported news posts appear on, in one language. */
function newsListPath(locale: string, kind: NewsKind): string {
  return (STATEMENT_KINDS as readonly NewsKind[]).includes(kind) ? `/${locale}/news/press-releases?kind=${kind}` : `/${locale}/news/in-the-news`;
}

/**
 * WordPress's date archives (`/2019/`, `/2019/05/`, `/2019/05/12/`) of every day a published post
 * was written, each with the locale of its list page: Polylang prefixes the archives of a language
 * other than the default (`/km/2019/05/`); the unprefixed ones are the default language's.
 */
function dateArchiveKeys(state: ImportState): Array<[string, string]> {
  const keys = new Map<string, string>();
  for (const group of state.plan.groups.values()) {
    if (group.type !== 'news' || group.status !== 'published') continue;
    for (const member of group.members) {
      const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(member.date ?? '');
      if (!day) continue;
      const [, year, month, date] = day;
      const prefixes: Array<[string, string]> = [['', state.options.defaultLocale]];
      if (member.languageCode && member.locale) prefixes.push([`/${member.languageCode}`, member.locale]);
      for (const [prefix, locale] of prefixes) {
        for (const path of [`/${year}`, `/${year}/${month}`, `/${year}/${month}/${date}`]) {
          const key = redirectKeyOf(`${state.blogPath}${prefix}${path}/`);
          if (key && !keys.has(key)) keys.set(key, locale);
        }
      }
    }
  }
  return [...keys];
}

/** A category's archive path nests under its parents' slugs (`/category/parent/child/`). */
function termSlugPath(scan: Scan, id: string): string {
  const byId = new Map([...scan.terms.values()].map((t) => [t.id, t]));
  const parts: string[] = [];
  for (let t = byId.get(id), depth = 0; t && depth < 10; t = t.parent ? [...scan.terms.values()].find((p) => p.slug === t!.parent || p.id === t!.parent) : undefined, depth++) {
    parts.unshift(t.slug);
  }
  return parts.join('/');
}


/** Writes the planned redirects; one an editor has made for the same old address is left as it is. */
export async function writeRedirects(state: ImportState): Promise<RedirectCounts> {
  const counts: RedirectCounts = { created: 0, changed: 0, unchanged: 0, keptEditors: 0 };
  const existing = new Map((await listAllRedirects(state.tx)).map((r) => [r.fromPath, r]));
  for (const [fromPath, toPath] of state.redirects) {
    const found = existing.get(fromPath);
    if (!found) {
      await insertRedirect(state.tx, { fromPath, toPath, origin: 'import' }, state.now);
      counts.created += 1;
    } else if (found.toPath === toPath) counts.unchanged += 1;
    else if (found.origin === 'editor') counts.keptEditors += 1;
    else {
      await updateRedirect(state.tx, found.id, { fromPath, toPath }, state.now);
      counts.changed += 1;
    }
  }
  return counts;
}

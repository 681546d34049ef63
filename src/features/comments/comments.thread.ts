import type { FastifyInstance } from 'fastify';
import { isLocale, type Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { createStamp, formGuardKey } from '../form-guard/form-guard.js';
import { presentComment } from './comments.presenter.js';
import { findApprovedThread } from './comments.repository.js';
import type { CommentItemType } from './comments.tables.js';
import type { CommentFormState, CommentThreadProps } from './comments.views.js';

/** Where an item's page is, below the locale; its comment form posts below it. */
export function commentItemPath(type: CommentItemType, slug: string): string {
  return type === 'news' ? `/news/${slug}` : `/publications/${slug}`;
}

/** The form an item's page carries; the same for every visitor, so the page can be cached. */
export function commentFormFor(app: FastifyInstance, type: CommentItemType, itemId: number, slug: string, locale: Locale): CommentFormState {
  return {
    action: localePath(locale, `${commentItemPath(type, slug)}/comments`),
    stamp: createStamp(formGuardKey(app.config), commentFormId(type, itemId)),
  };
}

export const commentFormId = (type: CommentItemType, itemId: number) => `comment:${type}:${itemId}`;

/**
 * What an item's page shows under it: approved comments in the page's language and the form
 * (when the item takes comments). Nothing at all for an item without comments that takes none.
 */
export async function loadCommentThread(
  app: FastifyInstance,
  type: CommentItemType,
  item: { id: number; slug: string; commentsEnabled: number | boolean },
  locale: Locale,
  timeZone: string,
): Promise<CommentThreadProps | undefined> {
  const enabled = Number(item.commentsEnabled) === 1;
  const { comments: rows, counts } = await findApprovedThread(app.db, type, item.id, locale);
  const otherLocales = app.config.locales
    .filter((l) => l !== locale && (counts.get(l) ?? 0) > 0)
    .map((l) => ({ locale: l, count: counts.get(l)!, href: `${localePath(l, commentItemPath(type, item.slug))}#comments` }));
  if (!enabled && rows.length === 0 && otherLocales.length === 0) return undefined;
  return {
    locale,
    timeZone,
    comments: rows.filter((r) => isLocale(r.locale, app.config.locales)).map(presentComment),
    otherLocales,
    form: enabled ? commentFormFor(app, type, item.id, item.slug, locale) : undefined,
  };
}

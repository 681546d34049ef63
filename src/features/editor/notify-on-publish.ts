import fp from 'fastify-plugin';
import { runPeriodically } from '../../periodic-task.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { formatDateTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { writeAudit } from '../audit/audit.repository.js';
import { findItemById } from './editor.repository.js';
import { findContentType } from './editor.types.js';
import { escapeMailHtml } from '../mail/mail-layout.js';
import { subscriberLinksOf } from '../subscribers/links.js';
import {
  claimNotificationRequest,
  deleteNotificationRequest,
  findNotification,
  hasNotificationRequest,
  listNotificationRequests,
  requestNotificationOnPublish,
} from '../subscribers/notifications.repository.js';
import { notifySubscribers } from '../subscribers/notify.js';
import type { SubscriptionTopic } from '../subscribers/subscribers.tables.js';

/** The content types whose publication subscribers may be told about, and the topic of each. */
export const NOTIFY_TOPICS: Readonly<Record<string, SubscriptionTopic>> = { news: 'news', publication: 'publications', event: 'events' };
/** The form field of the editor's "Email subscribers" checkbox. */
export const NOTIFY_FIELD = 'notifySubscribers';
/** How often scheduled items with a notification waiting are checked, in milliseconds. */
export const NOTIFY_CHECK_INTERVAL_MS = 30_000;

export const itemNotificationKey = (typeKey: string, id: number) => `content:${typeKey}:${id}`;

/** What announcing an item needs of the configuration (the app's `config` is one). */
export interface NotifyContext {
  publicUrl: string;
  locales: readonly Locale[];
  timeZone: string;
}

/**
 * Queues the notification about a published item (once per item, whatever happens later:
 * an update or a second publish sends nothing). 'notPublic' when the item is not published.
 */
async function notifyNow(tx: DbOrTx, typeKey: string, id: number, ctx: NotifyContext, actor: string): Promise<number | 'notPublic'> {
  const type = findContentType(typeKey);
  const topic = NOTIFY_TOPICS[typeKey];
  if (!type || !topic) return 'notPublic';
  const found = await findItemById(tx, type, id);
  if (!found || found.snapshot.item.status !== 'published') return 'notPublic';
  const { item, translations } = found.snapshot;
  const slug = String(item.slug);
  const queued = await notifySubscribers(
    tx,
    {
      topic,
      idempotencyKey: itemNotificationKey(typeKey, id),
      compose: (locale) => {
        const text = translations[locale];
        const title = typeof text?.title === 'string' ? text.title : '';
        if (!title) return null;
        const parts: string[] = [];
        if (typeof item.startsAt === 'string') {
          const where = typeof text?.location === 'string' && text.location ? ` · ${text.location}` : '';
          parts.push(`<p><strong>${escapeMailHtml(formatDateTime(item.startsAt, locale, ctx.timeZone) + where)}</strong></p>`);
        }
        if (typeof text?.summary === 'string' && text.summary) parts.push(`<p>${escapeMailHtml(text.summary)}</p>`);
        return { subject: title, title, bodyHtml: parts.join(''), url: `${ctx.publicUrl}/${locale}${type.publicPath(slug)}` };
      },
    },
    { publicUrl: ctx.publicUrl, locales: ctx.locales },
  );
  await writeAudit(tx, { actor, action: 'subscribers.notify', subjectType: type.key, subjectId: String(id), after: { topic, queued } });
  return queued;
}

/**
 * The editor's "Email subscribers" checkbox, after a successful save: a published item is
 * announced now; a scheduled one when it goes public (the check below); a draft, never.
 */
export async function requestItemNotification(db: Db, typeKey: string, id: number, userId: number, ctx: NotifyContext): Promise<void> {
  if (!NOTIFY_TOPICS[typeKey]) return;
  await db.transaction().execute(async (tx) => {
    const type = findContentType(typeKey)!;
    const found = await findItemById(tx, type, id);
    const status = found?.snapshot.item.status;
    if (status === 'published') {
      await notifyNow(tx, typeKey, id, ctx, `user:${userId}`);
    } else if (status === 'scheduled' && !(await findNotification(tx, itemNotificationKey(typeKey, id)))) {
      await requestNotificationOnPublish(tx, typeKey, id, userId, new Date().toISOString());
    }
  });
}

/** Where a failed request is reported (the app's logger). */
export interface NotifyLog {
  error(obj: object, msg: string): void;
}

/**
 * What of an error may be logged: its kind, code and message with anything like an address taken
 * out (the outbox names a bad address in its message), never the database's detail (which can
 * quote a row's values).
 */
const errorSummary = (error: unknown) => {
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  const message = String(e?.message ?? error).replace(/\S*@\S*/g, '[address]').slice(0, 300);
  return { type: String(e?.name ?? 'Error'), message, code: e?.code === undefined ? undefined : String(e.code) };
};

const PAGE = 100;

/**
 * Sends the notifications waiting for scheduled items that have gone public; returns how many
 * items. Each request is handled in its own transaction: one that fails is logged and stays
 * waiting for the next check, and the requests after it are handled all the same.
 */
export async function sendDueItemNotifications(db: Db, ctx: NotifyContext, log?: NotifyLog): Promise<number> {
  let sent = 0;
  let after = 0;
  for (;;) {
    const waiting = await listNotificationRequests(db, after, PAGE);
    for (const request of waiting) {
      after = request.id;
      try {
        const announced = await db.transaction().execute(async (tx) => {
          if (!(await claimNotificationRequest(tx, request.id))) return false;
          const type = findContentType(request.contentType);
          const found = type && (await findItemById(tx, type, request.itemId));
          const status = found?.snapshot.item.status;
          // Still scheduled: wait. Published: announce. Gone or back to draft: the request lapses.
          if (status === 'scheduled') return false;
          let done = false;
          if (status === 'published') {
            await notifyNow(tx, request.contentType, request.itemId, ctx, request.requestedBy === null ? 'system:scheduler' : `user:${request.requestedBy}`);
            done = true;
          }
          await deleteNotificationRequest(tx, request.id);
          return done;
        });
        if (announced) sent += 1;
      } catch (error) {
        log?.error({ request: request.id, contentType: request.contentType, itemId: request.itemId, err: errorSummary(error) }, 'a subscriber notification could not be queued; it is tried again at the next check');
      }
    }
    if (waiting.length < PAGE) return sent;
  }
}

export interface NotifyFieldState {
  /** When the subscribers were emailed about this item, if they were. */
  sentAt?: string | undefined;
  /** A notification waits for the item's publication. */
  waiting: boolean;
}

/** What the editor's checkbox shows for an item: nothing for types without subscribers' topic. */
export async function notifyFieldState(db: DbOrTx, typeKey: string, id: number | undefined): Promise<NotifyFieldState | undefined> {
  if (!NOTIFY_TOPICS[typeKey]) return undefined;
  if (id === undefined) return { waiting: false };
  const [sent, waiting] = await Promise.all([
    findNotification(db, itemNotificationKey(typeKey, id)),
    hasNotificationRequest(db, typeKey, id),
  ]);
  return { sentAt: sent?.createdAt, waiting };
}

/** Checks for scheduled items that went public with a notification waiting: at start, then every interval. */
export const itemNotificationsPlugin = fp(
  async (app) => {
    subscriberLinksOf(app.db, app.config);
    runPeriodically(app, {
      intervalMs: NOTIFY_CHECK_INTERVAL_MS,
      failure: 'subscriber notifications failed',
      run: () => sendDueItemNotifications(app.db, app.config, app.log),
      // Like scheduled publishing: a long list of waiting announcements never holds up the start.
      background: true,
    });
  },
  { name: 'dove-item-notifications' },
);


import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { slugify, uniqueSlug } from '../../i18n/slug.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { escapeMailHtml } from '../mail/mail-layout.js';
import { notifySubscribers } from '../subscribers/notify.js';
import { ALERT_TYPE } from './alert-type.js';
import { alertMailMessages } from './alerts.messages.js';
import { alertPath, paragraphsOf, presentAlertCard } from './alerts.presenter.js';
import {
  findAlertById,
  findAlertBySubmissionKey,
  insertAlert,
  insertAlertUpdate,
  isAlertSlugTaken,
  updateAlertTexts,
  withdrawAlertRow,
  type AlertFacts,
  type AlertRecord,
  type AlertText,
  type UpdateText,
} from './alerts.repository.js';
import type { CaseStatus } from '../hrd-cases/cases.tables.js';

/*
 * Publishing, updating and withdrawing alerts. Each is one transaction: the alert rows, the audit
 * row, the search index and (when asked) the subscribers' messages in the outbox. The caller
 * calls `app.contentChanged()` after the commit.
 */


/** Updates the search index for one alert, in the caller's transaction. */
export type AlertReindex = (tx: DbOrTx, alertId: number) => Promise<void>;

export interface AlertContext {
  /** A transaction is used as it is (the demo seed); otherwise each change opens its own. */
  db: DbOrTx;
  /**
   * Brings the alert's search documents up to date in the transaction of the change (search's
   * `reindexItem`, handed in where features are assembled: search reads alerts, not the reverse).
   */
  reindex: AlertReindex;
  publicUrl: string;
  locales: readonly Locale[];
  /** Null for the demo seed. */
  userId: number | null;
  /** Set "now" in tests and the demo. */
  now?: string;
}

function inTransaction<T>(db: DbOrTx, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

function actorOf(ctx: AlertContext): string {
  return ctx.userId === null ? 'system:seed' : userActor(ctx.userId);
}

/** What the audit log keeps of an alert: its public record only, which is public anyway. */
function snapshot(alert: AlertRecord | undefined) {
  if (!alert) return undefined;
  return {
    slug: alert.slug,
    status: alert.status,
    caseStatus: alert.caseStatus,
    provinceId: alert.province?.id ?? null,
    districtId: alert.district?.id ?? null,
    translations: alert.translations,
    victims: alert.victims.map((v) => ({ label: v.label, labelKind: v.labelKind })),
    dates: alert.dates,
    actTypeIds: alert.actTypes.map((a) => a.id),
    perpetratorTypeIds: alert.perpetratorTypes.map((p) => p.id),
    updates: alert.updates.length,
  };
}

function absolute(ctx: AlertContext, locale: Locale, path: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, '')}/${locale}${path}`;
}

/** The alert's message in one language; null when it has no text in that language. */
function composeAlert(ctx: AlertContext, alert: AlertRecord) {
  return (locale: Locale) => {
    const card = alert.translations.some((t) => t.locale === locale) ? presentAlertCard(alert, locale, [locale]) : undefined;
    if (!card) return null;
    const facts = [card.statusLabel, card.place, card.dates.join('; '), card.actTypes.join(', ')].filter(Boolean) as string[];
    return {
      subject: alertMailMessages[locale].subject(card.title).replace(/[\r\n]+/g, ' '),
      title: card.title,
      bodyHtml: [`<p><strong>${escapeMailHtml(facts.join(' · '))}</strong></p>`, ...paragraphsOf(card.summary).map((p) => `<p>${escapeMailHtml(p)}</p>`)].join(''),
      url: absolute(ctx, locale, alertPath(alert.slug)),
    };
  };
}

function composeUpdate(ctx: AlertContext, alert: AlertRecord, update: { occurredOn: string; texts: UpdateText[] }) {
  return (locale: Locale) => {
    const text = update.texts.find((t) => t.locale === locale);
    if (!text) return null;
    const alertTitle = (alert.translations.find((t) => t.locale === locale) ?? alert.translations[0])?.title ?? '';
    const m = alertMailMessages[locale];
    return {
      subject: m.updateSubject(alertTitle).replace(/[\r\n]+/g, ' '),
      title: text.title,
      bodyHtml: [`<p>${escapeMailHtml(m.updateOf(alertTitle))} (${escapeMailHtml(update.occurredOn)})</p>`, ...paragraphsOf(text.body).map((p) => `<p>${escapeMailHtml(p)}</p>`)].join(''),
      url: absolute(ctx, locale, alertPath(alert.slug)),
    };
  };
}

/** The slug of the first title (in the order the texts come, the configured one) that has Latin words. */
async function slugFor(tx: DbOrTx, texts: AlertText[], now: string): Promise<string> {
  const fromTitle = texts.map((t) => slugify(t.title, '')).find(Boolean);
  return uniqueSlug(fromTitle ?? `alert-${now.slice(0, 10)}`, (s) => isAlertSlugTaken(tx, s));
}

/** A unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const PUBLISH_ATTEMPTS = 5;

/**
 * Publishes an alert from a case; returns its id and slug and how many messages were queued.
 * With a submission key, a form sent twice publishes once: the second time returns the first
 * alert (`existing`). Two alerts published at once with the same title would pick the same
 * slug; the one that loses the race starts again and takes the next free slug.
 */
export async function publishAlert(
  ctx: AlertContext,
  input: { caseId: number | null; facts: AlertFacts; texts: AlertText[]; notify: boolean; submissionKey?: string | null },
): Promise<{ id: number; slug: string; queued: number; existing: boolean }> {
  const now = ctx.now ?? new Date().toISOString();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(ctx.db, async (tx) => {
        if (input.submissionKey) {
          const existing = await findAlertBySubmissionKey(tx, input.submissionKey);
          if (existing) return { ...existing, queued: 0, existing: true };
        }
        const slug = await slugFor(tx, input.texts, now);
        const id = await insertAlert(tx, { slug, caseId: input.caseId, createdBy: ctx.userId, now, facts: input.facts, texts: input.texts, submissionKey: input.submissionKey });
        const alert = await findAlertById(tx, id);
        await writeAudit(tx, { actor: actorOf(ctx), action: `${ALERT_TYPE}.publish`, subjectType: ALERT_TYPE, subjectId: String(id), after: { ...snapshot(alert), caseId: input.caseId, notify: input.notify } });
        await ctx.reindex(tx, id);
        const queued = input.notify
          ? await notifySubscribers(tx, { topic: 'hrd-alerts', kind: 'alert', idempotencyKey: `${ALERT_TYPE}:${id}`, compose: composeAlert(ctx, alert!) }, { publicUrl: ctx.publicUrl, locales: ctx.locales })
          : 0;
        return { id, slug, queued, existing: false };
      });
    } catch (error) {
      // Inside the caller's transaction nothing can be retried: PostgreSQL has aborted it.
      if (ctx.db.isTransaction || attempt >= PUBLISH_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

/** Changes an alert's public texts and status. */
export async function editAlert(ctx: AlertContext, id: number, input: { caseStatus: CaseStatus; texts: AlertText[] }): Promise<void> {
  const now = ctx.now ?? new Date().toISOString();
  await inTransaction(ctx.db, async (tx) => {
    const before = await findAlertById(tx, id);
    await updateAlertTexts(tx, id, { ...input, now });
    const after = await findAlertById(tx, id);
    await writeAudit(tx, { actor: actorOf(ctx), action: `${ALERT_TYPE}.edit`, subjectType: ALERT_TYPE, subjectId: String(id), before: snapshot(before), after: snapshot(after) });
    await ctx.reindex(tx, id);
  });
}

/** Appends a dated update to the alert's timeline; returns its number and the messages queued. */
export async function addAlertUpdate(
  ctx: AlertContext,
  id: number,
  input: { occurredOn: string; texts: UpdateText[]; notify: boolean },
): Promise<{ number: number; queued: number }> {
  const now = ctx.now ?? new Date().toISOString();
  return inTransaction(ctx.db, async (tx) => {
    const { number } = await insertAlertUpdate(tx, id, { occurredOn: input.occurredOn, texts: input.texts, createdBy: ctx.userId, now });
    const alert = (await findAlertById(tx, id))!;
    await writeAudit(tx, {
      actor: actorOf(ctx),
      action: `${ALERT_TYPE}.update`,
      subjectType: ALERT_TYPE,
      subjectId: String(id),
      after: { number, occurredOn: input.occurredOn, texts: input.texts, notify: input.notify },
    });
    await ctx.reindex(tx, id);
    const queued = input.notify
      ? await notifySubscribers(
          tx,
          { topic: 'hrd-alerts', kind: 'alert', idempotencyKey: `${ALERT_TYPE}:${id}:update:${number}`, compose: composeUpdate(ctx, alert, input) },
          { publicUrl: ctx.publicUrl, locales: ctx.locales },
        )
      : 0;
    return { number, queued };
  });
}

/** Takes an alert off the site, its feeds, the sitemap and search at once; its URL answers 410. */
export async function withdrawAlert(ctx: AlertContext, id: number, reason: string): Promise<void> {
  const now = ctx.now ?? new Date().toISOString();
  await inTransaction(ctx.db, async (tx) => {
    await withdrawAlertRow(tx, id, now);
    await writeAudit(tx, { actor: actorOf(ctx), action: `${ALERT_TYPE}.withdraw`, subjectType: ALERT_TYPE, subjectId: String(id), after: { status: 'withdrawn', reason } });
    await ctx.reindex(tx, id);
  });
}

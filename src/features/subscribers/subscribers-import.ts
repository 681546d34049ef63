import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { enqueueMails } from '../mail/outbox.js';
import { suppressAddress, suppressionsOf } from '../mail/suppressions.repository.js';
import type { ImportRow } from './subscribers-csv.js';
import { confirmationMails } from './subscriber-mail.js';
import type { ErasureMarks } from './erasure-mark.js';
import { existingEmails, insertSubscriberTopics, insertSubscribers } from './subscribers.repository.js';
import type { SubscriberMailContext } from './subscribers.service.js';
import type { SubscriberStatus } from './subscribers.tables.js';

export interface ImportOptions {
  /** The importer says these people consented elsewhere (a sign-up sheet, an earlier list). */
  previouslyConsented: boolean;
  /** Where the addresses come from, kept with each row. */
  sourceNote: string;
}

export interface ImportSummary {
  added: number;
  active: number;
  pending: number;
  unsubscribed: number;
  /** Already on the list: left exactly as they are. */
  skippedExisting: number;
  /** Erased on their request earlier: an import does not bring them back. */
  skippedErased: number;
}

const CHUNK = 500;

/**
 * Adds the rows of a checked file in one transaction (all or nothing). People who did not
 * consent before get the confirmation message and stay pending until they confirm; a row an
 * export marked unsubscribed stays unsubscribed, whatever the importer ticked.
 */
export async function importSubscribers(db: Db, rows: readonly ImportRow[], options: ImportOptions, actor: string, ctx: SubscriberMailContext, marks: ErasureMarks, now = new Date()): Promise<ImportSummary> {
  const at = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const existing = await existingEmails(tx, rows.map((r) => r.email));
    const suppressed = await suppressionsOf(tx, rows.map((r) => marks.of(r.email)));
    const summary: ImportSummary = { added: 0, active: 0, pending: 0, unsubscribed: 0, skippedExisting: 0, skippedErased: 0 };
    const fresh: Array<ImportRow & { status: SubscriberStatus }> = [];
    for (const row of rows) {
      if (existing.has(row.email)) summary.skippedExisting += 1;
      else if (suppressed.get(marks.of(row.email))?.includes('erasure')) summary.skippedErased += 1;
      else {
        const status: SubscriberStatus = row.status === 'unsubscribed' ? 'unsubscribed' : options.previouslyConsented && row.status !== 'pending' ? 'active' : 'pending';
        fresh.push({ ...row, status });
        summary[status] += 1;
      }
    }
    const ids: number[] = [];
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      const inserted = await insertSubscribers(
        tx,
        chunk.map((r) => ({
          email: r.email,
          name: r.name,
          locale: r.locale,
          status: r.status,
          consentSource: 'import' as const,
          sourceNote: options.sourceNote,
          consentedAt: r.status === 'active' ? (r.consentedAt ?? at) : null,
          confirmationSentAt: r.status === 'pending' ? at : null,
          unsubscribedAt: r.status === 'unsubscribed' ? at : null,
          createdAt: at,
          updatedAt: at,
        })),
      );
      const idOf = new Map(inserted.map((r) => [r.email, r.id]));
      const topics = chunk.flatMap((r) => r.topics.map((topic) => ({ subscriberId: idOf.get(r.email)!, topic })));
      for (let j = 0; j < topics.length; j += CHUNK) await insertSubscriberTopics(tx, topics.slice(j, j + CHUNK));
      for (const r of chunk) {
        ids.push(idOf.get(r.email)!);
        if (r.status === 'unsubscribed') await suppressAddress(tx, r.email, 'unsubscribe');
      }
      const pending = chunk.filter((r) => r.status === 'pending').map((r) => ({ id: idOf.get(r.email)!, email: r.email, locale: r.locale }));
      await enqueueMails(tx, await confirmationMails(tx, ctx, pending, (id) => `subscriber:${id}:confirm:${at}`));
    }
    summary.added = fresh.length;
    await writeAudit(tx, {
      actor,
      action: 'subscribers.import',
      subjectType: 'subscriber',
      subjectId: null,
      before: null,
      after: { ...summary, previouslyConsented: options.previouslyConsented, sourceNote: options.sourceNote, subscriberIds: ids },
    });
    return summary;
  });
}

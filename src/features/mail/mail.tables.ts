import type { Generated } from 'kysely';

/**
 * Where a message is in its life:
 * - queued: waiting for its next attempt (`nextAttemptAt`);
 * - sending: claimed by a sender until `lockedUntil` (a lease; a dead sender's rows are claimed again after it);
 * - sent: the SMTP server accepted it (`smtpResponse`) or the .eml file was written;
 * - failed: a permanent refusal (5xx) or too many temporary failures;
 * - suppressed: not sent because the address is suppressed.
 */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'suppressed';

export interface OutboxMessagesTable {
  id: Generated<number>;
  idempotencyKey: string;
  kind: string;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
  /** JSON object of extra headers (List-Unsubscribe and the like). */
  headers: string | null;
  replyTo: string | null;
  createdAt: string;
}

/**
 * The delivery state of each message, one row per outbox message (same id). Kept apart from the
 * message so that claiming and recording an attempt rewrite a row of a few dozen bytes, never
 * the kilobytes of HTML and text: on SQLite that is most of the sender's cost.
 */
export interface OutboxDeliveriesTable {
  messageId: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  smtpResponse: string | null;
  sentAt: string | null;
  updatedAt: string;
}

export type SuppressionReason = 'bounce' | 'unsubscribe' | 'erasure';

export interface MailSuppressionsTable {
  id: Generated<number>;
  /** Lower-cased address. */
  email: string;
  reason: SuppressionReason;
  detail: string | null;
  createdAt: string;
}

export interface MailTables {
  outboxMessages: OutboxMessagesTable;
  outboxDeliveries: OutboxDeliveriesTable;
  mailSuppressions: MailSuppressionsTable;
}

declare module '../../db/database.js' {
  interface Database extends MailTables {}
}

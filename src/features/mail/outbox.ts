import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import { insertOutboxMessages, insertQueuedDeliveries, type NewOutboxMessage } from './outbox.repository.js';

/**
 * The outbox: every message to every recipient is one row, written in the caller's transaction,
 * so a message exists exactly when the change that caused it was committed. The sender
 * (`sender.ts`: `deliverDueMail`, `MailWorker`) delivers the rows.
 */

export type MailKind = 'confirmation' | 'mailing' | 'notification' | 'alert' | 'contact' | 'system';
export const MAIL_KINDS: readonly MailKind[] = ['confirmation', 'mailing', 'notification', 'alert', 'contact', 'system'];
/** Bulk kinds are never sent to a suppressed address, whatever the reason. */
export const BULK_KINDS: readonly MailKind[] = ['mailing', 'notification', 'alert'];

export interface OutgoingMail {
  /** One address. */
  to: string;
  /** No CR/LF (enqueueMail throws if present). */
  subject: string;
  html: string;
  text: string;
  kind: MailKind;
  /** Unique per message and recipient; enqueueing an existing key again is a no-op. */
  idempotencyKey: string;
  /** Extra headers, e.g. List-Unsubscribe, List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  replyTo?: string;
}

export class InvalidMailError extends Error {}

// A plain single address: no display name, no spaces, no line breaks, one @.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,75}$/;
/** Headers the sender sets itself; a caller may not override them. */
const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'message-id', 'date', 'reply-to', 'content-type', 'mime-version', 'content-transfer-encoding', 'sender', 'return-path']);

export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

export function isMailAddress(email: string): boolean {
  return email.length <= 254 && ADDRESS.test(email.trim());
}

function checkMail(mail: OutgoingMail): void {
  if (!isMailAddress(mail.to)) throw new InvalidMailError(`not a single mail address: ${JSON.stringify(mail.to)}`);
  if (/[\r\n]/.test(mail.subject)) throw new InvalidMailError('the subject contains a line break');
  if (!mail.subject.trim()) throw new InvalidMailError('the subject is empty');
  if (!(MAIL_KINDS as readonly string[]).includes(mail.kind)) throw new InvalidMailError(`unknown mail kind: ${mail.kind}`);
  if (!mail.idempotencyKey || mail.idempotencyKey.length > 400) throw new InvalidMailError('the idempotency key must have 1 to 400 characters');
  if (mail.replyTo !== undefined && !isMailAddress(mail.replyTo)) throw new InvalidMailError('replyTo is not a single mail address');
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) throw new InvalidMailError(`header not allowed: ${name}`);
    if (/[\r\n]/.test(value)) throw new InvalidMailError(`header ${name} contains a line break`);
  }
}

function rowOf(mail: OutgoingMail, now: string): NewOutboxMessage {
  return {
    idempotencyKey: mail.idempotencyKey,
    kind: mail.kind,
    toAddress: normaliseAddress(mail.to),
    subject: mail.subject.trim(),
    html: mail.html,
    text: mail.text,
    headers: mail.headers && Object.keys(mail.headers).length ? JSON.stringify(mail.headers) : null,
    replyTo: mail.replyTo ? mail.replyTo.trim() : null,
    createdAt: now,
  };
}

/** Queues one message in the caller's transaction; false if a message with this key exists already. */
export async function enqueueMail(tx: DbOrTx, mail: OutgoingMail): Promise<boolean> {
  return (await enqueueMails(tx, [mail])) === 1;
}

/** Rows per INSERT: far below SQLite's and PostgreSQL's limits on parameters. */
const INSERT_CHUNK = 500;

/**
 * Queues many messages with batched inserts (checks every message first, so a bad one queues
 * nothing); returns how many were new. Keys already queued, or repeated in the list, are skipped.
 * Call it inside the transaction of the change that causes the mail.
 */
export async function enqueueMails(tx: DbOrTx, mails: OutgoingMail[]): Promise<number> {
  for (const mail of mails) checkMail(mail);
  if (!mails.length) return 0;
  // A message and its delivery row are two statements: never one without the other.
  if (!tx.isTransaction) return tx.transaction().execute((inner) => enqueueMails(inner, mails));
  const now = new Date().toISOString();
  const byKey = new Map<string, OutgoingMail>();
  for (const mail of mails) if (!byKey.has(mail.idempotencyKey)) byKey.set(mail.idempotencyKey, mail);
  const unique = [...byKey.values()];
  let added = 0;
  for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
    const chunk = unique.slice(i, i + INSERT_CHUNK);
    const ids = await insertOutboxMessages(tx, chunk.map((m) => rowOf(m, now)));
    if (!ids.length) continue;
    await insertQueuedDeliveries(tx, ids, now);
    added += ids.length;
  }
  return added;
}

/** A stable Message-ID from the idempotency key: a message sent twice shows up as a duplicate. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  return `<${keyDigest(idempotencyKey)}@${domain}>`;
}

/** 32 hex characters of the key's SHA-256: names the .eml file and the Message-ID. */
export function keyDigest(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

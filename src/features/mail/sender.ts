import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import {
  claimDueRows,
  findMailContent,
  markFailed,
  markForRetry,
  markSent,
  markSuppressed,
  releaseExpiredLeases,
  releaseUnstarted,
  renewLease,
  type ClaimedRow,
  type MailContent,
} from './deliveries.repository.js';
import { messageIdFor, BULK_KINDS } from './outbox.js';
import { isOperationsPaused } from '../operations/operations.repository.js';
import { blockedBy, suppressAddress, suppressionsOf } from './suppressions.repository.js';
import type { MailTransport, PreparedMail } from './transport.js';

/**
 * The sending side of the outbox.
 *
 * `deliverDueMail(db, transport, options)` claims due rows in batches and sends them until none
 * is due, then resolves with `{ sent, retried, failed, suppressed }`. Tests call it to drain the
 * queue deterministically; `MailWorker` calls it in a loop (the `dove mail worker` command and,
 * with MAIL_WORKER on, the web server).
 *
 * Life of a message: its delivery row (`outbox_deliveries`) is claimed by one atomic
 * `UPDATE … RETURNING` (on PostgreSQL over a `SELECT … FOR UPDATE SKIP LOCKED`, so several
 * workers never claim the same row) that sets state `sending`, a lease (`locked_until`) and
 * `attempts + 1`. Once the server has accepted the message, its reply is committed with state
 * `sent` before the sending lane takes another message (outcomes arriving together share one
 * commit). A temporary failure (4xx, a connection error) puts the row back to `queued` with an
 * exponential backoff; a permanent refusal of the recipient (5xx to RCPT TO, or a 5.1.x/5.2.x
 * mailbox status) marks it `failed` and suppresses the address. A row still `sending` after its
 * lease belonged to a worker that died: it is queued again. A message is therefore sent twice
 * only when a worker dies after the server accepted it and before that commit: at most one
 * message per connection (MAIL_CONCURRENCY). See README, "Mail delivery: what is guaranteed".
 *
 * A live worker never relies on an old lease: it claims no more rows than it can start within
 * half the lease at its rate, renews the lease of each row just before sending it (and drops a
 * row whose lease another worker has taken over), and records a retry, a failure or a
 * suppression only on a row it still holds, so a late outcome never undoes another worker's.
 */

/** The shortest lease `dove mail worker` accepts: longer than an SMTP attempt can take (timeouts of 30 + 30 + 60 s). */
export const MIN_LEASE_SECONDS = 120;

export interface DeliveryOptions {
  /** Envelope and header From. */
  from: string;
  /** A display name for From (the organisation's name). */
  fromName?: string | undefined;
  /** Messages in flight at once (pooled SMTP connections). */
  concurrency?: number;
  /** At most this many messages started per second. */
  ratePerSecond?: number;
  /** Rows per claim. */
  batchSize?: number;
  /** How long a claim is valid; after it a row is claimed again. */
  leaseMs?: number;
  /** First retry delay after a temporary failure; doubled each attempt up to `maxRetryDelayMs`, with jitter. */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Attempts before a temporarily failing message is given up as failed. */
  maxAttempts?: number;
  /** Identifies this sender in `locked_by`. */
  workerId?: string;
  /** Stop claiming and return (claimed rows not yet started are released). */
  signal?: AbortSignal;
  /** Stop after about this many messages were handled (for tests and benchmarks). */
  limit?: number;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
}

export const DELIVERY_DEFAULTS = {
  concurrency: 4,
  ratePerSecond: 20,
  batchSize: 200,
  leaseMs: 5 * 60_000,
  retryBaseMs: 60_000,
  maxRetryDelayMs: 6 * 3_600_000,
  maxAttempts: 10,
};

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * How many rows one claim may take: no more than can be started within half the lease at the
 * configured rate, counting the rows already waiting in memory, so a claimed row is never still
 * waiting behind the rate limiter when its lease runs out.
 */
export function claimSize(options: { batchSize: number; ratePerSecond: number; leaseMs: number }, waiting = 0): number {
  const withinHalfLease = Math.floor((options.ratePerSecond * options.leaseMs) / 1000 / 2);
  // With nothing waiting, one row at least, so that a very short lease still makes progress.
  return Math.max(waiting === 0 ? 1 : 0, Math.min(options.batchSize, withinHalfLease - waiting));
}

/** Atomically claims up to `size` due messages (none while operations are paused) for this worker (one UPDATE … RETURNING). */
export async function claimDueMail(db: DbOrTx, size: number, workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedRow[]> {
  // After a restore nothing is sent until an admin resumes: a restore drill must not mail real people.
  if (await isOperationsPaused(db)) return [];
  return claimDueRows(db, size, workerId, leaseMs, now);
}

/** Which of nodemailer's errors mean "try later", "never", and "never to this address". */
export function classifyFailure(err: unknown): { permanent: boolean; suppress: boolean; message: string } {
  const e = err as { responseCode?: unknown; command?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';
  const reply = typeof e.response === 'string' ? e.response : '';
  const message = (reply || String(e.message ?? err)).replace(/\s+/g, ' ').slice(0, 500);
  if (code !== undefined && code >= 500 && code < 600) {
    // The server refused the recipient: the address is bad.
    if (command.startsWith('RCPT')) return { permanent: true, suppress: true, message };
    // Refused after DATA: a mailbox status (5.1.x bad address, 5.2.x mailbox) is about the address,
    // anything else about this message (size, content): the message fails, the address stays.
    if (command.startsWith('DATA') || command === '') {
      return { permanent: true, suppress: /\b5\.[12]\.\d{1,3}\b/.test(reply), message };
    }
    // Refused at MAIL FROM, AUTH, EHLO or on connecting: our own setup is wrong, and every
    // message would fail the same way; keep them queued (with backoff) until it is fixed.
    return { permanent: false, suppress: false, message };
  }
  if (code !== undefined && code >= 400 && code < 500) return { permanent: false, suppress: false, message };
  // Without a reply code: our side refused to build the message (a permanent problem with it),
  // or the connection failed (temporary).
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { permanent: true, suppress: false, message };
  return { permanent: false, suppress: false, message };
}

/** Starts at most `ratePerSecond` messages a second, evenly spaced. */
class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(ratePerSecond: number) {
    this.interval = 1000 / ratePerSecond;
  }

  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at - now >= 1) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

function prepare(row: ClaimedRow, content: MailContent, options: DeliveryOptions): PreparedMail {
  const headers: Record<string, string> = content.headers ? (JSON.parse(content.headers) as Record<string, string>) : {};
  if ((BULK_KINDS as readonly string[]).includes(row.kind)) headers['Precedence'] ??= 'bulk';
  return {
    idempotencyKey: row.idempotencyKey,
    messageId: messageIdFor(row.idempotencyKey, options.from),
    from: options.fromName ? { name: options.fromName, address: options.from } : options.from,
    to: row.toAddress,
    subject: row.subject,
    html: content.html,
    text: content.text,
    headers,
    replyTo: content.replyTo ?? undefined,
  };
}

export function retryDelayMs(attempts: number, base: number, max: number): number {
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.75 + Math.random() * 0.5));
}

/** Sends every due message (see the top of this file); resolves when none is due. */
export async function deliverDueMail(db: DbOrTx, transport: MailTransport, options: DeliveryOptions): Promise<DeliveryReport> {
  const o = { ...DELIVERY_DEFAULTS, workerId: defaultWorkerId(), ...stripUndefined(options), from: options.from };
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, suppressed: 0 };
  const limiter = new RateLimiter(o.ratePerSecond);
  const queue: ClaimedRow[] = [];
  let head = 0;
  let exhausted = false;
  let started = 0;
  let claiming: Promise<void> | undefined;
  let failure: unknown;
  /** Addresses refused permanently during this run, before their suppression is read back. */
  const bounced = new Set<string>();
  const outcomes = new OutcomeWriter(db, o.workerId);
  const stopped = () => o.signal?.aborted === true || failure !== undefined || (o.limit !== undefined && started >= o.limit);

  await releaseExpiredLeases(db);

  const refill = async () => {
    const size = claimSize(o, queue.length - head);
    if (size === 0) return;
    const claimed = await claimDueMail(db, size, o.workerId, o.leaseMs);
    if (claimed.length < size) exhausted = true;
    if (!claimed.length) return;
    const suppressions = await suppressionsOf(db, claimed.map((r) => r.toAddress));
    const held: Array<{ id: number; reasons: string }> = [];
    for (const row of claimed) {
      const reasons = suppressions.get(row.toAddress) ?? [];
      if (blockedBy(row.kind, reasons)) held.push({ id: row.id, reasons: reasons.join(', ') });
      else queue.push(row);
    }
    await Promise.all(held.map((h) => outcomes.write({ kind: 'suppressed', id: h.id, reason: `suppressed address (${h.reasons})` })));
    report.suppressed += held.length;
  };

  const lane = async () => {
    for (;;) {
      if (stopped()) return;
      if (queue.length - head < o.concurrency * 2 && !exhausted && !claiming) {
        claiming = refill()
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => {
            claiming = undefined;
          });
      }
      if (head >= queue.length) {
        if (claiming) {
          await claiming;
          continue;
        }
        if (exhausted) return;
        continue;
      }
      const next = queue[head]!;
      queue[head++] = undefined as never;
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      started++;
      try {
        await deliverOne(next);
      } catch (err) {
        failure ??= err;
      }
    }
  };

  const deliverOne = async (row: ClaimedRow) => {
    if (bounced.has(row.toAddress) && blockedBy(row.kind, ['bounce'])) {
      await outcomes.write({ kind: 'suppressed', id: row.id, reason: 'suppressed address (bounce)' });
      report.suppressed++;
      return;
    }
    await limiter.take();
    // The row may have waited: make sure it is still ours, and hold it for the whole attempt.
    if (!(await renewLease(db, row.id, o.workerId, o.leaseMs))) return;
    let response: string;
    try {
      const content = await findMailContent(db, row.id);
      if (!content) throw Object.assign(new Error('the message has no body'), { code: 'EMESSAGE' });
      response = await transport.send(prepare(row, content, o));
    } catch (err) {
      const verdict = classifyFailure(err);
      if (verdict.permanent || row.attempts >= o.maxAttempts) {
        if (verdict.suppress) bounced.add(row.toAddress);
        await outcomes.write({ kind: 'failed', id: row.id, error: verdict.message, suppress: verdict.suppress ? row.toAddress : undefined });
        report.failed++;
      } else {
        const nextAttemptAt = new Date(Date.now() + retryDelayMs(row.attempts, o.retryBaseMs, o.maxRetryDelayMs)).toISOString();
        await outcomes.write({ kind: 'retry', id: row.id, error: verdict.message, nextAttemptAt });
        report.retried++;
      }
      return;
    }
    // The server has the message: it is recorded before this lane takes another one.
    await outcomes.write({ kind: 'sent', id: row.id, response: response.slice(0, 500) });
    report.sent++;
  };

  await Promise.all(Array.from({ length: o.concurrency }, lane));
  if (claiming) await claiming;
  // Claimed but never started (stopped early): back to the queue, the attempt not counted.
  const unstarted = queue.slice(head).filter(Boolean).map((r) => r.id);
  await releaseUnstarted(db, unstarted, o.workerId);
  if (failure !== undefined) throw failure;
  return report;
}

type Outcome =
  | { kind: 'sent'; id: number; response: string }
  | { kind: 'retry'; id: number; error: string; nextAttemptAt: string }
  | { kind: 'failed'; id: number; error: string; suppress: string | undefined }
  | { kind: 'suppressed'; id: number; reason: string };

/**
 * Writes the outcome of each attempt, committing them in groups: while one transaction commits,
 * the outcomes that arrive meanwhile wait and go into the next one together. A lane waits for
 * its outcome to be committed before it takes another message, so at any moment at most one
 * message per lane can be accepted by the server and not yet recorded.
 */
class OutcomeWriter {
  private pending: Array<{ outcome: Outcome; resolve: () => void; reject: (err: unknown) => void }> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: DbOrTx,
    private readonly workerId: string,
  ) {}

  write(outcome: Outcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ outcome, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        // Let replies that have already arrived on other connections join this commit.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.pending.splice(0, 500);
        try {
          await inTransaction(this.db, (tx) => writeOutcomes(tx, this.workerId, batch.map((b) => b.outcome)));
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}

async function inTransaction(db: DbOrTx, work: (tx: DbOrTx) => Promise<void>): Promise<void> {
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
}

/**
 * A retry, a failure or a suppression is recorded only on a row this worker still holds: if its
 * lease ran out and another worker took the row over (or already sent it), that worker's outcome
 * stands. A `sent` is recorded whatever the row's state: the server has the message, and marking
 * it sent also stops another worker that holds the row from sending it again.
 */
async function writeOutcomes(tx: DbOrTx, workerId: string, outcomes: Outcome[]): Promise<void> {
  const now = new Date().toISOString();
  const sentByReply = new Map<string, number[]>();
  const suppressedByReason = new Map<string, number[]>();
  for (const o of outcomes) {
    if (o.kind === 'sent') sentByReply.set(o.response, [...(sentByReply.get(o.response) ?? []), o.id]);
    else if (o.kind === 'suppressed') suppressedByReason.set(o.reason, [...(suppressedByReason.get(o.reason) ?? []), o.id]);
    else if (o.kind === 'retry') await markForRetry(tx, o.id, workerId, o.error, o.nextAttemptAt, now);
    else {
      await markFailed(tx, o.id, workerId, o.error, now);
      // The refusal is about the address, whoever holds the row now.
      if (o.suppress) await suppressAddress(tx, o.suppress, 'bounce', o.error);
    }
  }
  for (const [reply, ids] of sentByReply) await markSent(tx, ids, reply, now);
  for (const [reason, ids] of suppressedByReason) await markSuppressed(tx, ids, workerId, reason, now);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

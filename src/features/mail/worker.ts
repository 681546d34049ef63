import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { findSiteSettings } from '../site-settings/site-settings.repository.js';
import { deliverDueMail, defaultWorkerId, type DeliveryOptions, type DeliveryReport } from './sender.js';
import { createMailTransport, outboxDir, type MailTransport } from './transport.js';

export { MIN_LEASE_SECONDS } from './sender.js';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MailWorkerOptions extends Omit<DeliveryOptions, 'signal' | 'limit'> {
  /** How long to wait when nothing is due before looking again. */
  pollMs?: number;
  log?: WorkerLog;
}

/**
 * Runs `deliverDueMail` in a loop until stopped: when nothing is due it waits `pollMs` (or until
 * `wake()`); after a database or transport error it waits longer. `stop()` finishes the messages
 * in flight, puts claimed-but-unsent rows back, and resolves.
 */
export class MailWorker {
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  readonly totals: DeliveryReport = { sent: 0, retried: 0, failed: 0, suppressed: 0 };

  constructor(
    private readonly db: Db,
    private readonly transport: MailTransport,
    private readonly options: MailWorkerOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Look for due mail now (e.g. right after queueing some). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { pollMs = 1000, log, ...delivery } = this.options;
    const workerId = delivery.workerId ?? defaultWorkerId();
    let errors = 0;
    while (!this.controller.signal.aborted) {
      let busy = false;
      try {
        const report = await deliverDueMail(this.db, this.transport, { ...delivery, workerId, signal: this.controller.signal });
        for (const k of ['sent', 'retried', 'failed', 'suppressed'] as const) this.totals[k] += report[k];
        busy = report.sent + report.retried + report.failed + report.suppressed > 0;
        if (busy) log?.info({ ...report }, 'mail delivered');
        errors = 0;
      } catch (err) {
        errors++;
        log?.error({ err }, 'mail delivery failed');
      }
      if (busy && !errors) continue;
      await this.sleep(errors ? Math.min(60_000, pollMs * 2 ** errors) : pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.controller.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** The organisation's name for the From line, in the default locale. */
export async function fromNameFor(db: Db, config: Pick<Config, 'defaultLocale'>): Promise<string | undefined> {
  try {
    const settings = await findSiteSettings(db);
    return settings?.shortName[config.defaultLocale] || settings?.name[config.defaultLocale] || undefined;
  } catch {
    return undefined;
  }
}

/** A worker configured from the environment: SMTP_URL (else the .eml folder), MAIL_FROM, rate and concurrency. */
export async function createMailWorker(
  db: Db,
  config: Config,
  extra: Partial<MailWorkerOptions> & { transport?: MailTransport } = {},
): Promise<{ worker: MailWorker; transport: MailTransport }> {
  const { transport = createMailTransport(config), ...options } = extra;
  const worker = new MailWorker(db, transport, {
    from: config.mailFrom,
    fromName: await fromNameFor(db, config),
    concurrency: config.mailConcurrency,
    ratePerSecond: config.mailRatePerSecond,
    ...options,
  });
  return { worker, transport };
}

/**
 * `dove mail worker`: sends until SIGTERM/SIGINT, then stops gracefully (messages in flight are
 * finished and recorded, claimed ones not yet started go back to the queue) and closes the database.
 */
export async function runMailWorker(db: Db, config: Config, options: { leaseMs: number; once: boolean }): Promise<void> {
  const log: WorkerLog = {
    info: (obj, msg) => console.log(`${new Date().toISOString()} ${msg} ${JSON.stringify(obj)}`),
    error: (obj, msg) => console.error(`${new Date().toISOString()} ${msg}: ${String((obj as { err?: unknown }).err)}`),
  };
  const { worker, transport } = await createMailWorker(db, config, { leaseMs: options.leaseMs, log });
  console.log(`Mail worker ${process.pid}: ${transport.name === 'smtp' ? 'SMTP' : `.eml files in ${outboxDir(config)}`}, ` +
    `${config.mailConcurrency} at once, at most ${config.mailRatePerSecond}/s.`);
  if (options.once) {
    const report = await deliverDueMail(db, transport, {
      from: config.mailFrom,
      fromName: await fromNameFor(db, config),
      concurrency: config.mailConcurrency,
      ratePerSecond: config.mailRatePerSecond,
      leaseMs: options.leaseMs,
    });
    console.log(`Sent ${report.sent}, retrying ${report.retried}, failed ${report.failed}, suppressed ${report.suppressed}.`);
  } else {
    worker.start();
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      process.once('SIGINT', () => resolve());
    });
    console.log('Stopping: finishing the messages in flight…');
    await worker.stop();
  }
  await transport.close();
  await db.destroy();
}

import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { buildMime, type PreparedMail } from './mime.js';
import { keyDigest } from './outbox.js';

export type { PreparedMail } from './mime.js';

/**
 * Delivers one message; resolves with the receiving side's acceptance (the SMTP server's reply,
 * or the file written) and rejects with an error carrying `responseCode`/`command` when refused.
 */
export interface MailTransport {
  readonly name: 'smtp' | 'eml';
  send(mail: PreparedMail): Promise<string>;
  close(): Promise<void>;
}

function addressOf(from: PreparedMail['from']): string {
  return typeof from === 'string' ? from : from.address;
}

export interface SmtpTransportOptions {
  /** Pooled connections kept open to the server. */
  maxConnections: number;
}

/** SMTP through a pool of persistent connections (nodemailer). */
export function createSmtpTransport(url: string, options: SmtpTransportOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: Infinity,
    // Retrying is the outbox's job (with backoff, recorded in the row), not the pool's.
    maxRequeues: 0,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    name: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail({
        envelope: { from: addressOf(mail.from), to: [mail.to] },
        raw: buildMime(mail),
      });
      return String(info.response ?? 'accepted');
    },
    async close() {
      transporter.close();
    },
  };
}

/** The .eml file of a message in the local outbox folder (named by its idempotency key). */
export function emlFileName(idempotencyKey: string): string {
  return `${keyDigest(idempotencyKey)}.eml`;
}

/**
 * Without SMTP_URL: each message becomes one .eml file in `dir`. The file is written under a
 * temporary name and renamed, so a file is either whole or absent; sending a message again
 * replaces its file instead of adding a second one.
 */
export function createEmlTransport(dir: string): MailTransport {
  let ready = false;
  return {
    name: 'eml',
    async send(mail) {
      if (!ready) {
        await fs.promises.mkdir(dir, { recursive: true });
        ready = true;
      }
      const name = emlFileName(mail.idempotencyKey);
      const file = path.join(dir, name);
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(temporary, buildMime(mail));
      await fs.promises.rename(temporary, file);
      return `written ${name}`;
    },
    async close() {},
  };
}

export function outboxDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'outbox');
}

/** SMTP when SMTP_URL is set, else the local outbox folder. */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir' | 'mailConcurrency'>): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, { maxConnections: config.mailConcurrency })
    : createEmlTransport(outboxDir(config));
}

import { createHash } from 'node:crypto';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';

/** One message as the transport gets it: everything the outbox row holds, plus From and Message-ID. */
export interface PreparedMail {
  idempotencyKey: string;
  messageId: string;
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  replyTo: string | undefined;
}

/**
 * The outbox's messages are always the same shape: a plain-text and an HTML part of one
 * message, a few headers. Building that MIME text here, with base64 parts (Khmer text in UTF-8
 * is smaller in base64 than in quoted-printable, and no line can grow past SMTP's limit), costs
 * a few microseconds; nodemailer's general composer costs a millisecond or more per message.
 * nodemailer still does the SMTP; the same bytes go to the .eml folder.
 */

const CRLF = '\r\n';

/** A line break inside a header value would start a header of its own (a Bcc, say). */
function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

function header(name: string, value: string): string {
  // Non-ASCII or quote characters become RFC 2047 words; long lines are folded.
  return foldLines(`${name}: ${encodeWords(singleLine(value), 'B', 52, true)}`, 76) + CRLF;
}

function displayAddress(from: PreparedMail['from']): string {
  if (typeof from === 'string') return singleLine(from);
  const name = singleLine(from.name).trim();
  if (!name) return from.address;
  const plain = /^[\x20-\x7e]*$/.test(name);
  const shown = !plain ? encodeWords(name, 'B', 52, true) : /^[\w !#$%&'*+\-/=?^`{|}~]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
  return `${shown} <${from.address}>`;
}

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  let out = '';
  for (let i = 0; i < encoded.length; i += 76) out += encoded.slice(i, i + 76) + CRLF;
  return out;
}

/** RFC 5322 text of the message, CRLF line ends, ready for SMTP DATA or an .eml file. */
export function buildMime(mail: PreparedMail, date: Date = new Date()): Buffer {
  const boundary = `----=_dove_${createHash('sha1').update(mail.messageId).digest('hex').slice(0, 24)}`;
  let head = '';
  head += `From: ${foldLines(displayAddress(mail.from), 76)}${CRLF}`;
  head += `To: ${singleLine(mail.to)}${CRLF}`;
  if (mail.replyTo) head += `Reply-To: ${singleLine(mail.replyTo)}${CRLF}`;
  head += header('Subject', mail.subject);
  head += `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}${CRLF}`;
  head += `Message-ID: ${singleLine(mail.messageId)}${CRLF}`;
  for (const [name, value] of Object.entries(mail.headers)) head += header(name, value);
  head += `MIME-Version: 1.0${CRLF}`;
  head += `Content-Type: multipart/alternative; boundary="${boundary}"${CRLF}`;
  const body =
    `${CRLF}--${boundary}${CRLF}` +
    `Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
    base64Lines(mail.text) +
    `${CRLF}--${boundary}${CRLF}` +
    `Content-Type: text/html; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
    base64Lines(mail.html) +
    `${CRLF}--${boundary}--${CRLF}`;
  return Buffer.from(head + body, 'utf8');
}

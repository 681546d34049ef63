import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/*
 * What lets a reporter come back without an account: a receipt code that finds the report, and
 * a passphrase that opens it. The code has 100 random bits, so a plain SHA-256 is enough to find
 * it by (nobody can try 2^100 codes against a copy of the database) and it does not change when
 * the encryption key is rotated. The passphrase is hashed with argon2id (passwords.ts) because
 * a person may choose a weak one; guesses are limited by the form guard.
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or written by hand stays one code. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_GROUPS = 5;
const GROUP_LENGTH = 4;
/** Generated passphrases: lower-case letters and digits without look-alikes (no 0/o, 1/l/i). */
const PASSPHRASE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const PASSPHRASE_GROUPS = 4;

export const MIN_PASSPHRASE_LENGTH = 10;
export const MAX_PASSPHRASE_LENGTH = 200;

function randomGroups(alphabet: string, groups: number, separator: string): string {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += alphabet[randomInt(alphabet.length)];
    out.push(group);
  }
  return out.join(separator);
}

/** A new receipt code, `XXXX-XXXX-XXXX-XXXX-XXXX` (20 characters of 5 bits: 100 bits). */
export function newReceiptCode(): string {
  return randomGroups(ALPHABET, RECEIPT_GROUPS, '-');
}

/** A generated passphrase, `abcd-efgh-jkmn-pqrs` (16 characters of about 5 bits). */
export function newPassphrase(): string {
  return randomGroups(PASSPHRASE_ALPHABET, PASSPHRASE_GROUPS, '-');
}

/**
 * The code as typed, in its one written form: case, spaces and dashes do not matter, and the
 * letters people confuse with digits are read as those digits. Null when it cannot be a code.
 */
export function normaliseReceiptCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== RECEIPT_GROUPS * GROUP_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

export function receiptHash(normalisedCode: string): string {
  return createHash('sha256').update(`dove incident receipt v1\0${normalisedCode}`).digest('hex');
}

/** How long a reporter who opened their report may add to it before giving the passphrase again. */
export const FOLLOW_UP_TOKEN_MINUTES = 30;

/**
 * After the receipt and passphrase were accepted, the page carries this signed token instead of
 * the passphrase, so adding information needs neither a cookie nor the passphrase in the page.
 */
export function signFollowUpToken(key: Buffer, reportId: number, now = Date.now()): string {
  const expires = now + FOLLOW_UP_TOKEN_MINUTES * 60_000;
  return `${reportId}.${expires}.${tokenMac(key, reportId, expires)}`;
}

/** The report a token opens, or null when it is forged or expired. */
export function checkFollowUpToken(key: Buffer, token: string, now = Date.now()): number | null {
  const match = /^(\d{1,12})\.(\d{1,15})\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  const [reportId, expires] = [Number(match[1]), Number(match[2])];
  const expected = Buffer.from(tokenMac(key, reportId, expires));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return expires >= now ? reportId : null;
}

function tokenMac(key: Buffer, reportId: number, expires: number): string {
  return createHmac('sha256', key).update(`report-follow-up\0${reportId}\0${expires}`).digest('base64url');
}

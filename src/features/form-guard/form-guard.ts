import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import type { RateLimits } from '../../db/rate-limits.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { hasDuplicateSubmission, insertSubmission, pruneSubmissions } from './form-guard.repository.js';

/** How many subscribe requests one address (IP) may make in an hour. */
export const SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR = 20;

/**
 * Spam defence for the public forms (comments, Contact Us, subscribe), with no third party; each
 * form's policy says which defences apply:
 * - a honeypot field people never see and bots fill in;
 * - a minimum time between the form being rendered and sent (a signed timestamp field);
 * - rate limits per address and per email, in the shared rate limits (src/db/rate-limits.ts):
 *   counted atomically, so simultaneous posts on any number of servers never pass more than the
 *   limit; a submission refused after its points were taken (a duplicate) gives them back;
 * - a limit on web links;
 * - refusal of the same text sent again by the same person about the same thing.
 */

export type GuardedForm = 'comment' | 'contact' | 'subscribe' | 'report' | 'report-follow-up';

export interface GuardPolicy {
  /** The hidden field people never fill in. */
  honeypotField: string;
  /** The signed timestamp's field; a form without one (the footer's subscribe form on every page) skips the timing check. */
  stampField?: string;
  /** Accepted submissions per IP address per window (readers behind one mobile carrier share addresses). */
  maxPerIp: number;
  maxPerEmail?: number;
  windowMinutes: number;
  /** Web addresses allowed in the text; no limit when absent. */
  maxLinks?: number;
  /** Refuse the same text about the same thing from the same person. */
  refuseDuplicates: boolean;
}

/** The honeypot's name: a field that looks worth filling to a bot, hidden from people. */
export const HONEYPOT_FIELD = 'homepage';
export const STAMP_FIELD = 'form_stamp';

export const GUARD_POLICIES = {
  comment: { honeypotField: HONEYPOT_FIELD, stampField: STAMP_FIELD, maxPerIp: 10, maxPerEmail: 5, windowMinutes: 60, maxLinks: 2, refuseDuplicates: true },
  contact: { honeypotField: HONEYPOT_FIELD, stampField: STAMP_FIELD, maxPerIp: 5, maxPerEmail: 3, windowMinutes: 60, maxLinks: 3, refuseDuplicates: true },
  // Each request may mail a confirmation to whatever address was typed: the limit keeps the form
  // from flooding inboxes from one machine. Asking again is how a lost confirmation is resent.
  subscribe: { honeypotField: 'website', maxPerIp: SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR, windowMinutes: 60, refuseDuplicates: false },
  // Incident reports: people behind one Tor exit or carrier share an address, so the limit is
  // generous; links are evidence here, not spam.
  report: { honeypotField: HONEYPOT_FIELD, stampField: STAMP_FIELD, maxPerIp: 10, windowMinutes: 60, refuseDuplicates: true },
  // Opening a report with its receipt: every attempt counts, right or wrong, per address and per
  // receipt code (the "email" slot), so guessing a passphrase stops after a few tries an hour.
  'report-follow-up': { honeypotField: HONEYPOT_FIELD, stampField: STAMP_FIELD, maxPerIp: 20, maxPerEmail: 10, windowMinutes: 60, refuseDuplicates: false },
} satisfies Record<GuardedForm, GuardPolicy>;

export const policyOf = (form: GuardedForm): GuardPolicy => GUARD_POLICIES[form];

/** A person needs longer than this to fill in a form; scripts do not wait. */
export const MIN_FILL_SECONDS = 3;
/**
 * A form older than this is refused (and shown again with a fresh stamp), so a harvested stamp
 * cannot be replayed for ever. Pages are cached, so a stamp is at least as old as the cached copy.
 */
export const MAX_FORM_AGE_HOURS = 48;
/** Accepted submissions are remembered this long, for duplicates; then deleted. */
export const SUBMISSION_RETENTION_DAYS = 30;

export type GuardRefusal = 'honeypot' | 'tooFast' | 'expired' | 'rateLimited' | 'tooManyLinks' | 'duplicate';

const keys = new Map<string, Buffer>();

/** The guard's key, derived from the cookie secret so that no new secret has to be managed. */
export function formGuardKey(config: Pick<Config, 'sessionSecret' | 'dataDir'>): Buffer {
  const id = `${config.dataDir}\0${config.sessionSecret ?? ''}`;
  let key = keys.get(id);
  if (!key) {
    key = createHmac('sha256', loadOrCreateSecret(config.sessionSecret, config.dataDir)).update('dove:form-guard:v1').digest();
    keys.set(id, key);
  }
  return key;
}

function mac(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\0${value}`).digest('base64url');
}

/** `<issued ms>.<signature>`: the signature binds the time to one form (`comment:news:12`). */
export function createStamp(key: Buffer, formId: string, now = Date.now()): string {
  return `${now}.${mac(key, 'stamp', `${formId}\0${now}`)}`;
}

export function checkStamp(key: Buffer, formId: string, stamp: string, now = Date.now()): 'ok' | 'tooFast' | 'expired' {
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(stamp);
  if (!match) return 'expired';
  const issued = Number(match[1]);
  const expected = Buffer.from(mac(key, 'stamp', `${formId}\0${issued}`));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'expired';
  const age = now - issued;
  if (age > MAX_FORM_AGE_HOURS * 3_600_000) return 'expired';
  // A stamp from the future (a clock step between servers) counts as just made.
  if (age < MIN_FILL_SECONDS * 1000) return 'tooFast';
  return 'ok';
}

const URL_LIKE = /\bhttps?:\/\/|\bwww\.[^\s.]/gi;

export function countLinks(text: string): number {
  return text.match(URL_LIKE)?.length ?? 0;
}

/** Text compared for duplicates: case, spacing and Unicode form do not make a message new. */
export function normaliseForComparison(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u200b\u200c\u200d]+/g, ' ').trim();
}

export interface Submission {
  form: GuardedForm;
  /** What it is about: the comment's item (`news:12`) or `contact`. */
  target: string;
  /** The form id the stamp was made for. */
  formId: string;
  stamp: string;
  honeypot: string;
  ip: string;
  email: string;
  /** Everything the person wrote, for the link count and duplicate check. */
  text: string;
}

/** What gets recorded once the submission is stored. */
export interface Fingerprint {
  form: GuardedForm;
  target: string;
  ipHash: string;
  emailHash: string;
  contentHash: string;
}

export type GuardResult =
  | {
      ok: true;
      fingerprint: Fingerprint;
      /** Gives back the points the submission took, when it ends up not stored. */
      giveBack: () => Promise<void>;
    }
  | { ok: false; reason: GuardRefusal };

/**
 * Takes one point from the form's allowance per address and, where the policy has one, per
 * email; undefined when either is spent (then nothing stays taken but the refused attempt).
 */
async function takeAllowance(limits: RateLimits, policy: GuardPolicy, f: Fingerprint): Promise<(() => Promise<void>) | undefined> {
  const windowSeconds = policy.windowMinutes * 60;
  const byIp = limits.limit(`form-${f.form}-address`, { points: policy.maxPerIp, windowSeconds });
  const byEmail = policy.maxPerEmail === undefined ? undefined : limits.limit(`form-${f.form}-email`, { points: policy.maxPerEmail, windowSeconds });
  if (!(await byIp.take(f.ipHash)).ok) return undefined;
  if (byEmail && !(await byEmail.take(f.emailHash)).ok) {
    await byIp.giveBack(f.ipHash);
    return undefined;
  }
  return async () => {
    await Promise.all([byIp.giveBack(f.ipHash), byEmail?.giveBack(f.emailHash)]);
  };
}

/** Runs every check, cheapest first; the limits and the database are asked only when the form itself passed. */
export async function checkSubmission(db: DbOrTx, limits: RateLimits, key: Buffer, s: Submission, now = new Date()): Promise<GuardResult> {
  const policy = policyOf(s.form);
  if (s.honeypot !== '') return { ok: false, reason: 'honeypot' };
  if (policy.stampField) {
    const stamp = checkStamp(key, s.formId, s.stamp, now.getTime());
    if (stamp !== 'ok') return { ok: false, reason: stamp };
  }
  if (policy.maxLinks !== undefined && countLinks(s.text) > policy.maxLinks) return { ok: false, reason: 'tooManyLinks' };
  const fingerprint: Fingerprint = {
    form: s.form,
    target: s.target,
    ipHash: mac(key, 'ip', s.ip),
    emailHash: mac(key, 'email', s.email.trim().toLowerCase()),
    contentHash: mac(key, 'content', normaliseForComparison(s.text)),
  };
  // Keyed hashes, as in the submissions' record: the counts hold no address or email either.
  const giveBack = await takeAllowance(limits, policy, fingerprint);
  if (!giveBack) return { ok: false, reason: 'rateLimited' };
  if (policy.refuseDuplicates && (await hasDuplicateSubmission(db, fingerprint))) {
    await giveBack();
    return { ok: false, reason: 'duplicate' };
  }
  return { ok: true, fingerprint, giveBack };
}

/** Records an accepted submission, in the transaction that stores it; forgets expired ones. */
export async function recordSubmission(tx: DbOrTx, fingerprint: Fingerprint, now = new Date()): Promise<void> {
  await insertSubmission(tx, fingerprint, now.toISOString());
  await pruneSubmissions(tx, new Date(now.getTime() - SUBMISSION_RETENTION_DAYS * 86_400_000).toISOString());
}

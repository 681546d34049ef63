import Tokens from '@fastify/csrf';
import argon2 from 'argon2';
import type { Role } from '../../src/features/accounts/roles.js';
import { SESSION_COOKIE } from '../../src/features/accounts/accounts.plugin.js';
import { createSession } from '../../src/features/accounts/sessions.repository.js';
import type { TestContext } from './test-app.js';

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple 42';

interface UserInput {
  role?: Role;
  email?: string;
  name?: string;
  locale?: 'en' | 'km';
  password?: string;
}

/**
 * One argon2id hash per password for the whole process: argon2 is slow on purpose, and a test
 * needs a real hash of the password, not a salt of its own for every account.
 */
const hashes = new Map<string, Promise<string>>();
function hashOf(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = argon2.hash(password, { type: argon2.argon2id });
    hashes.set(password, hash);
  }
  return hash;
}

/** Inserts a staff account with a real argon2id hash of `TEST_PASSWORD` (or the given one). */
export async function createUser(t: TestContext, input: UserInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  return t.db
    .insertInto('users')
    .values({
      email: input.email ?? `staff${counter}@example.org`,
      name: input.name ?? `Staff ${counter}`,
      passwordHash: await hashOf(input.password ?? TEST_PASSWORD),
      role: input.role ?? 'editor',
      locale: input.locale ?? 'en',
      totpSecret: null,
      totpEnabledAt: null,
      lockedUntil: null,
      disabledAt: null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'email', 'role'])
    .executeTakeFirstOrThrow();
}

export interface StaffAgent {
  userId: number;
  /** Send as the `cookie` header: the session and the CSRF secret. */
  cookie: string;
  /** Put in a form's `_csrf` field (or the `x-csrf-token` header). */
  csrfToken: string;
}

/**
 * A signed-in staff member with a valid CSRF pair, made directly (no sign-in form), for tests
 * of features behind the admin. The session counts as past its second factor.
 */
export async function signInAs(t: TestContext, role: Role = 'editor', input: UserInput = {}): Promise<StaffAgent> {
  const user = await createUser(t, { ...input, role });
  const { token } = await createSession(
    t.db,
    user.id,
    { ip: '127.0.0.1', userAgent: 'test', twoFactorVerified: true },
    { idleMinutes: t.config.sessionIdleMinutes, maxHours: t.config.sessionMaxHours },
  );
  const tokens = Tokens();
  const secret = tokens.secretSync();
  const signed = t.app.signCookie(secret);
  return {
    userId: user.id,
    cookie: `${SESSION_COOKIE}=${token}; _csrf=${encodeURIComponent(signed)}`,
    csrfToken: tokens.create(secret),
  };
}

/** The cookies a response set, as one `cookie` header value (later ones replace earlier ones). */
export function cookiesFrom(res: { cookies: Array<{ name: string; value: string }> }, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(/;\s*/).filter(Boolean)) {
    const at = part.indexOf('=');
    jar.set(part.slice(0, at), part.slice(at + 1));
  }
  for (const c of res.cookies) {
    if (c.value === '') jar.delete(c.name);
    else jar.set(c.name, c.name === '_csrf' ? encodeURIComponent(c.value) : c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** A form's CSRF token from a rendered page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** A url-encoded form body. */
export function form(fields: Record<string, string>): { headers: Record<string, string>; payload: string } {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() };
}

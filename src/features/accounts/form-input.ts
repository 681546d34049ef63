import { z } from 'zod';

/** One text field of a url-encoded form body; anything missing or not a string is ''. */
export function field(body: unknown, name: string, maxLength = 500): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

const emailSchema = z.email().max(320);

export function isEmail(value: string): boolean {
  return emailSchema.safeParse(value.trim()).success;
}

/**
 * Where to go after signing in: only a path inside the admin of this site, never another host
 * (`//evil.example`, `/\evil.example`) nor a public page.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/admin';
  return /^\/admin(?:[/?#][^\\\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}

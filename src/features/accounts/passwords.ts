import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** Shorter passwords are refused: length is what makes a password hard to guess. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused before hashing, so a huge body cannot keep argon2 busy. */
export const MAX_PASSWORD_LENGTH = 200;

const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export type PasswordProblem = 'passwordTooShort' | 'passwordTooLong' | 'passwordCommon' | 'passwordIsEmail';

/** Why a new password is refused, or null when it may be used. */
export function checkPasswordPolicy(password: string, email: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'passwordTooShort';
  if (password.length > MAX_PASSWORD_LENGTH) return 'passwordTooLong';
  const lower = password.trim().toLowerCase();
  if (commonPasswords.has(lower)) return 'passwordCommon';
  if (lower === email.trim().toLowerCase()) return 'passwordIsEmail';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown email) a decoy hash is
 * checked instead, so an unknown address takes as long to refuse as a wrong password.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!hash) {
    decoyHash ??= hashPassword('decoy password that nobody uses');
    await argon2.verify(await decoyHash, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

import type { Vault } from '../../crypto/envelope.js';

/**
 * TOTP secrets are sealed with the vault like protected case data: a copy of the database
 * without the key must not let anyone compute an account's codes. The context binds a sealed
 * secret to this column.
 */
export const TOTP_SECRET_CONTEXT = 'users.totp_secret';

/** Sealed columns of the accounts feature, walked by key rotation and the start-up key check. */
export const ACCOUNT_SEALED_FIELDS = { users: ['totp_secret'] } as const satisfies Record<string, readonly string[]>;

/** Sealed values start with the envelope's text prefix; base32 secrets never contain a dot. */
export function isSealedTotpSecret(stored: string): boolean {
  return stored.startsWith('dv1.');
}

export function sealTotpSecret(vault: Vault, secret: string): string {
  return vault.seal(secret, TOTP_SECRET_CONTEXT);
}

/**
 * The secret of a stored value. A database from before sealing may still hold a clear one until
 * the next start seals it (sealClearTotpSecrets); it is read as it is meanwhile.
 */
export function openTotpSecret(vault: Vault, stored: string): string {
  return isSealedTotpSecret(stored) ? vault.open(stored, TOTP_SECRET_CONTEXT) : stored;
}

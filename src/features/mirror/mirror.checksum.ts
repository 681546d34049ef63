import { createHash } from 'node:crypto';

/** The SHA-256 of a file of the copy, in hex: what the manifest lists and `verify` compares. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

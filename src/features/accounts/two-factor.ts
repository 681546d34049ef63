import { createHash, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';

/** Steps either side of now that a TOTP code may come from (clock drift of the phone). */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE_BYTES = 10;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string, issuer: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ secret, label, issuer, period: TOTP_PERIOD_SECONDS });
}

/**
 * The time step a code belongs to, or null when it matches none within the window. The caller
 * stores the step so the same code cannot be used twice.
 */
export function matchTotpStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, 'x', 'x').validate({ token, timestamp: now, window: TOTP_WINDOW_STEPS });
  if (delta === null) return null;
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The otpauth:// URI and its QR code as a data: URL of an SVG (the CSP allows data: images). */
export async function totpEnrolment(secret: string, label: string, issuer: string) {
  const uri = totpFor(secret, label, issuer).toString();
  // Loaded at enrolment only, not with every server start.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2 });
  return { uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Groups of five letters and digits, easy to copy; 80 random bits each. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(RECOVERY_CODE_BYTES).toString('hex').slice(0, 20);
    return raw.match(/.{5}/g)!.join('-');
  });
}

/** Recovery codes are random and long, so a plain SHA-256 is enough to store them. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^0-9a-f]/g, '');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return normaliseRecoveryCode(code).length === 20;
}

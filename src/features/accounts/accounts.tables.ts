import type { Generated } from 'kysely';
import type { Role } from './roles.js';

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** argon2id, with its parameters and salt in the encoded string. */
  passwordHash: string;
  role: Role;
  locale: string;
  /** Base32 TOTP secret; set during enrolment, in force once totp_enabled_at is set. */
  totpSecret: string | null;
  totpEnabledAt: string | null;
  /** The TOTP time step last accepted; codes of that step or older are refused (migration 0005). */
  totpLastStep: number | null;
  failedSignIns: Generated<number>;
  lockedUntil: string | null;
  disabledAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  userId: number;
  codeHash: string;
  usedAt: string | null;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token in the cookie. */
  id: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end of the session, whatever its activity. */
  expiresAt: string;
  /** 1 once the second factor was checked (or the user has none and needs none). */
  twoFactorVerified: Generated<number>;
  ip: string | null;
  userAgent: string | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  at: string;
  email: string;
  ip: string;
  succeeded: number;
}

export interface AccountTables {
  users: UserTable;
  recoveryCodes: RecoveryCodeTable;
  sessions: SessionTable;
  signInAttempts: SignInAttemptTable;
}

declare module '../../db/database.js' {
  interface Database extends AccountTables {}
}

import type { Locale } from '../../i18n/locales.js';
import type { Role } from './roles.js';

/** The signed-in staff member, as every admin route sees them (`request.user`). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The language of the admin for this user (their preference). */
  locale: Locale;
  /** The id of the current session row, so a user can see and end their other sessions. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null for anonymous visitors; set by the accounts plugin from the session cookie. */
    user: SessionUser | null;
  }
}

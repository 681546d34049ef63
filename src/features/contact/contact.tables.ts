import type { Generated } from 'kysely';

export const CONTACT_STATUSES = ['new', 'answered', 'archived'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** A message a reader sent through Contact Us; also mailed to the organisation's address. */
export interface ContactMessageTable {
  id: Generated<number>;
  /** The language of the page it was sent from. */
  locale: string;
  name: string;
  email: string;
  subject: string;
  message: string;
  status: Generated<ContactStatus>;
  createdAt: string;
  updatedAt: string;
}

export interface ContactTables {
  contactMessages: ContactMessageTable;
}

declare module '../../db/database.js' {
  interface Database extends ContactTables {}
}

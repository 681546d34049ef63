import type { Generated } from 'kysely';
import type { Locale } from '../../i18n/locales.js';

export const MAILING_STATUSES = ['draft', 'sending', 'sent'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];
/** Which subscribers' language a mailing goes to: everyone, or only those who chose one language. */
export type SegmentLocale = 'all' | Locale;

export interface MailingTable {
  id: Generated<number>;
  status: MailingStatus;
  /** The topics of the segment, comma-separated: a subscriber of any of them receives it. */
  topics: string;
  segmentLocale: SegmentLocale;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  sentBy: number | null;
  recipientCount: number | null;
}

export interface MailingTranslationTable {
  mailingId: number;
  locale: Locale;
  subject: string;
  bodyMarkdown: string;
  bodyHtml: string;
}

export interface MailingTables {
  mailings: MailingTable;
  mailingTranslations: MailingTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends MailingTables {}
}

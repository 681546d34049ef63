import type { Generated } from 'kysely';
import type { FormGuardTables } from '../form-guard/form-guard.tables.js';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** The content types that take comments; each has its own column referencing its table. */
export const COMMENT_ITEM_TYPES = ['news', 'publication'] as const;
export type CommentItemType = (typeof COMMENT_ITEM_TYPES)[number];

export interface CommentTable {
  id: Generated<number>;
  itemType: CommentItemType;
  newsPostId: number | null;
  publicationId: number | null;
  /** The language of the page it was written on; it is shown on that language's page only. */
  locale: string;
  authorName: string;
  /** Required from the commenter, seen by moderators only: never in a public page. */
  authorEmail: string;
  /** Plain text as typed (NFC, LF line ends); rendered escaped, with web addresses linked. */
  body: string;
  status: Generated<CommentStatus>;
  createdAt: string;
  moderatedAt: string | null;
  moderatedBy: number | null;
}

/** The spam defence's table is part of this slice's migration (0008), shared with Contact Us. */
export interface CommentTables extends FormGuardTables {
  comments: CommentTable;
}

declare module '../../db/database.js' {
  interface Database extends CommentTables {}
}

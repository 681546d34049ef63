import type { Generated } from 'kysely';

/**
 * Columns every public content item shares. Dates are ISO 8601 text in both engines
 * (`2024-10-10` or `2024-10-10T09:00:00.000Z`): they sort as text, compare as text and
 * come back as the same type from SQLite and PostgreSQL.
 */
export interface ContentItemColumns {
  id: Generated<number>;
  slug: string;
  status: ContentStatus;
  /** When the item became (or becomes) public; also its public date. */
  publishedAt: string | null;
  /** SPDX-style licence id; CC-BY-4.0 unless an editor chose another. */
  licence: Generated<string>;
  createdAt: string;
  updatedAt: string;
}

export const CONTENT_STATUSES = ['draft', 'in_review', 'scheduled', 'published'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** One row per item and locale: an item may exist in one language only. */
export interface TranslationColumns {
  itemId: number;
  locale: string;
}

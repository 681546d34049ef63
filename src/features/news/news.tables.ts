import type { Generated } from 'kysely';
import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export const NEWS_KINDS = ['press_release', 'media_comment', 'letter', 'alert', 'in_the_news'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

export interface NewsPostTable extends ContentItemColumns {
  kind: NewsKind;
  /** For "in the news": the outside article and the outlet that ran it. */
  externalUrl: string | null;
  outlet: string | null;
  /** Whether readers may comment (migration 0008); 1 by default. */
  commentsEnabled: Generated<number>;
  coverFileId: number | null;
}

export interface NewsPostTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
}

export interface NewsPostTopicTable {
  newsPostId: number;
  topicId: number;
}

export interface NewsTables {
  newsPosts: NewsPostTable;
  newsPostTranslations: NewsPostTranslationTable;
  newsPostTopics: NewsPostTopicTable;
}

declare module '../../db/database.js' {
  interface Database extends NewsTables {}
}

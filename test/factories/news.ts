import type { Db } from '../../src/db/database.js';
import type { ContentStatus } from '../../src/features/content.tables.js';
import type { NewsKind } from '../../src/features/news/news.tables.js';

type Text = { title: string; summary?: string; bodyHtml?: string };

interface NewsPostInput {
  slug?: string;
  kind?: NewsKind;
  status?: ContentStatus;
  publishedAt?: string;
  externalUrl?: string;
  outlet?: string;
  topicIds?: number[];
  translations?: Partial<Record<'en' | 'km', Text>>;
}

let counter = 0;

export async function createNewsPost(db: Db, input: NewsPostInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const post = await db
    .insertInto('newsPosts')
    .values({
      slug: input.slug ?? `news-${counter}`,
      kind: input.kind ?? 'press_release',
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01',
      externalUrl: input.externalUrl ?? null,
      outlet: input.outlet ?? null,
      coverFileId: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? { en: { title: `News ${counter}` }, km: { title: `ព័ត៌មាន ${counter}` } };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('newsPostTranslations')
      .values({ itemId: post.id, locale, title: t.title, summary: t.summary ?? null, bodyHtml: t.bodyHtml ?? '<p>Body</p>' })
      .execute();
  }
  for (const topicId of input.topicIds ?? []) {
    await db.insertInto('newsPostTopics').values({ newsPostId: post.id, topicId }).execute();
  }
  return post;
}

import type { Db } from '../../src/db/database.js';

interface PageInput {
  slug?: string;
  status?: 'draft' | 'published';
  publishedAt?: string;
  translations?: Partial<Record<'en' | 'km', { title: string; summary?: string; bodyHtml?: string }>>;
}

let counter = 0;

export async function createPage(db: Db, input: PageInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const page = await db
    .insertInto('pages')
    .values({
      slug: input.slug ?? `page-${counter}`,
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? { en: { title: `Page ${counter}` }, km: { title: `ទំព័រ ${counter}` } };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('pageTranslations')
      .values({ itemId: page.id, locale, title: t.title, summary: t.summary ?? null, bodyHtml: t.bodyHtml ?? '<p>Body</p>' })
      .execute();
  }
  return page;
}

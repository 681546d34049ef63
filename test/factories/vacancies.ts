import type { Db } from '../../src/db/database.js';

interface VacancyInput {
  slug?: string;
  status?: 'draft' | 'published';
  publishedAt?: string;
  /** Last day to apply, YYYY-MM-DD. */
  deadline?: string;
  translations?: Partial<Record<'en' | 'km', { title: string; summary?: string; bodyHtml?: string; location?: string }>>;
}

let counter = 0;

/** A day relative to today (UTC), as YYYY-MM-DD: `dayFromToday(30)` is a month ahead. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export async function createVacancy(db: Db, input: VacancyInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const vacancy = await db
    .insertInto('vacancies')
    .values({
      slug: input.slug ?? `vacancy-${counter}`,
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
      deadline: input.deadline ?? dayFromToday(30),
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? {
    en: { title: `Vacancy ${counter}`, location: 'Phnom Penh' },
    km: { title: `មុខតំណែង ${counter}`, location: 'ភ្នំពេញ' },
  };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('vacancyTranslations')
      .values({
        itemId: vacancy.id,
        locale,
        title: t.title,
        summary: t.summary ?? null,
        bodyHtml: t.bodyHtml ?? '<p>How to apply.</p>',
        location: t.location ?? null,
      })
      .execute();
  }
  return vacancy;
}

import type { Db } from '../../src/db/database.js';
import type { ContentStatus } from '../../src/features/content.tables.js';

type Text = { title: string; summary?: string; bodyHtml?: string; location?: string };

interface EventInput {
  slug?: string;
  status?: ContentStatus;
  publishedAt?: string;
  startsAt?: string;
  endsAt?: string | null;
  coverFileId?: number | null;
  translations?: Partial<Record<'en' | 'km', Text>>;
}

let counter = 0;

const DAY_MS = 86_400_000;

/** An ISO instant this many days from now (negative: in the past). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString();
}

export async function createEvent(db: Db, input: EventInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const event = await db
    .insertInto('events')
    .values({
      slug: input.slug ?? `event-${counter}`,
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
      startsAt: input.startsAt ?? daysFromNow(7),
      endsAt: input.endsAt ?? null,
      coverFileId: input.coverFileId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? {
    en: { title: `Event ${counter}`, location: 'Phnom Penh' },
    km: { title: `ព្រឹត្តិការណ៍ ${counter}`, location: 'ភ្នំពេញ' },
  };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('eventTranslations')
      .values({
        itemId: event.id,
        locale,
        title: t.title,
        summary: t.summary ?? null,
        bodyHtml: t.bodyHtml ?? '<p>Body</p>',
        location: t.location ?? null,
      })
      .execute();
  }
  return event;
}

import type { Db } from '../../src/db/database.js';

interface TopicInput {
  slug?: string;
  names?: Partial<Record<'en' | 'km', string>>;
  sortOrder?: number;
}

let counter = 0;

export async function createTopic(db: Db, input: TopicInput = {}) {
  counter += 1;
  const topic = await db
    .insertInto('topics')
    .values({ slug: input.slug ?? `topic-${counter}`, sortOrder: input.sortOrder ?? 100 + counter })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const names = input.names ?? { en: `Topic ${counter}`, km: `ប្រធានបទ ${counter}` };
  for (const [locale, name] of Object.entries(names)) {
    await db.insertInto('topicTranslations').values({ itemId: topic.id, locale, name }).execute();
  }
  return topic;
}

/** The id of an existing topic (the fixture site seeds land-rights and fundamental-freedoms). */
export async function topicId(db: Db, slug: string): Promise<number> {
  const row = await db.selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

import type { Db } from '../../src/db/database.js';
import type { PersonGroup } from '../../src/features/people/people.tables.js';

interface PersonInput {
  slug?: string;
  group?: PersonGroup;
  status?: 'draft' | 'published';
  sortOrder?: number;
  photoFileId?: number | null;
  translations?: Partial<Record<'en' | 'km', { name: string; role: string; bio?: string }>>;
}

let counter = 0;

export async function createPerson(db: Db, input: PersonInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const person = await db
    .insertInto('people')
    .values({
      slug: input.slug ?? `person-${counter}`,
      group: input.group ?? 'staff',
      status: input.status ?? 'published',
      photoFileId: input.photoFileId ?? null,
      sortOrder: input.sortOrder ?? counter,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? {
    en: { name: `Person ${counter}`, role: 'Researcher' },
    km: { name: `បុគ្គល ${counter}`, role: 'អ្នកស្រាវជ្រាវ' },
  };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('personTranslations')
      .values({ itemId: person.id, locale, name: t.name, role: t.role, bio: t.bio ?? null })
      .execute();
  }
  return person;
}

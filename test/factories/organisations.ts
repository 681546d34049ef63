import type { Db } from '../../src/db/database.js';
import type { OrganisationKind } from '../../src/features/organisations/organisations.tables.js';

interface OrganisationInput {
  slug?: string;
  kind?: OrganisationKind;
  status?: 'draft' | 'published';
  url?: string | null;
  logoFileId?: number | null;
  inDonorsStrip?: boolean;
  sortOrder?: number;
  translations?: Partial<Record<'en' | 'km', { name: string; description?: string }>>;
}

let counter = 0;

export async function createOrganisation(db: Db, input: OrganisationInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const organisation = await db
    .insertInto('organisations')
    .values({
      slug: input.slug ?? `organisation-${counter}`,
      kind: input.kind ?? 'donor',
      status: input.status ?? 'published',
      url: input.url === undefined ? `https://org${counter}.example.org/` : input.url,
      logoFileId: input.logoFileId ?? null,
      inDonorsStrip: input.inDonorsStrip ? 1 : 0,
      sortOrder: input.sortOrder ?? counter,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? { en: { name: `Organisation ${counter}` } };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('organisationTranslations')
      .values({ itemId: organisation.id, locale, name: t.name, description: t.description ?? null })
      .execute();
  }
  return organisation;
}

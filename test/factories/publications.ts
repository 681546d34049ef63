import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import type { ContentStatus } from '../../src/features/content.tables.js';
import type { PublicationType } from '../../src/features/publications/publications.tables.js';

type Text = { title: string; summary?: string; bodyHtml?: string };

interface PublicationInput {
  slug?: string;
  type?: PublicationType;
  status?: ContentStatus;
  publishedAt?: string;
  licence?: string;
  projectId?: number;
  coverFileId?: number;
  topicIds?: number[];
  translations?: Partial<Record<'en' | 'km', Text>>;
  files?: Array<{ locale: 'en' | 'km'; size?: number; label?: string }>;
}

let counter = 0;

/** A stored file row with a made-up but well-formed SHA-256; the bytes themselves are not needed. */
export async function createFileRow(db: Db, input: { size?: number; mime?: string; originalName?: string } = {}) {
  counter += 1;
  const sha256 = createHash('sha256').update(`dove-test-file-${counter}-${Math.random()}`).digest('hex');
  return db
    .insertInto('files')
    .values({
      sha256,
      mime: input.mime ?? 'application/pdf',
      size: input.size ?? 250_000,
      originalName: input.originalName ?? `document-${counter}.pdf`,
      width: null,
      height: null,
      createdAt: new Date().toISOString(),
    })
    .returning(['id', 'sha256'])
    .executeTakeFirstOrThrow();
}

export async function createPublication(db: Db, input: PublicationInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const publication = await db
    .insertInto('publications')
    .values({
      slug: input.slug ?? `publication-${counter}`,
      type: input.type ?? 'report',
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01',
      ...(input.licence ? { licence: input.licence } : {}),
      projectId: input.projectId ?? null,
      coverFileId: input.coverFileId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? {
    en: { title: `Publication ${counter}` },
    km: { title: `ឯកសារ ${counter}` },
  };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('publicationTranslations')
      .values({
        itemId: publication.id,
        locale,
        title: t.title,
        summary: t.summary ?? null,
        bodyHtml: t.bodyHtml ?? '<p>Body</p>',
      })
      .execute();
  }
  for (const topicId of input.topicIds ?? []) {
    await db.insertInto('publicationTopics').values({ publicationId: publication.id, topicId }).execute();
  }
  const files = [];
  for (const [i, f] of (input.files ?? []).entries()) {
    const file = await createFileRow(db, { size: f.size ?? 250_000 });
    await db
      .insertInto('publicationFiles')
      .values({ publicationId: publication.id, locale: f.locale, fileId: file.id, label: f.label ?? null, sortOrder: i })
      .execute();
    files.push({ ...file, locale: f.locale });
  }
  return { ...publication, files };
}

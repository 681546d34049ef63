import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import type { ProjectKind } from '../../src/features/projects/projects.tables.js';

type Locale = 'en' | 'km';

interface ProjectInput {
  slug?: string;
  kind?: ProjectKind;
  status?: 'draft' | 'published';
  publishedAt?: string;
  startedOn?: string | null;
  endedOn?: string | null;
  sortOrder?: number;
  coverFileId?: number | null;
  licence?: string;
  translations?: Partial<Record<Locale, { title: string; summary?: string; bodyHtml?: string }>>;
}

let counter = 0;

export async function createProject(db: Db, input: ProjectInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const project = await db
    .insertInto('projects')
    .values({
      slug: input.slug ?? `project-${counter}`,
      kind: input.kind ?? 'current',
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
      startedOn: input.startedOn === undefined ? '2020-01-01' : input.startedOn,
      endedOn: input.endedOn ?? null,
      sortOrder: input.sortOrder ?? counter,
      coverFileId: input.coverFileId ?? null,
      ...(input.licence ? { licence: input.licence } : {}),
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? {
    en: { title: `Project ${counter}`, summary: `Summary of project ${counter}` },
    km: { title: `គម្រោង ${counter}` },
  };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('projectTranslations')
      .values({ itemId: project.id, locale, title: t.title, summary: t.summary ?? null, bodyHtml: t.bodyHtml ?? '<p>About the project.</p>' })
      .execute();
  }
  return project;
}

/** Widths of the fake renditions; the bytes behind them never exist, only their rows. */
const TEST_IMAGE_WIDTHS = [480, 960, 1600] as const;

/**
 * An image as the media tables describe it (file, renditions, alt text), without pixels:
 * enough for pages that draw a <picture>.
 */
export async function createTestImage(db: Db, alt: Partial<Record<Locale, string>> = { en: 'A test image' }) {
  const file = await db
    .insertInto('files')
    .values({
      sha256: randomBytes(32).toString('hex'),
      mime: 'image/jpeg',
      size: 1000,
      originalName: 'test.jpg',
      width: 1600,
      height: 900,
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const width of TEST_IMAGE_WIDTHS) {
    for (const format of ['webp', 'jpeg']) {
      await db
        .insertInto('imageVariants')
        .values({ fileId: file.id, format, width, height: Math.round((width * 9) / 16), sha256: randomBytes(32).toString('hex'), size: 100 })
        .execute();
    }
  }
  const alts = Object.entries(alt);
  if (alts.length) {
    await db
      .insertInto('fileTranslations')
      .values(alts.map(([locale, text]) => ({ itemId: file.id, locale, alt: text, caption: null })))
      .execute();
  }
  return file.id;
}

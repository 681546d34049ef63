import type { Insertable } from 'kysely';
import type { ContentStatus } from '../../src/features/content.tables.js';
import type { NewsKind, NewsPostTable, NewsPostTranslationTable } from '../../src/features/news/news.tables.js';
import type {
  PublicationTable,
  PublicationTopicTable,
  PublicationTranslationTable,
  PublicationType,
} from '../../src/features/publications/publications.tables.js';
import { generateBody, generateSummary, slugify, toKhmerDigits, type Random } from './text.js';
import { NEWS_KIND_WEIGHTS, NEWS_TITLE_PREFIX, OUTLETS, PROVINCES, SUBJECTS, TYPE_LABELS, TYPE_WEIGHTS, type Bilingual } from './words.js';

/** Public dates fall in 2010-01-01 … 2026-10-31; fixed, so a cached data set never drifts. */
const FIRST_DATE = Date.UTC(2010, 0, 1);
const LAST_DATE = Date.UTC(2026, 9, 31, 23, 59);
/** Scheduled items are dated well after any plausible bench run. */
const SCHEDULED_FROM = Date.UTC(2030, 0, 1);

/** What the generator draws from the seeded database: ids it may point at. */
export interface ExistingRows {
  topicIds: number[];
  projectIds: number[];
  imageFileIds: number[];
  firstPublicationId: number;
  firstNewsPostId: number;
}

export interface PublicationBatch {
  publications: Array<Insertable<PublicationTable> & { id: number }>;
  translations: Array<Insertable<PublicationTranslationTable>>;
  topics: Array<Insertable<PublicationTopicTable>>;
}

export interface NewsBatch {
  posts: Array<Insertable<NewsPostTable> & { id: number }>;
  translations: Array<Insertable<NewsPostTranslationTable>>;
  topics: Array<{ newsPostId: number; topicId: number }>;
}

type Locale = 'en' | 'km';

/** About 80 % of items exist in both languages, the rest in one (mostly English). */
function pickLocales(rng: Random): Locale[] {
  const roll = rng.next();
  if (roll < 0.8) return ['en', 'km'];
  return roll < 0.92 ? ['en'] : ['km'];
}

function pickStatus(rng: Random): { status: ContentStatus; publishedAt: string | null } {
  const roll = rng.next();
  if (roll < 0.02) return { status: 'draft', publishedAt: null };
  if (roll < 0.04) {
    return { status: 'scheduled', publishedAt: new Date(SCHEDULED_FROM + rng.int(0, 700) * 86_400_000).toISOString() };
  }
  return { status: 'published', publishedAt: new Date(FIRST_DATE + rng.next() * (LAST_DATE - FIRST_DATE)).toISOString() };
}

function yearOf(publishedAt: string | null): number {
  return publishedAt ? Number(publishedAt.slice(0, 4)) : 2026;
}

function publicationTitle(rng: Random, type: PublicationType, subject: Bilingual, place: Bilingual, year: number): Bilingual {
  const label = TYPE_LABELS[type];
  const kmYear = toKhmerDigits(year);
  switch (rng.int(0, 2)) {
    case 0:
      return {
        en: `${subject.en} in ${place.en}: ${label.en.toLowerCase()} ${year}`,
        km: `${label.km}ស្តីពី${subject.km}នៅ${place.km} ឆ្នាំ${kmYear}`,
      };
    case 1:
      return {
        en: `${label.en}: ${subject.en.charAt(0).toLowerCase()}${subject.en.slice(1)} (${year})`,
        km: `${label.km}៖ ${subject.km} (${kmYear})`,
      };
    default:
      return {
        en: `${subject.en}: monitoring update from ${place.en}, ${year}`,
        km: `${subject.km}៖ ព័ត៌មានថ្មីពីការតាមដាននៅ${place.km} ឆ្នាំ${kmYear}`,
      };
  }
}

/** `count` publications with ids from `existing.firstPublicationId`, deterministic for a seed. */
export function generatePublications(rng: Random, existing: ExistingRows, count: number): PublicationBatch {
  const batch: PublicationBatch = { publications: [], translations: [], topics: [] };
  for (let n = 0; n < count; n++) {
    const id = existing.firstPublicationId + n;
    const type = rng.weighted(TYPE_WEIGHTS);
    const subject = rng.pick(SUBJECTS);
    const place = rng.pick(PROVINCES);
    const { status, publishedAt } = pickStatus(rng);
    const year = yearOf(publishedAt);
    const title = publicationTitle(rng, type, subject, place, year);
    const stamp = publishedAt ?? new Date(LAST_DATE).toISOString();
    batch.publications.push({
      id,
      // The id suffix keeps slugs unique while they still read like an editor's slug.
      slug: `${slugify(title.en).slice(0, 70).replace(/-+$/, '')}-${id}`,
      status,
      publishedAt,
      createdAt: stamp,
      updatedAt: stamp,
      type,
      coverFileId: existing.imageFileIds.length && rng.chance(0.6) ? rng.pick(existing.imageFileIds) : null,
      projectId: existing.projectIds.length && rng.chance(0.3) ? rng.pick(existing.projectIds) : null,
    });
    const words = rng.int(300, 800);
    for (const locale of pickLocales(rng)) {
      batch.translations.push({
        itemId: id,
        locale,
        title: title[locale],
        summary: generateSummary(rng, locale, subject, place),
        bodyHtml: generateBody(rng, locale, year, words),
      });
    }
    for (const topicId of rng.sample(existing.topicIds, rng.int(1, 3))) batch.topics.push({ publicationId: id, topicId });
  }
  return batch;
}

/** `count` news posts of every kind; "in the news" items link to an invented outlet. */
export function generateNews(rng: Random, existing: ExistingRows, count: number): NewsBatch {
  const batch: NewsBatch = { posts: [], translations: [], topics: [] };
  for (let n = 0; n < count; n++) {
    const id = existing.firstNewsPostId + n;
    const kind: NewsKind = rng.weighted(NEWS_KIND_WEIGHTS);
    const subject = rng.pick(SUBJECTS);
    const place = rng.pick(PROVINCES);
    const { status, publishedAt } = pickStatus(rng);
    const year = yearOf(publishedAt);
    const prefix = NEWS_TITLE_PREFIX[kind];
    const title = { en: `${prefix.en}: ${subject.en} in ${place.en}`, km: `${prefix.km}៖ ${subject.km}នៅ${place.km}` };
    const stamp = publishedAt ?? new Date(LAST_DATE).toISOString();
    const slug = `${slugify(title.en).slice(0, 70).replace(/-+$/, '')}-${id}`;
    batch.posts.push({
      id,
      slug,
      status,
      publishedAt,
      createdAt: stamp,
      updatedAt: stamp,
      kind,
      externalUrl: kind === 'in_the_news' ? `https://news.example.org/${year}/${slug}` : null,
      outlet: kind === 'in_the_news' ? rng.pick(OUTLETS) : null,
      coverFileId: existing.imageFileIds.length && rng.chance(0.5) ? rng.pick(existing.imageFileIds) : null,
    });
    const words = rng.int(150, 500);
    for (const locale of pickLocales(rng)) {
      batch.translations.push({
        itemId: id,
        locale,
        title: title[locale],
        summary: generateSummary(rng, locale, subject, place),
        bodyHtml: generateBody(rng, locale, year, words),
      });
    }
    for (const topicId of rng.sample(existing.topicIds, rng.int(0, 2))) batch.topics.push({ newsPostId: id, topicId });
  }
  return batch;
}

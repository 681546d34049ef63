import { xml2js, type Element } from 'xml-js';
import type { Db } from '../../src/db/database.js';
import type { ContentStatus } from '../../src/features/content.tables.js';
import type { NewsKind } from '../../src/features/news/news.tables.js';
import type { ProjectKind } from '../../src/features/projects/projects.tables.js';

/** Rows for the content types feeds and the sitemap read, inserted directly. */

type Text = { title: string; summary?: string };

interface ItemInput {
  slug?: string;
  status?: ContentStatus;
  publishedAt?: string;
  updatedAt?: string;
  translations?: Partial<Record<'en' | 'km', Text>>;
}

let counter = 0;

function itemColumns(prefix: string, input: ItemInput) {
  counter += 1;
  const now = new Date().toISOString();
  return {
    slug: input.slug ?? `${prefix}-${counter}`,
    status: input.status ?? 'published',
    publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
    createdAt: now,
    updatedAt: input.updatedAt ?? now,
  };
}

function textsOf(input: ItemInput, label: string) {
  const texts = input.translations ?? { en: { title: `${label} ${counter}` }, km: { title: `${label} ${counter} ខ្មែរ` } };
  return Object.entries(texts).map(([locale, t]) => ({ locale, title: t.title, summary: t.summary ?? null }));
}

export async function createNewsPost(db: Db, input: ItemInput & { kind?: NewsKind; topicIds?: number[] } = {}) {
  const row = await db
    .insertInto('newsPosts')
    .values({ ...itemColumns('news', input), kind: input.kind ?? 'press_release', externalUrl: null, outlet: null, coverFileId: null })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const texts = textsOf(input, 'News');
  await db.insertInto('newsPostTranslations').values(texts.map((t) => ({ ...t, itemId: row.id, bodyHtml: '<p>Body</p>' }))).execute();
  for (const topicId of input.topicIds ?? []) {
    await db.insertInto('newsPostTopics').values({ newsPostId: row.id, topicId }).execute();
  }
  return row;
}

export async function createEvent(db: Db, input: ItemInput & { startsAt?: string } = {}) {
  const row = await db
    .insertInto('events')
    .values({ ...itemColumns('event', input), startsAt: input.startsAt ?? '2024-06-01T09:00:00.000Z', endsAt: null, coverFileId: null })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const texts = textsOf(input, 'Event');
  await db
    .insertInto('eventTranslations')
    .values(texts.map((t) => ({ ...t, itemId: row.id, bodyHtml: '', location: null })))
    .execute();
  return row;
}

export async function createProject(db: Db, input: ItemInput & { kind?: ProjectKind } = {}) {
  const row = await db
    .insertInto('projects')
    .values({ ...itemColumns('project', input), kind: input.kind ?? 'current', startedOn: null, endedOn: null, coverFileId: null, sortOrder: 0 })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const texts = textsOf(input, 'Project');
  await db.insertInto('projectTranslations').values(texts.map((t) => ({ ...t, itemId: row.id, bodyHtml: '' }))).execute();
  return row;
}

export async function createAlbum(db: Db, input: ItemInput = {}) {
  const row = await db
    .insertInto('albums')
    .values({ ...itemColumns('album', input), takenOn: null, coverFileId: null })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const texts = textsOf(input, 'Album');
  await db
    .insertInto('albumTranslations')
    .values(texts.map((t) => ({ itemId: row.id, locale: t.locale, title: t.title, description: t.summary })))
    .execute();
  return row;
}

/** `deadline` is the last day to apply (YYYY-MM-DD in the site's time zone). */
export async function createVacancy(db: Db, input: ItemInput & { deadline: string }) {
  const row = await db
    .insertInto('vacancies')
    .values({ ...itemColumns('vacancy', input), deadline: input.deadline })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const texts = textsOf(input, 'Vacancy');
  await db
    .insertInto('vacancyTranslations')
    .values(texts.map((t) => ({ ...t, itemId: row.id, bodyHtml: '', location: null })))
    .execute();
  return row;
}

/** An XML element, read back from a response for assertions. */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  /** Text and CDATA content, joined. */
  text: string;
  children: XmlNode[];
}

function toNode(element: Element): XmlNode {
  const inner = element.elements ?? [];
  return {
    name: element.name ?? '',
    attributes: Object.fromEntries(Object.entries(element.attributes ?? {}).map(([k, v]) => [k, String(v)])),
    text: inner.map((e) => (e.type === 'text' ? String(e.text) : e.type === 'cdata' ? (e.cdata ?? '') : '')).join(''),
    children: inner.filter((e) => e.type === 'element').map(toNode),
  };
}

/** Parses with a strict parser, so malformed XML (an unescaped `&` or `<`) throws. */
export function parseXml(xml: string): XmlNode {
  const doc = xml2js(xml, { compact: false }) as Element;
  const root = doc.elements?.find((e) => e.type === 'element');
  if (!root) throw new Error('no root element');
  return toNode(root);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function childNamed(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${node.name}> has no <${name}>`);
  return found;
}

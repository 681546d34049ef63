/**
 * Every content type, described once. The editor, the public routes, search, the sitemap,
 * feeds, previews, the dashboard and the admin navigation read these facts; a type's key is
 * its one name everywhere it is stored (audit rows' subject type, revisions, the search index,
 * subscriber notifications).
 */
export const CONTENT_TYPE_KEYS = [
  'page', 'publication', 'news', 'project', 'event', 'album', 'person', 'organisation', 'vacancy', 'topic',
] as const;
export type ContentTypeKey = (typeof CONTENT_TYPE_KEYS)[number];

/**
 * - `full`: draft → in review → published, with a publication date (and scheduling);
 * - `status`: the item is public when its status is published, it has no date (people);
 * - `none`: always public (topics).
 */
export type Workflow = 'full' | 'status' | 'none';

/** What search reads of a type besides title, summary and body. */
export interface SearchFacts {
  /** The item column with the date readers see, when it is not `published_at` (events). */
  dateColumn?: string;
  /** Further text columns of the translation (an event's place) and of the item (an outlet). */
  translationText?: readonly string[];
  itemText?: readonly string[];
  /** The text of the item's attached documents counts too (publications). */
  documents?: boolean;
}

export interface ContentType {
  key: ContentTypeKey;
  /** The editor's path for the type's items. */
  adminPath: string;
  /** Item table and its translations table, in SQL (snake_case) names. */
  table: string;
  translationsTable: string;
  workflow: Workflow;
  /** Where readers see an item, below the locale prefix. */
  publicPath(slug: string): string;
  /** The item column lists sort on by date, when the type has one. */
  dateColumn?: string;
  /** The table linking items to topics, and its item column. */
  topics?: { table: string; itemColumn: string };
  /** Present when search covers the type. */
  search?: SearchFacts;
  /**
   * Whether each public item has a URL in the sitemap; `'until-deadline'` keeps an item listed
   * through its deadline day only (vacancies).
   */
  sitemap?: true | 'until-deadline';
}

const paged = (prefix: string) => (slug: string) => `${prefix}/${slug}`;

/** In the admin menu's order. */
const types = [
  {
    key: 'page', adminPath: '/admin/pages', table: 'pages', translationsTable: 'page_translations', workflow: 'full',
    publicPath: (slug: string) => `/${slug}`, search: {}, sitemap: true,
  },
  {
    key: 'publication', adminPath: '/admin/publications', table: 'publications', translationsTable: 'publication_translations',
    workflow: 'full', publicPath: paged('/publications'), dateColumn: 'published_at',
    topics: { table: 'publication_topics', itemColumn: 'publication_id' }, search: { documents: true }, sitemap: true,
  },
  {
    key: 'news', adminPath: '/admin/news', table: 'news_posts', translationsTable: 'news_post_translations', workflow: 'full',
    publicPath: paged('/news'), dateColumn: 'published_at', topics: { table: 'news_post_topics', itemColumn: 'news_post_id' },
    search: { itemText: ['outlet'] }, sitemap: true,
  },
  {
    key: 'project', adminPath: '/admin/projects', table: 'projects', translationsTable: 'project_translations', workflow: 'full',
    publicPath: paged('/projects'), dateColumn: 'started_on', search: {}, sitemap: true,
  },
  {
    key: 'event', adminPath: '/admin/events', table: 'events', translationsTable: 'event_translations', workflow: 'full',
    publicPath: paged('/events'), dateColumn: 'starts_at',
    search: { dateColumn: 'starts_at', translationText: ['location'] }, sitemap: true,
  },
  {
    key: 'album', adminPath: '/admin/albums', table: 'albums', translationsTable: 'album_translations', workflow: 'full',
    publicPath: paged('/gallery'), dateColumn: 'taken_on', sitemap: true,
  },
  {
    key: 'person', adminPath: '/admin/people', table: 'people', translationsTable: 'person_translations', workflow: 'status',
    publicPath: () => '/about/people',
  },
  {
    key: 'organisation', adminPath: '/admin/organisations', table: 'organisations', translationsTable: 'organisation_translations',
    workflow: 'status', publicPath: () => '/about/donors-and-partners',
  },
  {
    key: 'vacancy', adminPath: '/admin/vacancies', table: 'vacancies', translationsTable: 'vacancy_translations', workflow: 'full',
    publicPath: paged('/join-us'), dateColumn: 'deadline', sitemap: 'until-deadline',
  },
  {
    key: 'topic', adminPath: '/admin/topics', table: 'topics', translationsTable: 'topic_translations', workflow: 'none',
    publicPath: paged('/topics'), sitemap: true,
  },
] as const satisfies readonly ContentType[];

export const CONTENT_TYPES: readonly ContentType[] = types;

/** The types search covers. */
export type SearchableKey = Extract<(typeof types)[number], { search: SearchFacts }>['key'];

/** Each type by its key. */
export const contentTypes = Object.fromEntries(types.map((t) => [t.key, t])) as { readonly [K in ContentTypeKey]: ContentType };

export function findContentType(key: string): ContentType | undefined {
  return CONTENT_TYPES.find((t) => t.key === key);
}

/** Where an item of `key` lives below the locale prefix. */
export function publicPathOf(key: ContentTypeKey, slug: string): string {
  return contentTypes[key].publicPath(slug);
}

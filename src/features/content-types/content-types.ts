/**
 * Every content type, described once in its own folder (`<feature>/<feature>.type.ts`) and
 * collected here. The editor, the public routes, search, the sitemap, feeds, previews, the
 * dashboard and the admin navigation read these facts; a type's key is its one name everywhere
 * it is stored (audit rows' subject type, revisions, the search index, subscriber notifications).
 *
 * A description is the registry's own data kept beside its feature: it imports only the
 * registry's modules and its feature's table types and catalogues, which import no feature but
 * table types (the rule `dove/feature-dependencies` holds them to that), so the registry's arrows
 * point one way.
 */
import { albumType } from '../gallery/gallery.type.js';
import { eventType } from '../events/events.type.js';
import { newsType } from '../news/news.type.js';
import { organisationType } from '../organisations/organisations.type.js';
import { pageType } from '../pages/pages.type.js';
import { personType } from '../people/people.type.js';
import { projectType } from '../projects/projects.type.js';
import { publicationType } from '../publications/publications.type.js';
import { topicType } from '../topics/topics.type.js';
import { vacancyType } from '../vacancies/vacancies.type.js';
import type { SearchFacts, TypeDescription } from './type-description.js';

export type { SearchFacts, Workflow } from './type-description.js';

/** In the admin menu's order. */
const types = [pageType, publicationType, newsType, projectType, eventType, albumType, personType, organisationType, vacancyType, topicType] as const;

/** Every registered description with its literal types: the editor checks its fields' labels against its catalogue. */
export const CONTENT_TYPE_DESCRIPTIONS = types;

export type ContentTypeKey = (typeof types)[number]['key'];
export const CONTENT_TYPE_KEYS: readonly ContentTypeKey[] = types.map((t) => t.key);

export interface ContentType extends TypeDescription {
  key: ContentTypeKey;
}

export const CONTENT_TYPES: readonly ContentType[] = types;

/** The types search covers. */
export type SearchableKey = Extract<(typeof types)[number], { search: SearchFacts }>['key'];

/** Each type by its key. */
export const contentTypes = Object.fromEntries(CONTENT_TYPES.map((t) => [t.key, t])) as { readonly [K in ContentTypeKey]: ContentType };

export function findContentType(key: string): ContentType | undefined {
  return CONTENT_TYPES.find((t) => t.key === key);
}

/** Where an item of `key` lives below the locale prefix. */
export function publicPathOf(key: ContentTypeKey, slug: string): string {
  return contentTypes[key].publicPath(slug);
}

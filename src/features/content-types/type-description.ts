import type { Locale } from '../../i18n/locales.js';
import type { CatalogueOf } from '../../i18n/messages.js';

/**
 * What a content type's description (`<feature>/<feature>.type.ts`) holds: its registry entry,
 * its labels per locale and the fields the generic editor shows. The registry
 * (`content-types.ts`) collects the descriptions from one list; the editor checks that each
 * field's label is one of its own (`editor/editor.types.ts`).
 */

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

export type Widget = 'text' | 'textarea' | 'richtext' | 'select' | 'date' | 'datetime' | 'checkbox' | 'number' | 'url' | 'relation' | 'topics' | 'image';

export interface FieldSpec {
  /** The column in camelCase; also the form field's name (locale fields are `<locale>.<name>`). */
  name: string;
  /** A key of the editor's catalogue (`editor.messages.ts`); the editor's types check it. */
  label: string;
  widget: Widget;
  required?: boolean;
  maxLength?: number;
  /** Values of a select; their labels come from the type's `optionLabel`. */
  options?: readonly string[];
  /** For a relation select: the related type's key (its items are the options). */
  relation?: string;
  /** The label of a select's value when it is not the type's `optionLabel` (licences). */
  optionLabel?(value: string, locale: Locale): string;
  /** What a new item starts with. */
  defaultValue?: string;
}

/** A type's name for one item (the dashboard's lists) and for its section (the admin menu). */
export type TypeLabels = Record<Locale, CatalogueOf<{ one: string; many: string }>>;

export interface TypeDescription {
  /** The type's one name in stored data (audit rows, revisions, the search index, notifications). */
  key: string;
  /** The feature folder: `<feature>/<feature>.routes.ts` exports `<feature>Routes`, its public pages. */
  feature: string;
  labels: TypeLabels;
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
  /** The editor's fields of an item and of each language. */
  fields: readonly FieldSpec[];
  localeFields: readonly FieldSpec[];
  /** The locale field that names an item in lists. */
  titleField: 'title' | 'name';
  /** The item column lists filter on (type, kind, group), with its values. */
  filter?: { column: string; options: readonly string[] };
  /** Files the item carries besides its cover: a publication's documents, an album's photos. */
  attachment?: 'documents' | 'photos';
  /** Pages nest (`about/history`); others are one segment. */
  nestedSlug?: boolean;
  /** The label of a select's value (a type, kind or group), in the user's language. */
  optionLabel?(value: string, locale: Locale): string;
}

/** Keeps the description's literal types (its key, its fields' labels) for the registry's and the editor's checks. */
export function describeContentType<const T extends TypeDescription>(description: T): T {
  return description;
}

/** The public path of a type whose items sit one segment below `prefix`. */
export const paged = (prefix: string) => (slug: string) => `${prefix}/${slug}`;

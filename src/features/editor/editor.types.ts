import type { Locale } from '../../i18n/locales.js';
import { licenceInfo } from '../../web/components/licence.js';
import { contentTypes, type ContentType, type ContentTypeKey } from '../content-types/content-types.js';
import { newsKindLabels } from '../news/news.messages.js';
import { NEWS_KINDS } from '../news/news.tables.js';
import { organisationsMessages } from '../organisations/organisations.messages.js';
import { peopleMessages } from '../people/people.messages.js';
import { projectKindLabel } from '../projects/projects.views.js';
import { publicationTypeLabels } from '../publications/publications.messages.js';
import { ORGANISATION_KINDS } from '../organisations/organisations.tables.js';
import { PERSON_GROUPS } from '../people/people.tables.js';
import { PROJECT_KINDS } from '../projects/projects.tables.js';
import { PUBLICATION_TYPES } from '../publications/publications.tables.js';
import type { EditorLabel } from './editor.messages.js';

export { CONTENT_TYPE_KEYS, type ContentTypeKey, type Workflow } from '../content-types/content-types.js';

export type Widget = 'text' | 'textarea' | 'richtext' | 'select' | 'date' | 'datetime' | 'checkbox' | 'number' | 'url' | 'relation' | 'topics' | 'image';

export interface FieldSpec {
  /** The column in camelCase; also the form field's name (locale fields are `<locale>.<name>`). */
  name: string;
  label: EditorLabel;
  widget: Widget;
  required?: boolean;
  maxLength?: number;
  /** Values of a select; their labels come from the type's `optionLabel`. */
  options?: readonly string[];
  /** For a relation select: the related type's key (its items are the options). */
  relation?: ContentTypeKey;
  /** The label of a select's value when it is not the type's `optionLabel` (licences). */
  optionLabel?(value: string, locale: Locale): string;
  /** What a new item starts with. */
  defaultValue?: string;
}

/**
 * What the editors' workspace knows of a content type besides the registry's facts: the fields
 * of an item and of each language. Routes, forms, saving, revisions and previews are written
 * once over these descriptors.
 */
export interface ContentTypeDescriptor extends ContentType {
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

const titled: readonly FieldSpec[] = [
  { name: 'title', label: 'title', widget: 'text', required: true, maxLength: 300 },
  { name: 'summary', label: 'summary', widget: 'textarea', maxLength: 1000 },
  { name: 'bodyHtml', label: 'body', widget: 'richtext', maxLength: 200_000 },
];
/** The licences an item may carry (`src/web/components/licence.tsx` names them); the first is the default. */
export const LICENCE_IDS = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-ND-4.0', 'CC0-1.0', 'all-rights-reserved'] as const;
// Licence names are the licences' own (English) titles, whatever the editor's language.
const licence: FieldSpec = {
  name: 'licence', label: 'licence', widget: 'select', required: true, options: LICENCE_IDS, defaultValue: LICENCE_IDS[0],
  optionLabel: (v: string) => licenceInfo(v).name,
};
/** An image from the media library; publishing needs its alt text in the item's languages. */
const cover: FieldSpec = { name: 'coverFileId', label: 'coverImage', widget: 'image' };
const location: FieldSpec = { name: 'location', label: 'location', widget: 'text', maxLength: 300 };
const sortOrder: FieldSpec = { name: 'sortOrder', label: 'sortOrder', widget: 'number' };
/** Readers' comments on the item (migration 0008): on by default for news, off for publications. */
const comments = (on: boolean): FieldSpec => ({ name: 'commentsEnabled', label: 'commentsEnabled', widget: 'checkbox', ...(on ? { defaultValue: '1' } : {}) });

const descriptors = [
  {
    ...contentTypes.page, fields: [licence], localeFields: titled, titleField: 'title', nestedSlug: true,
  },
  {
    ...contentTypes.publication,
    fields: [
      { name: 'type', label: 'publicationType', widget: 'select', required: true, options: PUBLICATION_TYPES },
      { name: 'projectId', label: 'project', widget: 'relation', relation: 'project' },
      { name: 'topicIds', label: 'topics', widget: 'topics' },
      cover,
      licence,
      comments(false),
    ],
    localeFields: titled, titleField: 'title', filter: { column: 'type', options: PUBLICATION_TYPES },
    attachment: 'documents',
    optionLabel: (v: string, l: Locale) => publicationTypeLabels[l][v as (typeof PUBLICATION_TYPES)[number]] ?? v,
  },
  {
    ...contentTypes.news,
    fields: [
      { name: 'kind', label: 'newsKind', widget: 'select', required: true, options: NEWS_KINDS },
      { name: 'externalUrl', label: 'externalUrl', widget: 'url', maxLength: 2000 },
      { name: 'outlet', label: 'outlet', widget: 'text', maxLength: 200 },
      { name: 'topicIds', label: 'topics', widget: 'topics' },
      cover,
      licence,
      comments(true),
    ],
    localeFields: titled, titleField: 'title', filter: { column: 'kind', options: NEWS_KINDS },
    optionLabel: (v: string, l: Locale) => newsKindLabels[l][v as (typeof NEWS_KINDS)[number]] ?? v,
  },
  {
    ...contentTypes.project,
    fields: [
      { name: 'kind', label: 'projectKind', widget: 'select', required: true, options: PROJECT_KINDS },
      { name: 'startedOn', label: 'startedOn', widget: 'date' },
      { name: 'endedOn', label: 'endedOn', widget: 'date' },
      sortOrder,
      cover,
      licence,
    ],
    localeFields: titled, titleField: 'title', filter: { column: 'kind', options: PROJECT_KINDS },
    optionLabel: (v: string, l: Locale) => projectKindLabel(v as (typeof PROJECT_KINDS)[number], l) ?? v,
  },
  {
    ...contentTypes.event,
    fields: [
      { name: 'startsAt', label: 'startsAt', widget: 'datetime', required: true },
      { name: 'endsAt', label: 'endsAt', widget: 'datetime' },
      cover,
      licence,
    ],
    localeFields: [...titled, location], titleField: 'title',
  },
  {
    ...contentTypes.album,
    fields: [{ name: 'takenOn', label: 'takenOn', widget: 'date' }, cover, licence],
    localeFields: [
      { name: 'title', label: 'title', widget: 'text', required: true, maxLength: 300 },
      { name: 'description', label: 'description', widget: 'textarea', maxLength: 5000 },
    ],
    titleField: 'title', attachment: 'photos',
  },
  {
    ...contentTypes.vacancy,
    fields: [{ name: 'deadline', label: 'deadline', widget: 'date', required: true }, licence],
    localeFields: [...titled, location], titleField: 'title',
  },
  {
    ...contentTypes.person,
    fields: [
      { name: 'group', label: 'personGroup', widget: 'select', required: true, options: PERSON_GROUPS },
      // Shown on the people pages (people.presenter.ts); chosen or uploaded like a cover.
      { name: 'photoFileId', label: 'portrait', widget: 'image' },
      sortOrder,
    ],
    localeFields: [
      { name: 'name', label: 'name', widget: 'text', required: true, maxLength: 200 },
      { name: 'role', label: 'role', widget: 'text', required: true, maxLength: 200 },
      { name: 'bio', label: 'bio', widget: 'textarea', maxLength: 5000 },
    ],
    titleField: 'name', filter: { column: 'group', options: PERSON_GROUPS },
    optionLabel: (v: string, l: Locale) => peopleMessages[l][v as (typeof PERSON_GROUPS)[number]] ?? v,
  },
  {
    ...contentTypes.organisation,
    fields: [
      { name: 'kind', label: 'organisationKind', widget: 'select', required: true, options: ORGANISATION_KINDS },
      { name: 'url', label: 'website', widget: 'url', maxLength: 2000 },
      { name: 'inDonorsStrip', label: 'inDonorsStrip', widget: 'checkbox' },
      // Shown in the donors strip and on the partners page (organisations.presenter.ts).
      { name: 'logoFileId', label: 'logo', widget: 'image' },
      sortOrder,
    ],
    localeFields: [
      { name: 'name', label: 'name', widget: 'text', required: true, maxLength: 300 },
      { name: 'description', label: 'description', widget: 'textarea', maxLength: 5000 },
    ],
    titleField: 'name', filter: { column: 'kind', options: ORGANISATION_KINDS },
    optionLabel: (v: string, l: Locale) => (v === 'donor' ? organisationsMessages[l].donors : organisationsMessages[l].partners),
  },
  {
    ...contentTypes.topic,
    fields: [sortOrder],
    localeFields: [{ name: 'name', label: 'name', widget: 'text', required: true, maxLength: 200 }],
    titleField: 'name',
  },
] satisfies readonly ContentTypeDescriptor[];

export const CONTENT_TYPES: readonly ContentTypeDescriptor[] = descriptors;

export function findContentType(key: string): ContentTypeDescriptor | undefined {
  return CONTENT_TYPES.find((d) => d.key === key);
}

/** The descriptor of a type by its key (every registered type has one). */
export function descriptorOf(key: ContentTypeKey): ContentTypeDescriptor {
  return findContentType(key)!;
}

import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { comments, cover, licence, titled } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';
import { publicationTypeLabels } from './publications.messages.js';
import { PUBLICATION_TYPES } from './publications.tables.js';

/** Reports and publications, with their documents. */
export const publicationType = describeContentType({
  key: 'publication', feature: 'publications', adminPath: '/admin/publications', table: 'publications',
  translationsTable: 'publication_translations', workflow: 'full', publicPath: paged('/publications'), dateColumn: 'published_at',
  topics: { table: 'publication_topics', itemColumn: 'publication_id' }, search: { documents: true }, sitemap: true,
  labels: defineMessages({
    en: { one: 'Publication', many: 'Publications' },
    km: { one: 'ឯកសារបោះពុម្ព', many: 'ឯកសារបោះពុម្ព' },
  }),
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
});

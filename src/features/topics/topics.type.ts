import { defineMessages } from '../../i18n/messages.js';
import { sortOrder } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';

/** Topics: labels of news and publications, each with a page listing them. */
export const topicType = describeContentType({
  key: 'topic', feature: 'topics', adminPath: '/admin/topics', table: 'topics', translationsTable: 'topic_translations', workflow: 'none',
  publicPath: paged('/topics'), sitemap: true,
  labels: defineMessages({ en: { one: 'Topic', many: 'Topics' }, km: { one: 'ប្រធានបទ', many: 'ប្រធានបទ' } }),
  fields: [sortOrder],
  localeFields: [{ name: 'name', label: 'name', widget: 'text', required: true, maxLength: 200 }],
  titleField: 'name',
});

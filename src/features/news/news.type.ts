import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { comments, cover, licence, titled } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';
import { newsKindLabels } from './news.messages.js';
import { NEWS_KINDS } from './news.tables.js';

/** Press releases, media comment and letters, and the organisation in the news. */
export const newsType = describeContentType({
  key: 'news', feature: 'news', adminPath: '/admin/news', table: 'news_posts', translationsTable: 'news_post_translations', workflow: 'full',
  publicPath: paged('/news'), dateColumn: 'published_at', topics: { table: 'news_post_topics', itemColumn: 'news_post_id' },
  search: { itemText: ['outlet'] }, sitemap: true,
  labels: defineMessages({ en: { one: 'News', many: 'News' }, km: { one: 'ព័ត៌មាន', many: 'ព័ត៌មាន' } }),
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
});

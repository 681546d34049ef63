import { defineMessages } from '../../i18n/messages.js';
import { licence, titled } from '../content-types/fields.js';
import { describeContentType } from '../content-types/type-description.js';

/** Editorial pages at their own paths (`about/history`), in the admin menu first. */
export const pageType = describeContentType({
  key: 'page', feature: 'pages', adminPath: '/admin/pages', table: 'pages', translationsTable: 'page_translations', workflow: 'full',
  publicPath: (slug: string) => `/${slug}`, search: {}, sitemap: true,
  labels: defineMessages({ en: { one: 'Page', many: 'Pages' }, km: { one: 'ទំព័រ', many: 'ទំព័រ' } }),
  fields: [licence], localeFields: titled, titleField: 'title', nestedSlug: true,
});

import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { cover, licence, sortOrder, titled } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';
import { projectKindLabel } from './projects.messages.js';
import { PROJECT_KINDS } from './projects.tables.js';

/** Current and past projects, and campaigns. */
export const projectType = describeContentType({
  key: 'project', feature: 'projects', adminPath: '/admin/projects', table: 'projects', translationsTable: 'project_translations', workflow: 'full',
  publicPath: paged('/projects'), dateColumn: 'started_on', search: {}, sitemap: true,
  labels: defineMessages({ en: { one: 'Project', many: 'Projects' }, km: { one: 'គម្រោង', many: 'គម្រោង' } }),
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
});

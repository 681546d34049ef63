import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { sortOrder } from '../content-types/fields.js';
import { describeContentType } from '../content-types/type-description.js';
import { peopleMessages } from './people.messages.js';
import { PERSON_GROUPS } from './people.tables.js';

/** Staff, board and counselors, on one page. */
export const personType = describeContentType({
  key: 'person', feature: 'people', adminPath: '/admin/people', table: 'people', translationsTable: 'person_translations', workflow: 'status',
  publicPath: () => '/about/people',
  labels: defineMessages({ en: { one: 'Person', many: 'People' }, km: { one: 'បុគ្គល', many: 'បុគ្គលិក និងភាគីពាក់ព័ន្ធ' } }),
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
});

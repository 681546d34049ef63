import { defineMessages } from '../../i18n/messages.js';
import { licence, location, titled } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';

/** Join Us: open positions until their deadline. */
export const vacancyType = describeContentType({
  key: 'vacancy', feature: 'vacancies', adminPath: '/admin/vacancies', table: 'vacancies', translationsTable: 'vacancy_translations',
  workflow: 'full', publicPath: paged('/join-us'), dateColumn: 'deadline', sitemap: 'until-deadline',
  labels: defineMessages({ en: { one: 'Vacancy', many: 'Vacancies' }, km: { one: 'ឱកាសការងារ', many: 'ឱកាសការងារ' } }),
  fields: [{ name: 'deadline', label: 'deadline', widget: 'date', required: true }, licence],
  localeFields: [...titled, location], titleField: 'title',
});

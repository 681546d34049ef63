import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import { sortOrder } from '../content-types/fields.js';
import { describeContentType } from '../content-types/type-description.js';
import { organisationsMessages } from './organisations.messages.js';
import { ORGANISATION_KINDS } from './organisations.tables.js';

/** Donors and partners, on one page and in the donors strip. */
export const organisationType = describeContentType({
  key: 'organisation', feature: 'organisations', adminPath: '/admin/organisations', table: 'organisations',
  translationsTable: 'organisation_translations', workflow: 'status', publicPath: () => '/about/donors-and-partners',
  labels: defineMessages({
    en: { one: 'Organisation', many: 'Donors and partners' },
    km: { one: 'អង្គការ', many: 'ម្ចាស់ជំនួយ និងដៃគូ' },
  }),
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
});

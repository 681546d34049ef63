import { defineMessages } from '../../i18n/messages.js';

export const organisationsMessages = defineMessages({
  en: {
    title: 'Donors & Partners',
    donors: 'Donors',
    partners: 'Partners',
    supportedBy: 'Generously supported by',
    noOrganisations: 'The list of our donors and partners will be published here soon.',
  },
  km: {
    title: 'ម្ចាស់ជំនួយ និងដៃគូ',
    donors: 'ម្ចាស់ជំនួយ',
    partners: 'ដៃគូ',
    supportedBy: 'ដោយមានការគាំទ្រដ៏សប្បុរសពី',
    noOrganisations: 'បញ្ជីម្ចាស់ជំនួយ និងដៃគូរបស់យើងនឹងត្រូវចេញផ្សាយនៅទីនេះក្នុងពេលឆាប់ៗ។',
  },
});

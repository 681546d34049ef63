import { defineMessages } from '../../i18n/messages.js';

export const peopleMessages = defineMessages({
  en: {
    title: 'Staff, Board & Counselors',
    staff: 'Staff',
    board: 'Board of Directors',
    counselor: 'Panel of Counselors',
    noPeople: 'The list of our people will be published here soon.',
  },
  km: {
    title: 'បុគ្គលិក ក្រុមប្រឹក្សាភិបាល និងទីប្រឹក្សា',
    staff: 'បុគ្គលិក',
    board: 'ក្រុមប្រឹក្សាភិបាល',
    counselor: 'ក្រុមទីប្រឹក្សា',
    noPeople: 'បញ្ជីឈ្មោះបុគ្គលិករបស់យើងនឹងត្រូវចេញផ្សាយនៅទីនេះក្នុងពេលឆាប់ៗ។',
  },
});

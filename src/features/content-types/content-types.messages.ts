import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import type { ContentTypeKey } from './content-types.js';

/** Each type's name for one item (the dashboard's lists) and for its section (the admin menu). */
const messages = defineMessages({
  en: {
    page: 'Page', page_many: 'Pages',
    publication: 'Publication', publication_many: 'Publications',
    news: 'News', news_many: 'News',
    project: 'Project', project_many: 'Projects',
    event: 'Event', event_many: 'Events',
    album: 'Album', album_many: 'Photo albums',
    vacancy: 'Vacancy', vacancy_many: 'Vacancies',
    person: 'Person', person_many: 'People',
    organisation: 'Organisation', organisation_many: 'Donors and partners',
    topic: 'Topic', topic_many: 'Topics',
  },
  km: {
    page: 'ទំព័រ', page_many: 'ទំព័រ',
    publication: 'ឯកសារបោះពុម្ព', publication_many: 'ឯកសារបោះពុម្ព',
    news: 'ព័ត៌មាន', news_many: 'ព័ត៌មាន',
    project: 'គម្រោង', project_many: 'គម្រោង',
    event: 'ព្រឹត្តិការណ៍', event_many: 'ព្រឹត្តិការណ៍',
    album: 'អាល់ប៊ុម', album_many: 'អាល់ប៊ុមរូបភាព',
    vacancy: 'ឱកាសការងារ', vacancy_many: 'ឱកាសការងារ',
    person: 'បុគ្គល', person_many: 'បុគ្គលិក និងភាគីពាក់ព័ន្ធ',
    organisation: 'អង្គការ', organisation_many: 'ម្ចាស់ជំនួយ និងដៃគូ',
    topic: 'ប្រធានបទ', topic_many: 'ប្រធានបទ',
  },
});

/** The name of one item of the type, in `locale`. */
export function typeLabel(key: ContentTypeKey, locale: Locale): string {
  return messages[locale][key];
}

/** The name of the type's section, in `locale`. */
export function typeSectionLabel(key: ContentTypeKey, locale: Locale): string {
  return messages[locale][`${key}_many`];
}

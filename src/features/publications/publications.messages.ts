import { defineMessages } from '../../i18n/messages.js';
import type { Locale } from '../../i18n/locales.js';
import type { PublicationType } from './publications.tables.js';

export const publicationsMessages = defineMessages({
  en: {
    title: 'Reports & Publications',
    lead: 'Our research, fact sheets, legal analyses, statements and submissions, free to read and share.',
    type: 'Type',
    topic: 'Topic',
    year: 'Year',
    language: 'Language',
    inLanguage: (language: string) => `In ${language}`,
    availableIn: 'Available in',
    results: (count: string) => (count === '1' ? '1 publication' : `${count} publications`),
    noResults: 'No publication matches these filters.',
    download: 'Download',
    document: 'Full document',
    fileIn: (language: string) => `${language} version`,
    sizeKb: (size: string) => `${size} KB`,
    sizeMb: (size: string) => `${size} MB`,
    topics: 'Topics',
    relatedProject: 'Related project',
    feedRss: 'Publications (RSS)',
    feedAtom: 'Publications (Atom)',
  },
  km: {
    title: 'របាយការណ៍ និងឯកសារបោះពុម្ពផ្សាយ',
    lead: 'ការស្រាវជ្រាវ សន្លឹកព័ត៌មាន ការវិភាគផ្លូវច្បាប់ សេចក្តីថ្លែងការណ៍ និងរបាយការណ៍ដាក់ជូនរបស់យើង ដែលអាចអាន និងចែករំលែកដោយឥតគិតថ្លៃ។',
    type: 'ប្រភេទ',
    topic: 'ប្រធានបទ',
    year: 'ឆ្នាំ',
    language: 'ភាសា',
    inLanguage: (language: string) => `ជាភាសា${language}`,
    availableIn: 'មានជាភាសា',
    results: (count: string) => `ឯកសារបោះពុម្ពផ្សាយចំនួន ${count}`,
    noResults: 'គ្មានឯកសារបោះពុម្ពផ្សាយណាត្រូវនឹងការច្រោះនេះទេ។',
    download: 'ទាញយក',
    document: 'ឯកសារពេញលេញ',
    fileIn: (language: string) => `កំណែភាសា${language}`,
    sizeKb: (size: string) => `${size} គីឡូបៃ`,
    sizeMb: (size: string) => `${size} មេកាបៃ`,
    topics: 'ប្រធានបទ',
    relatedProject: 'គម្រោងពាក់ព័ន្ធ',
    feedRss: 'ឯកសារបោះពុម្ពផ្សាយ (RSS)',
    feedAtom: 'ឯកសារបោះពុម្ពផ្សាយ (Atom)',
  },
});

/** Every type has a label in every language: a missing one fails the type check. */
export const publicationTypeLabels: Record<Locale, Record<PublicationType, string>> = {
  en: {
    report: 'Report',
    infographic: 'Infographic',
    fact_sheet: 'Fact sheet',
    joint_submission: 'Joint submission',
    statement: 'Statement',
    briefing_note: 'Briefing note',
    legal_analysis: 'Legal analysis',
    letter: 'Letter',
    newsletter: 'Newsletter',
  },
  km: {
    report: 'របាយការណ៍',
    infographic: 'រូបភាពព័ត៌មាន',
    fact_sheet: 'សន្លឹកព័ត៌មាន',
    joint_submission: 'របាយការណ៍ដាក់ជូនរួម',
    statement: 'សេចក្តីថ្លែងការណ៍',
    briefing_note: 'កំណត់សង្ខេប',
    legal_analysis: 'ការវិភាគផ្លូវច្បាប់',
    letter: 'លិខិត',
    newsletter: 'ព្រឹត្តិបត្រ',
  },
};

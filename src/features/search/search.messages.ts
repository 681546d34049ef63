import { defineMessages } from '../../i18n/messages.js';
import type { SearchType } from './search.sources.js';

export const searchMessages = defineMessages({
  en: {
    title: 'Search',
    titleFor: (query: string) => `Search: ${query}`,
    searchLabel: 'Search this site',
    submit: 'Search',
    type: 'Type',
    year: 'Year',
    language: 'Language',
    inLanguage: (language: string) => `In ${language}`,
    results: (count: string, query: string) => (count === '1' ? `1 result for “${query}”` : `${count} results for “${query}”`),
    moreResults: (count: string, query: string) => `More than ${count} results for “${query}”`,
    noResults: 'Nothing matched your search. Try fewer words or another spelling, or remove a filter.',
    noMoreResults: 'There are no more results. Go back to the previous page.',
    partialMatch: 'No page has all of your words, so these results have most of them.',
    fewResults: 'Only a few pages match your search.',
    didYouMean: 'Did you mean',
    didYouMeanEnd: '?',
    emptyQuery: 'Type a word or two to search our pages, projects, publications (with their documents), news and events, in English or Khmer.',
    noWords: 'Your search has no words we can look for. Try letters or numbers.',
    shortened: 'Your search was very long, so only its beginning was used.',
    resultIn: (language: string) => `in ${language}`,
  },
  km: {
    title: 'ស្វែងរក',
    titleFor: (query: string) => `ស្វែងរក៖ ${query}`,
    searchLabel: 'ស្វែងរកក្នុងគេហទំព័រនេះ',
    submit: 'ស្វែងរក',
    type: 'ប្រភេទ',
    year: 'ឆ្នាំ',
    language: 'ភាសា',
    inLanguage: (language: string) => `ជាភាសា${language}`,
    results: (count: string, query: string) => `លទ្ធផល ${count} សម្រាប់ «${query}»`,
    moreResults: (count: string, query: string) => `លទ្ធផលច្រើនជាង ${count} សម្រាប់ «${query}»`,
    noResults: 'រកមិនឃើញអ្វីដែលត្រូវនឹងការស្វែងរករបស់អ្នកទេ។ សូមសាកល្បងប្រើពាក្យតិចជាងនេះ ឬអក្ខរាវិរុទ្ធផ្សេង ឬដកការច្រោះចេញ។',
    noMoreResults: 'មិនមានលទ្ធផលទៀតទេ។ សូមត្រឡប់ទៅទំព័រមុន។',
    partialMatch: 'គ្មានទំព័រណាមានពាក្យទាំងអស់របស់អ្នកទេ ដូច្នេះលទ្ធផលខាងក្រោមមានពាក្យភាគច្រើនរបស់អ្នក។',
    fewResults: 'មានតែទំព័រមួយចំនួនតូចប៉ុណ្ណោះដែលត្រូវនឹងការស្វែងរករបស់អ្នក។',
    didYouMean: 'តើអ្នកចង់ស្វែងរក',
    didYouMeanEnd: ' ឬ?',
    emptyQuery: 'សូមវាយពាក្យមួយ ឬពីរ ដើម្បីស្វែងរកទំព័រ គម្រោង ឯកសារបោះពុម្ពផ្សាយ (រួមទាំងឯកសារភ្ជាប់) ព័ត៌មាន និងព្រឹត្តិការណ៍ ជាភាសាខ្មែរ ឬអង់គ្លេស។',
    noWords: 'ការស្វែងរករបស់អ្នកមិនមានពាក្យដែលយើងអាចស្វែងរកបានទេ។ សូមសាកល្បងប្រើអក្សរ ឬលេខ។',
    shortened: 'ការស្វែងរករបស់អ្នកវែងពេក ដូច្នេះយើងប្រើតែផ្នែកដំបូងរបស់វាប៉ុណ្ណោះ។',
    resultIn: (language: string) => `ជាភាសា${language}`,
  },
});

/** Every searchable type has a badge in every language: a missing one fails the type check. */
export const searchTypeLabels = defineMessages<Record<SearchType, string>>({
  en: { page: 'Page', project: 'Project', publication: 'Publication', news: 'News', event: 'Event', 'hrd-alert': 'HRD alert', 'upr-recommendation': 'UPR recommendation' },
  km: { page: 'ទំព័រ', project: 'គម្រោង', publication: 'ឯកសារបោះពុម្ពផ្សាយ', news: 'ព័ត៌មាន', event: 'ព្រឹត្តិការណ៍', 'hrd-alert': 'ការជូនដំណឹង HRD', 'upr-recommendation': 'អនុសាសន៍ UPR' },
});

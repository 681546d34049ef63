import { defineMessages } from '../../i18n/messages.js';
import type { NewsKind } from './news.tables.js';

export const newsMessages = defineMessages({
  en: {
    pressReleasesTitle: 'Press Releases, Media Comment & Letters',
    pressReleasesLead: 'What we say publicly about human rights in Cambodia: our press releases, comments to the media, open letters and alerts.',
    inTheNewsTitle: (organisation: string) => `${organisation} in the News`,
    inTheNewsLead: (organisation: string) => `Articles and broadcasts by other media that report on ${organisation}'s work or quote its staff.`,
    kind: 'Kind',
    results: (count: string) => (count === '1' ? '1 item' : `${count} items`),
    onlyIn: (language: string) => `Show only news in ${language}`,
    allLanguages: 'Show news in all languages',
    noResults: 'Nothing matches this filter.',
    readAt: (outlet: string) => `Read at ${outlet}`,
    readOriginal: (outlet: string) => `Read the full article at ${outlet}`,
    originalArticle: 'the original article',
    outlet: 'Outlet',
    topics: 'Topics',
    feedRss: 'News (RSS)',
    feedAtom: 'News (Atom)',
  },
  km: {
    pressReleasesTitle: 'សេចក្តីប្រកាសព័ត៌មាន មតិយោបល់ និងលិខិត',
    pressReleasesLead: 'អ្វីដែលយើងថ្លែងជាសាធារណៈអំពីសិទ្ធិមនុស្សនៅកម្ពុជា៖ សេចក្តីប្រកាសព័ត៌មាន មតិយោបល់ជូនប្រព័ន្ធផ្សព្វផ្សាយ លិខិតចំហ និងការជូនដំណឹង។',
    inTheNewsTitle: (organisation: string) => `${organisation} ក្នុងប្រព័ន្ធផ្សព្វផ្សាយ`,
    inTheNewsLead: (organisation: string) => `អត្ថបទ និងកម្មវិធីផ្សាយរបស់ប្រព័ន្ធផ្សព្វផ្សាយផ្សេងៗ ដែលរាយការណ៍អំពីការងាររបស់ ${organisation} ឬដកស្រង់សម្តីបុគ្គលិករបស់ខ្លួន។`,
    kind: 'ប្រភេទ',
    results: (count: string) => `ចំនួន ${count}`,
    onlyIn: (language: string) => `បង្ហាញតែព័ត៌មានជាភាសា${language}`,
    allLanguages: 'បង្ហាញព័ត៌មានគ្រប់ភាសា',
    noResults: 'គ្មានអ្វីត្រូវនឹងការច្រោះនេះទេ។',
    readAt: (outlet: string) => `អាននៅ ${outlet}`,
    readOriginal: (outlet: string) => `អានអត្ថបទពេញនៅ ${outlet}`,
    originalArticle: 'អត្ថបទដើម',
    outlet: 'ប្រភពព័ត៌មាន',
    topics: 'ប្រធានបទ',
    feedRss: 'ព័ត៌មាន (RSS)',
    feedAtom: 'ព័ត៌មាន (Atom)',
  },
});

/** Every kind has a label in every language: a missing one fails the type check. */
export const newsKindLabels = defineMessages<Record<NewsKind, string>>({
  en: {
    press_release: 'Press release',
    media_comment: 'Media comment',
    letter: 'Letter',
    alert: 'Alert',
    in_the_news: 'In the news',
  },
  km: {
    press_release: 'សេចក្តីប្រកាសព័ត៌មាន',
    media_comment: 'មតិយោបល់ជូនប្រព័ន្ធផ្សព្វផ្សាយ',
    letter: 'លិខិត',
    alert: 'ការជូនដំណឹង',
    in_the_news: 'ក្នុងប្រព័ន្ធផ្សព្វផ្សាយ',
  },
});

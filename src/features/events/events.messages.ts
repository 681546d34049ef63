import { defineMessages } from '../../i18n/messages.js';

export const eventsMessages = defineMessages({
  en: {
    title: (organisation: string) => `${organisation} Events`,
    lead: 'Trainings, forums, launches and commemorations we organise or take part in.',
    upcoming: 'Upcoming events',
    onlyIn: (language: string) => `Show only events in ${language}`,
    allLanguages: 'Show events in all languages',
    past: 'Past events',
    noUpcoming: 'No events are announced at the moment.',
    noPast: 'No past events yet.',
    when: 'When',
    where: 'Where',
    allEvents: 'All events',
  },
  km: {
    title: (organisation: string) => `ព្រឹត្តិការណ៍របស់ ${organisation}`,
    lead: 'វគ្គបណ្តុះបណ្តាល វេទិកា ការដាក់ឱ្យប្រើប្រាស់ និងពិធីរំលឹកដែលយើងរៀបចំ ឬចូលរួម។',
    upcoming: 'ព្រឹត្តិការណ៍ខាងមុខ',
    onlyIn: (language: string) => `បង្ហាញតែព្រឹត្តិការណ៍ជាភាសា${language}`,
    allLanguages: 'បង្ហាញព្រឹត្តិការណ៍គ្រប់ភាសា',
    past: 'ព្រឹត្តិការណ៍កន្លងមក',
    noUpcoming: 'បច្ចុប្បន្ននេះមិនទាន់មានព្រឹត្តិការណ៍ដែលបានប្រកាសនៅឡើយទេ។',
    noPast: 'មិនទាន់មានព្រឹត្តិការណ៍កន្លងមកនៅឡើយទេ។',
    when: 'ពេលវេលា',
    where: 'ទីកន្លែង',
    allEvents: 'ព្រឹត្តិការណ៍ទាំងអស់',
  },
});

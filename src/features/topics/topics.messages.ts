import { defineMessages } from '../../i18n/messages.js';

export const topicsMessages = defineMessages({
  en: {
    topics: 'Topics',
    topicsLead: 'Our publications and news, grouped by the rights they concern.',
    topic: 'Topic',
    latestPublications: 'Latest publications',
    latestNews: 'Latest news',
    allPublicationsOnTopic: 'All publications on this topic',
  },
  km: {
    topics: 'ប្រធានបទ',
    topicsLead: 'ឯកសារបោះពុម្ពផ្សាយ និងព័ត៌មានរបស់យើង ដែលបានចាត់ក្រុមតាមសិទ្ធិដែលពាក់ព័ន្ធ។',
    topic: 'ប្រធានបទ',
    latestPublications: 'ឯកសារបោះពុម្ពផ្សាយថ្មីៗ',
    latestNews: 'ព័ត៌មានថ្មីៗ',
    allPublicationsOnTopic: 'ឯកសារបោះពុម្ពផ្សាយទាំងអស់លើប្រធានបទនេះ',
  },
});

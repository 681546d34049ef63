import { defineMessages } from '../../i18n/messages.js';

export const dashboardMessages = defineMessages({
  en: {
    title: 'Dashboard',
    welcome: (name: string) => `Welcome, ${name}.`,
    draft: 'Drafts',
    in_review: 'In review',
    scheduled: 'Scheduled',
    nothing: 'Nothing here.',
    updated: 'updated',
  },
  km: {
    title: 'ផ្ទាំងសង្ខេប',
    welcome: (name: string) => `សូមស្វាគមន៍ ${name}។`,
    draft: 'សេចក្ដីព្រាង',
    in_review: 'កំពុងពិនិត្យ',
    scheduled: 'បានកំណត់ពេល',
    nothing: 'គ្មានអ្វីនៅទីនេះទេ។',
    updated: 'បានកែប្រែ',
  },
});

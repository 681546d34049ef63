import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import type { ProjectKind } from './projects.tables.js';

/** Intros take the organisation's short name: the site runs for any organisation. */
export const projectsMessages = defineMessages({
  en: {
    currentTitle: 'Current Projects',
    currentIntro: (org: string) => `The projects ${org} is running now.`,
    pastTitle: 'Past Projects',
    pastIntro: (org: string) => `Projects ${org} has completed, and what each set out to do.`,
    campaignTitle: 'Campaigns',
    campaignIntro: (org: string) => `Public campaigns ${org} has led or joined.`,
    kindCurrent: 'Current project',
    kindPast: 'Past project',
    kindCampaign: 'Campaign',
    allCurrent: 'All current projects',
    allPast: 'All past projects',
    allCampaign: 'All campaigns',
    yearsRange: (from: string, to: string) => `${from}–${to}`,
    yearsSince: (from: string) => `Since ${from}`,
    yearsUntil: (to: string) => `Until ${to}`,
    noProjects: 'There are no projects to show here yet.',
    publicationsTitle: 'Publications from this project',
  },
  km: {
    currentTitle: 'គម្រោងបច្ចុប្បន្ន',
    currentIntro: (org: string) => `គម្រោងដែល ${org} កំពុងអនុវត្តនាពេលនេះ។`,
    pastTitle: 'គម្រោងកន្លងមក',
    pastIntro: (org: string) => `គម្រោងដែល ${org} បានបញ្ចប់ និងគោលដៅរបស់គម្រោងនីមួយៗ។`,
    campaignTitle: 'យុទ្ធនាការ',
    campaignIntro: (org: string) => `យុទ្ធនាការសាធារណៈដែល ${org} បានដឹកនាំ ឬចូលរួម។`,
    kindCurrent: 'គម្រោងបច្ចុប្បន្ន',
    kindPast: 'គម្រោងកន្លងមក',
    kindCampaign: 'យុទ្ធនាការ',
    allCurrent: 'គម្រោងបច្ចុប្បន្នទាំងអស់',
    allPast: 'គម្រោងកន្លងមកទាំងអស់',
    allCampaign: 'យុទ្ធនាការទាំងអស់',
    yearsRange: (from: string, to: string) => `${from}–${to}`,
    yearsSince: (from: string) => `ចាប់ពីឆ្នាំ ${from}`,
    yearsUntil: (to: string) => `រហូតដល់ឆ្នាំ ${to}`,
    noProjects: 'មិនទាន់មានគម្រោងត្រូវបង្ហាញនៅទីនេះនៅឡើយទេ។',
    publicationsTitle: 'ឯកសារបោះពុម្ពពីគម្រោងនេះ',
  },
});

/** A project's kind, in `locale`: on its page and as the editor's option. */
export function projectKindLabel(kind: ProjectKind, locale: Locale): string {
  const t = projectsMessages[locale];
  return { current: t.kindCurrent, past: t.kindPast, campaign: t.kindCampaign }[kind];
}

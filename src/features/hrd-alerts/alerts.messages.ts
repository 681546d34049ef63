import { defineMessages } from '../../i18n/messages.js';
import type { AGE_GROUPS, CaseStatus, SEXES } from '../hrd-cases/cases.tables.js';

export const alertsMessages = defineMessages({
  en: {
    listTitle: 'Human rights defender alerts',
    listLead:
      'Harassment, threats, arrests and prosecutions of human rights defenders in Cambodia, as our monitors documented them. Each alert is kept up to date as the case moves on.',
    results: (count: string) => (count === '1' ? '1 alert' : `${count} alerts`),
    noResults: 'No alert matches these filters.',
    portalLink: 'See the figures in the Human Rights Portal',
    year: 'Year',
    province: 'Province',
    district: 'District',
    status: 'Status',
    published: 'Published',
    lastUpdated: 'Last updated',
    defenders: 'Defenders concerned',
    acts: 'What happened',
    dates: 'When',
    perpetrators: 'Alleged perpetrators',
    timeline: 'Timeline',
    alertPublished: 'Alert published',
    updateNumber: (n: string) => `Update ${n}`,
    groupOf: (n: string) => `a group of ${n} people`,
    group: 'a group',
    about: (date: string) => `about ${date}`,
    goneTitle: 'This alert has been withdrawn',
    goneBody: 'We have taken this alert down. It is no longer available.',
    allAlerts: 'All HRD alerts',
  },
  km: {
    listTitle: 'ការជូនដំណឹងអំពីអ្នកការពារសិទ្ធិមនុស្ស',
    listLead:
      'ការយាយី ការគំរាមកំហែង ការចាប់ខ្លួន និងការចោទប្រកាន់អ្នកការពារសិទ្ធិមនុស្សនៅកម្ពុជា តាមដែលអ្នកតាមដានរបស់យើងបានកត់ត្រា។ ការជូនដំណឹងនីមួយៗត្រូវបានធ្វើបច្ចុប្បន្នភាព នៅពេលដែលករណីមានការវិវត្ត។',
    results: (count: string) => `ការជូនដំណឹងចំនួន ${count}`,
    noResults: 'គ្មានការជូនដំណឹងណាត្រូវនឹងការច្រោះទាំងនេះទេ។',
    portalLink: 'មើលតួលេខនៅក្នុងវិបផតថលសិទ្ធិមនុស្ស',
    year: 'ឆ្នាំ',
    province: 'ខេត្ត',
    district: 'ស្រុក',
    status: 'ស្ថានភាព',
    published: 'ថ្ងៃផ្សព្វផ្សាយ',
    lastUpdated: 'ធ្វើបច្ចុប្បន្នភាពចុងក្រោយ',
    defenders: 'អ្នកការពារដែលពាក់ព័ន្ធ',
    acts: 'អ្វីដែលបានកើតឡើង',
    dates: 'ពេលវេលា',
    perpetrators: 'ជនដែលត្រូវបានចោទថាជាអ្នកប្រព្រឹត្ត',
    timeline: 'កាលប្បវត្តិ',
    alertPublished: 'បានផ្សព្វផ្សាយការជូនដំណឹង',
    updateNumber: (n: string) => `ព័ត៌មានបន្ថែមទី ${n}`,
    groupOf: (n: string) => `ក្រុមមនុស្ស ${n} នាក់`,
    group: 'ក្រុមមួយ',
    about: (date: string) => `ប្រហែល ${date}`,
    goneTitle: 'ការជូនដំណឹងនេះត្រូវបានដកចេញ',
    goneBody: 'យើងបានដកការជូនដំណឹងនេះចេញ។ វាលែងមានទៀតហើយ។',
    allAlerts: 'ការជូនដំណឹងទាំងអស់',
  },
});

export const caseStatusLabels = defineMessages<Record<CaseStatus, string>>({
  en: { open: 'Open', monitoring: 'Under monitoring', closed: 'Closed' },
  km: { open: 'កំពុងដំណើរការ', monitoring: 'កំពុងតាមដាន', closed: 'បានបិទ' },
});

export const sexLabels = defineMessages<Record<(typeof SEXES)[number], string>>({
  en: { female: 'woman', male: 'man', other: 'another gender', unknown: 'gender not known' },
  km: { female: 'ស្ត្រី', male: 'បុរស', other: 'ភេទផ្សេងទៀត', unknown: 'មិនស្គាល់ភេទ' },
});

export const ageGroupLabels = defineMessages<Record<(typeof AGE_GROUPS)[number], string>>({
  en: { child: 'child', youth: 'youth', adult: 'adult', older: 'older person', unknown: 'age not known' },
  km: { child: 'កុមារ', youth: 'យុវជន', adult: 'មនុស្សពេញវ័យ', older: 'មនុស្សចាស់', unknown: 'មិនស្គាល់អាយុ' },
});

export const alertMailMessages = defineMessages({
  en: {
    subject: (title: string) => `HRD alert: ${title}`,
    updateSubject: (title: string) => `HRD alert update: ${title}`,
    updateOf: (title: string) => `An update to the alert “${title}”`,
  },
  km: {
    subject: (title: string) => `ការជូនដំណឹង HRD៖ ${title}`,
    updateSubject: (title: string) => `ព័ត៌មានបន្ថែមអំពីការជូនដំណឹង HRD៖ ${title}`,
    updateOf: (title: string) => `ព័ត៌មានបន្ថែមអំពីការជូនដំណឹង «${title}»`,
  },
});

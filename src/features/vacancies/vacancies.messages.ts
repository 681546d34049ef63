import { defineMessages } from '../../i18n/messages.js';

export const vacanciesMessages = defineMessages({
  en: {
    title: 'Join Us',
    openVacancies: 'Open vacancies',
    noVacancies: 'There are no open vacancies at the moment. Please check again later.',
    location: 'Location',
    deadline: 'Apply by',
    closedTitle: 'This vacancy has closed',
    closedBody: (date: string) => `Applications for this position closed on ${date}. Thank you for your interest.`,
    seeOpenVacancies: 'See the vacancies that are open now',
  },
  km: {
    title: 'ចូលរួមជាមួយយើង',
    openVacancies: 'មុខតំណែងដែលកំពុងជ្រើសរើស',
    noVacancies: 'បច្ចុប្បន្ននេះមិនមានមុខតំណែងទំនេរទេ។ សូមពិនិត្យមើលម្ដងទៀតនៅពេលក្រោយ។',
    location: 'ទីកន្លែង',
    deadline: 'ផុតកំណត់ដាក់ពាក្យ',
    closedTitle: 'មុខតំណែងនេះបានបិទហើយ',
    closedBody: (date: string) => `ការដាក់ពាក្យសម្រាប់មុខតំណែងនេះបានបិទនៅថ្ងៃទី ${date}។ សូមអរគុណចំពោះការចាប់អារម្មណ៍របស់អ្នក។`,
    seeOpenVacancies: 'មើលមុខតំណែងដែលកំពុងជ្រើសរើសនាពេលនេះ',
  },
});

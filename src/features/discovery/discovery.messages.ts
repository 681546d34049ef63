import { defineMessages } from '../../i18n/messages.js';

export const discoveryMessages = defineMessages({
  en: {
    newsFeedTitle: (organisation: string) => `${organisation}: News`,
    newsFeedDescription: (organisation: string) =>
      `Press releases, statements, letters and media coverage from ${organisation}, newest first.`,
    publicationsFeedTitle: (organisation: string) => `${organisation}: Reports and Publications`,
    publicationsFeedDescription: (organisation: string) =>
      `Reports, briefing notes, fact sheets and other documents from ${organisation}, newest first.`,
    newsFeedLink: (format: string) => `News (${format})`,
    publicationsFeedLink: (format: string) => `Publications (${format})`,
    hrdAlertsFeedTitle: (organisation: string) => `${organisation}: Human rights defender alerts`,
    hrdAlertsFeedDescription: (organisation: string) =>
      `New and ongoing cases of harassment of human rights defenders in Cambodia documented by ${organisation}, with their updates.`,
    hrdAlertsFeedLink: (format: string) => `HRD alerts (${format})`,
  },
  km: {
    newsFeedTitle: (organisation: string) => `${organisation}៖ ព័ត៌មាន`,
    newsFeedDescription: (organisation: string) =>
      `សេចក្តីប្រកាសព័ត៌មាន សេចក្តីថ្លែងការណ៍ លិខិត និងព័ត៌មានក្នុងប្រព័ន្ធផ្សព្វផ្សាយពី ${organisation} ថ្មីបំផុតមុនគេ។`,
    publicationsFeedTitle: (organisation: string) => `${organisation}៖ របាយការណ៍ និងឯកសារបោះពុម្ពផ្សាយ`,
    publicationsFeedDescription: (organisation: string) =>
      `របាយការណ៍ កំណត់សង្ខេបឯកសារព័ត៌មាន និងឯកសារផ្សេងទៀតពី ${organisation} ថ្មីបំផុតមុនគេ។`,
    newsFeedLink: (format: string) => `ព័ត៌មាន (${format})`,
    publicationsFeedLink: (format: string) => `ឯកសារបោះពុម្ពផ្សាយ (${format})`,
    hrdAlertsFeedTitle: (organisation: string) => `${organisation}៖ ការជូនដំណឹងអំពីអ្នកការពារសិទ្ធិមនុស្ស`,
    hrdAlertsFeedDescription: (organisation: string) =>
      `ករណីថ្មី និងករណីកំពុងបន្តនៃការយាយីអ្នកការពារសិទ្ធិមនុស្សនៅកម្ពុជា ដែល ${organisation} បានកត់ត្រា រួមទាំងព័ត៌មានបន្ថែម។`,
    hrdAlertsFeedLink: (format: string) => `ការជូនដំណឹង HRD (${format})`,
  },
});

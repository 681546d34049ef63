import { defineMessages } from '../../i18n/messages.js';

export const operationsMessages = defineMessages({
  en: {
    pausedTitle: 'Sending and scheduled publishing are paused',
    pausedSinceRestore: (date: string) =>
      `This site was restored from a backup on ${date}. Until an admin resumes, no mail is sent (it waits in the outbox) and scheduled items are not published.`,
    pausedSince: (date: string) => `Paused since ${date}. Until an admin resumes, no mail is sent and scheduled items are not published.`,
    backupMadeAt: (date: string) => `The backup was made on ${date}.`,
    checkFirst: 'Before resuming, check that this is the server that should send mail (not a test copy) and look through the outbox.',
    resume: 'Resume sending and publishing',
    resumed: 'Sending and scheduled publishing are running again.',
  },
  km: {
    pausedTitle: 'ការផ្ញើអ៊ីមែល និងការផ្សាយតាមពេលកំណត់ ត្រូវបានផ្អាក',
    pausedSinceRestore: (date: string) =>
      `គេហទំព័រនេះត្រូវបានស្ដារឡើងវិញពីឯកសារបម្រុងទុក នៅថ្ងៃ ${date}។ រហូតដល់អ្នកគ្រប់គ្រងបន្តដំណើរការវិញ គ្មានអ៊ីមែលណាមួយត្រូវបានផ្ញើទេ (វារង់ចាំនៅក្នុងប្រអប់ចេញ) ហើយធាតុដែលបានកំណត់ពេល មិនត្រូវបានផ្សាយទេ។`,
    pausedSince: (date: string) => `បានផ្អាកតាំងពីថ្ងៃ ${date}។ រហូតដល់អ្នកគ្រប់គ្រងបន្តដំណើរការវិញ គ្មានអ៊ីមែលណាមួយត្រូវបានផ្ញើទេ ហើយធាតុដែលបានកំណត់ពេល មិនត្រូវបានផ្សាយទេ។`,
    backupMadeAt: (date: string) => `ឯកសារបម្រុងទុកនេះត្រូវបានបង្កើតនៅថ្ងៃ ${date}។`,
    checkFirst: 'មុននឹងបន្តដំណើរការវិញ សូមពិនិត្យថា នេះជាម៉ាស៊ីនមេដែលត្រូវផ្ញើអ៊ីមែលពិតប្រាកដ (មិនមែនជាច្បាប់ចម្លងសម្រាប់សាកល្បងទេ) ហើយពិនិត្យមើលប្រអប់ចេញ។',
    resume: 'បន្តការផ្ញើ និងការផ្សាយវិញ',
    resumed: 'ការផ្ញើអ៊ីមែល និងការផ្សាយតាមពេលកំណត់ កំពុងដំណើរការឡើងវិញហើយ។',
  },
});

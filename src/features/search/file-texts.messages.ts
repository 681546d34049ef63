import { defineMessages } from '../../i18n/messages.js';

/**
 * What editors are told about the text search reads from a document (see file-texts.job.ts): a
 * PDF, or a Word, Excel, PowerPoint or OpenDocument file, so no message names one format.
 */
export const fileTextMessages = defineMessages({
  en: {
    pending: 'The text of this document is being read for search; its words can be found shortly.',
    unreadable: (reason: string) =>
      `The text of this document could not be read (${reason}), so search will not find words inside it. The file still downloads; to make its words findable, save or export it again from the program that made it and upload that.`,
    reasonTimeout: 'reading it took too long',
    reasonMemory: 'it needs more memory than allowed, as a compressed “bomb” would',
    reasonDamaged: 'it is damaged, encrypted or not saved in a standard format',
  },
  km: {
    pending: 'កំពុងអានអត្ថបទនៃឯកសារនេះសម្រាប់ការស្វែងរក។ ពាក្យនៅក្នុងវានឹងអាចស្វែងរកឃើញក្នុងពេលបន្តិចទៀត។',
    unreadable: (reason: string) =>
      `មិនអាចអានអត្ថបទនៃឯកសារនេះបានទេ (${reason}) ដូច្នេះការស្វែងរកនឹងមិនរកឃើញពាក្យនៅក្នុងវាទេ។ ឯកសារនៅតែអាចទាញយកបាន។ ដើម្បីឱ្យពាក្យរបស់វាអាចស្វែងរកឃើញ សូមរក្សាទុក ឬនាំចេញវាម្តងទៀតពីកម្មវិធីដែលបានបង្កើតវា ហើយផ្ទុកឡើងវិញ។`,
    reasonTimeout: 'ការអានវាចំណាយពេលយូរពេក',
    reasonMemory: 'វាត្រូវការអង្គចងចាំច្រើនជាងការអនុញ្ញាត ដូចឯកសារ «គ្រាប់បែក» ដែលបានបង្ហាប់',
    reasonDamaged: 'វាខូច ត្រូវបានចាក់សោ ឬមិនបានរក្សាទុកក្នុងទម្រង់ស្តង់ដារ',
  },
});

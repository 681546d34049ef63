import { defineMessages } from '../../i18n/messages.js';

/** What editors are told about the text search reads from a PDF (see file-texts.job.ts). */
export const fileTextMessages = defineMessages({
  en: {
    pending: 'The text of this PDF is being read for search; its words can be found shortly.',
    unreadable: (reason: string) =>
      `The text of this PDF could not be read (${reason}), so search will not find words inside it. The file still downloads; to make its words findable, export it again from the original document and upload that.`,
    reasonTimeout: 'reading it took too long',
    reasonMemory: 'it needs more memory than allowed, as a compressed “bomb” would',
    reasonDamaged: 'it is damaged, encrypted or not a standard PDF',
  },
  km: {
    pending: 'កំពុងអានអត្ថបទនៃឯកសារ PDF នេះសម្រាប់ការស្វែងរក។ ពាក្យនៅក្នុងវានឹងអាចស្វែងរកឃើញក្នុងពេលបន្តិចទៀត។',
    unreadable: (reason: string) =>
      `មិនអាចអានអត្ថបទនៃឯកសារ PDF នេះបានទេ (${reason}) ដូច្នេះការស្វែងរកនឹងមិនរកឃើញពាក្យនៅក្នុងវាទេ។ ឯកសារនៅតែអាចទាញយកបាន។ ដើម្បីឱ្យពាក្យរបស់វាអាចស្វែងរកឃើញ សូមនាំចេញវាម្តងទៀតពីឯកសារដើម ហើយផ្ទុកឡើងវិញ។`,
    reasonTimeout: 'ការអានវាចំណាយពេលយូរពេក',
    reasonMemory: 'វាត្រូវការអង្គចងចាំច្រើនជាងការអនុញ្ញាត ដូចឯកសារ «គ្រាប់បែក» ដែលបានបង្ហាប់',
    reasonDamaged: 'វាខូច ត្រូវបានចាក់សោ ឬមិនមែនជា PDF ស្តង់ដារ',
  },
});

import { defineMessages } from '../../i18n/messages.js';

/** Words printed with a photograph on public pages. */
export const mediaMessages = defineMessages({
  en: {
    credit: (name: string) => `Photo: ${name}`,
    licence: 'Licence:',
    firstPageAlt: 'First page of the document',
  },
  km: {
    credit: (name: string) => `រូបថត៖ ${name}`,
    licence: 'អាជ្ញាប័ណ្ណ៖',
    firstPageAlt: 'ទំព័រទីមួយនៃឯកសារ',
  },
});

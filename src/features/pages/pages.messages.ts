import { defineMessages } from '../../i18n/messages.js';

export const pagesMessages = defineMessages({
  en: { inThisSection: 'In this section' },
  km: { inThisSection: 'នៅក្នុងផ្នែកនេះ' },
});

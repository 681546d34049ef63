import { defineMessages } from '../../i18n/messages.js';

/** Words shared by the public forms: field errors and the spam defence's refusals. */
export const formGuardMessages = defineMessages({
  en: {
    required: 'Please fill in this field.',
    tooLong: (max: string) => `This is too long: at most ${max} characters.`,
    invalidEmail: 'Enter an email address such as name@example.org.',
    invalidCharacters: 'This contains characters we cannot accept (control characters, line breaks or damaged text). Please type it again.',
    errorSummary: 'Your message was not sent. Please correct the following:',
    tooFast: 'That was very quick. Please check your message and send it again.',
    expired: 'This form had expired. Please check your message and send it again.',
    rateLimited: 'You have sent several messages in a short time. Please wait an hour, then try again.',
    tooManyLinks: (max: string) => `Your message contains too many web links (at most ${max}). Please remove some and send it again.`,
    duplicate: 'You have already sent this message. There is no need to send it again.',
    honeypotLabel: 'Leave this field empty',
    requiredMark: 'Required fields are marked *',
  },
  km: {
    required: 'សូមបំពេញប្រអប់នេះ។',
    tooLong: (max: string) => `អត្ថបទនេះវែងពេក៖ យ៉ាងច្រើន ${max} តួអក្សរ។`,
    invalidEmail: 'សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែល ដូចជា name@example.org។',
    invalidCharacters: 'អត្ថបទនេះមានតួអក្សរដែលយើងមិនអាចទទួលយកបាន (តួអក្សរបញ្ជា ការចុះបន្ទាត់ ឬអត្ថបទខូច)។ សូមវាយវាម្ដងទៀត។',
    errorSummary: 'សាររបស់អ្នកមិនទាន់បានផ្ញើទេ។ សូមកែតម្រូវចំណុចខាងក្រោម៖',
    tooFast: 'អ្នកផ្ញើលឿនពេក។ សូមពិនិត្យសាររបស់អ្នក ហើយផ្ញើវាម្ដងទៀត។',
    expired: 'ទម្រង់បែបបទនេះបានផុតកំណត់។ សូមពិនិត្យសាររបស់អ្នក ហើយផ្ញើវាម្ដងទៀត។',
    rateLimited: 'អ្នកបានផ្ញើសារច្រើនក្នុងរយៈពេលខ្លី។ សូមរង់ចាំមួយម៉ោង រួចព្យាយាមម្ដងទៀត។',
    tooManyLinks: (max: string) => `សាររបស់អ្នកមានតំណភ្ជាប់គេហទំព័រច្រើនពេក (យ៉ាងច្រើន ${max})។ សូមលុបខ្លះចេញ ហើយផ្ញើម្ដងទៀត។`,
    duplicate: 'អ្នកបានផ្ញើសារនេះរួចហើយ។ មិនចាំបាច់ផ្ញើវាម្ដងទៀតទេ។',
    honeypotLabel: 'សូមទុកប្រអប់នេះឱ្យនៅទទេ',
    requiredMark: 'ប្រអប់ដែលត្រូវតែបំពេញមានសញ្ញា *',
  },
});

import { languageName } from '../../i18n/language-names.js';
import type { Locale } from '../../i18n/locales.js';
import { defineMessages } from '../../i18n/messages.js';
import type { ImagePickerText } from './image-picker-text.js';

/** The editor's image dialog, which the browser builds from these texts (`image-picker.ts`). */
export const imagePickerMessages = defineMessages({
  en: {
    title: 'Insert an image',
    library: 'Media library',
    search: 'Search images',
    searchButton: 'Search',
    loading: 'Loading…',
    none: 'No images found.',
    failed: 'The library could not be loaded.',
    altLabel: (language: string) => `Alt text (${language})`,
    altRequired: 'Describe the image: an alt text is required.',
    insert: 'Insert',
    back: 'Back to the images',
    close: 'Close',
  },
  km: {
    title: 'បញ្ចូលរូបភាព',
    library: 'បណ្ណាល័យមេឌៀ',
    search: 'ស្វែងរករូបភាព',
    searchButton: 'ស្វែងរក',
    loading: 'កំពុងផ្ទុក…',
    none: 'រកមិនឃើញរូបភាពទេ។',
    failed: 'មិនអាចផ្ទុកបណ្ណាល័យបានទេ។',
    altLabel: (language: string) => `អត្ថបទជំនួស (${language})`,
    altRequired: 'សូមពិពណ៌នារូបភាព៖ ត្រូវការអត្ថបទជំនួស។',
    insert: 'បញ្ចូល',
    back: 'ត្រឡប់ទៅរូបភាពវិញ',
    close: 'បិទ',
  },
});

/** The dialog's texts for an admin writing in `locale`, for content in `contentLocales`. */
export function imagePickerText(locale: Locale, contentLocales: readonly Locale[]): ImagePickerText {
  const { altLabel, ...texts } = imagePickerMessages[locale];
  const altLabels = Object.fromEntries(contentLocales.map((l) => [l, altLabel(languageName(l, locale))]));
  return { ...texts, altLabels, languages: contentLocales };
}

import type { Locale } from './locales.js';
import { defineMessages } from './messages.js';

/** Each language's name in each interface language: "Khmer" on an English page, "ខ្មែរ" on a Khmer one. */
export const languageNames = defineMessages<Record<Locale, string>>({
  en: { en: 'English', km: 'Khmer' },
  km: { en: 'អង់គ្លេស', km: 'ខ្មែរ' },
});

/** The name of `language` as the `inLocale` interface writes it; the code for a language it does not name. */
export function languageName(language: string, inLocale: Locale): string {
  return (languageNames[inLocale] as Record<string, string>)[language] ?? language;
}

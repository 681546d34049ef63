/** Message catalogues exist for these locales; LOCALES may pick any of them, in any order. */
export const SUPPORTED_LOCALES = ['en', 'km'] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** The locale message catalogues are written in first; every other catalogue follows its keys. */
export type SourceLocale = 'en';
export const SOURCE_LOCALE: SourceLocale = 'en';

export interface LocaleInfo {
  /** The language's own name, shown in the language switch. */
  nativeName: string;
  /** Intl locale for dates and numbers: Khmer uses Khmer digits, as the organisation writes. */
  intl: string;
  /** Open Graph locale. */
  ogLocale: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: { nativeName: 'English', intl: 'en-GB', ogLocale: 'en_GB' },
  km: { nativeName: 'ខ្មែរ', intl: 'km-u-nu-khmr', ogLocale: 'km_KH' },
};

export function isLocale(value: unknown, allowed: readonly Locale[]): value is Locale {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

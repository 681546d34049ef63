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
  /** ISO 15924 code of the script the language is written in. */
  script: string;
  /** Font stack where no web font loads (mail clients): fonts that have the script, then fallbacks. */
  fontStack: string;
  /** Line height of body text; Khmer stacks vowels and subscripts above and below the line. */
  lineHeight: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: {
    nativeName: 'English',
    intl: 'en-GB',
    ogLocale: 'en_GB',
    script: 'Latn',
    fontStack: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    lineHeight: '1.55',
  },
  km: {
    nativeName: 'ខ្មែរ',
    intl: 'km-u-nu-khmr',
    ogLocale: 'km_KH',
    script: 'Khmr',
    fontStack: "'Noto Sans Khmer', 'Khmer OS Siemreap', 'Khmer OS', 'Khmer UI', 'Leelawadee UI', 'Khmer MN', -apple-system, 'Segoe UI', Arial, sans-serif",
    lineHeight: '1.9',
  },
};

export function isLocale(value: unknown, allowed: readonly Locale[]): value is Locale {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

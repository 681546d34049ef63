import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';

/** The list's `language` query parameter: one of the configured locales, or none (blank is none). */
export function languageParam(locales: readonly Locale[]) {
  return z.preprocess((value) => (value === '' ? undefined : value), z.enum(locales as [Locale, ...Locale[]]).optional());
}

interface LanguageChoiceProps {
  /** True when the list shows only the reader's language. */
  only: boolean;
  onlyLabel: string;
  allLabel: string;
  /** The list's address with (`true`) or without the `language` filter. */
  href: (only: boolean) => string;
}

/**
 * "Only in my language" or "all languages", as a plain link (each its own cacheable URL): the
 * list already puts the reader's language first, this hides the rest.
 */
export function LanguageChoice({ only, onlyLabel, allLabel, href }: LanguageChoiceProps) {
  return <p class="language-choice">{only ? <a href={href(false)}>{allLabel}</a> : <a href={href(true)}>{onlyLabel}</a>}</p>;
}
